namespace ClusterScale.Harness.Verbs;

/// <summary>
/// <c>schema --plugin &lt;path&gt; --out sdk/schema.json</c>: asks the built plugin for its schema over gRPC, as
/// <c>pulumi package get-schema</c> does, and writes it verbatim, so the checked-in file is exactly what the binary
/// serves (a conformance test compares the two).
/// </summary>
public sealed class SchemaVerb : IVerb
{
    public string Name => "schema";
    public string Usage => "schema [--plugin <path>] --out <file>    write the plugin's package schema";

    public async Task<int> RunAsync(VerbArgs args)
    {
        var output = args.Required("--out");
        var schema = await FetchAsync(args.Option("--plugin"));
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(output))!);
        await File.WriteAllTextAsync(output, ToFileText(schema));
        await Console.Out.WriteLineAsync($"wrote {output}");
        return 0;
    }

    /// <summary>Launches the plugin as the engine would and returns the schema it serves.</summary>
    public static async Task<string> FetchAsync(string? pluginPath)
    {
        await using var engine = await TestEngine.StartAsync();
        await using var plugin = await PluginProcess.StartAsync(new PluginLaunch(engine.Address, PluginPath: pluginPath));
        return await plugin.Client.GetSchemaAsync();
    }

    /// <summary>The file form: the served JSON plus a final newline.</summary>
    public static string ToFileText(string schema) => schema + "\n";
}
