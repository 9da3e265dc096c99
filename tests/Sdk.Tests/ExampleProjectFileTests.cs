using System.Text.Json;

namespace Pulumi.ClusterScale.Sdk.Tests;

/// <summary>
/// The Pulumi.yaml files of the examples are not compiled, so a renamed property would only fail at deployment:
/// every resource type and property the YAML programs use must be in the schema, every required input present, and
/// every program must point the engine at the plugin that `make plugin` builds.
/// </summary>
public sealed class ExampleProjectFileTests
{
    private static readonly string RepositoryRoot = FindRepositoryRoot();

    public static TheoryData<string> ProjectFiles() =>
        new(Directory.GetFiles(Path.Combine(RepositoryRoot, "examples"), "Pulumi.yaml", SearchOption.AllDirectories)
            .Select(path => Path.GetRelativePath(RepositoryRoot, path))
            // The TypeScript example's installed packages are not example programs.
            .Where(path => !path.Split(Path.DirectorySeparatorChar).Contains("node_modules")));

    [Theory]
    [MemberData(nameof(ProjectFiles))]
    public void The_program_points_the_engine_at_the_locally_built_plugin(string projectFile)
    {
        List<YamlLine> lines = YamlLine.Parse(File.ReadAllText(Path.Combine(RepositoryRoot, projectFile)));

        YamlLine path = Assert.Single(lines, l => l.Key == "path");
        string resolved = Path.GetFullPath(Path.Combine(RepositoryRoot, Path.GetDirectoryName(projectFile)!, path.Value));
        Assert.Equal(Path.Combine(RepositoryRoot, "artifacts", "plugin"), resolved);
        Assert.Contains(lines, l => l is { Indent: 6, Key: "name", Value: "clusterscale" } or { Indent: 4, Key: "-", Value: "name: clusterscale" });
    }

    [Theory]
    [MemberData(nameof(ProjectFiles))]
    public void Every_resource_type_and_property_of_a_yaml_program_is_in_the_schema(string projectFile)
    {
        List<YamlLine> lines = YamlLine.Parse(File.ReadAllText(Path.Combine(RepositoryRoot, projectFile)));
        if (!lines.Exists(l => l is { Indent: 0, Key: "runtime", Value: "yaml" }))
        {
            return; // a C# program: compiled against the SDK, which SdkMatchesSchemaTests holds to the schema
        }
        JsonElement schema = SdkMatchesSchemaTests.LoadSchema();
        var problems = new List<string>();
        foreach (YamlResource resource in YamlResource.Read(lines))
        {
            JsonElement? spec = resource.Type == "pulumi:providers:clusterscale" ? schema.GetProperty("provider")
                : schema.GetProperty("resources").TryGetProperty(resource.Type, out JsonElement found) ? found : null;
            if (spec is null)
            {
                problems.Add($"{resource.Name}: type {resource.Type} is not in the schema");
                continue;
            }
            JsonElement inputs = spec.Value.GetProperty("inputProperties");
            foreach ((string property, List<string> nestedKeys) in resource.Properties)
            {
                if (!inputs.TryGetProperty(property, out JsonElement input))
                {
                    problems.Add($"{resource.Name}: {resource.Type} has no input '{property}'");
                }
                else if (input.TryGetProperty("$ref", out JsonElement reference))
                {
                    JsonElement type = schema.GetProperty("types").GetProperty(reference.GetString()!.Replace("#/types/", ""));
                    problems.AddRange(nestedKeys.Where(k => !type.GetProperty("properties").TryGetProperty(k, out _))
                        .Select(k => $"{resource.Name}: {property} has no property '{k}'"));
                }
            }
            if (spec.Value.TryGetProperty("requiredInputs", out JsonElement required))
            {
                problems.AddRange(required.EnumerateArray().Select(r => r.GetString()!)
                    .Where(r => !resource.Properties.ContainsKey(r))
                    .Select(r => $"{resource.Name}: required input '{r}' is missing"));
            }
        }
        Assert.True(problems.Count == 0, $"{projectFile}:\n  " + string.Join("\n  ", problems));
    }

    internal static string FindRepositoryRoot()
    {
        for (DirectoryInfo? directory = new(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Provider.sln")))
            {
                return directory.FullName;
            }
        }
        throw new InvalidOperationException($"no Provider.sln above {AppContext.BaseDirectory}");
    }

    /// <summary>One line of the block-style YAML the examples use: its indentation, key (or "-") and value.</summary>
    private sealed record YamlLine(int Indent, string Key, string Value)
    {
        public static List<YamlLine> Parse(string text) =>
            text.Split('\n')
                .Where(line => line.Trim().Length > 0 && !line.TrimStart().StartsWith('#'))
                .Select(line =>
                {
                    string trimmed = line.Trim();
                    int indent = line.Length - line.TrimStart().Length;
                    if (trimmed.StartsWith("- ") || trimmed == "-")
                    {
                        return new YamlLine(indent, "-", trimmed.Length > 2 ? trimmed[2..] : "");
                    }
                    int colon = trimmed.IndexOf(':');
                    return colon < 0 ? new YamlLine(indent, trimmed, "") : new YamlLine(indent, trimmed[..colon], trimmed[(colon + 1)..].Trim());
                })
                .ToList();
    }

    /// <summary>A resource of a YAML program: its type and its properties, each with the keys nested directly in it.</summary>
    private sealed record YamlResource(string Name, string Type, Dictionary<string, List<string>> Properties)
    {
        // Layout: resources: (0) / name: (2) / type:, properties: (4) / property (6) / nested key (8).
        public static IEnumerable<YamlResource> Read(List<YamlLine> lines)
        {
            int start = lines.FindIndex(l => l is { Indent: 0, Key: "resources" });
            YamlResource? current = null;
            bool inProperties = false;
            string? property = null;
            foreach (YamlLine line in lines.Skip(start + 1).TakeWhile(l => l.Indent > 0))
            {
                switch (line.Indent)
                {
                    case 2:
                        if (current is not null)
                        {
                            yield return current;
                        }
                        current = new YamlResource(line.Key, "", []);
                        break;
                    case 4:
                        inProperties = line.Key == "properties";
                        if (line.Key == "type")
                        {
                            current = current! with { Type = line.Value };
                        }
                        break;
                    case 6 when inProperties:
                        property = line.Key;
                        current!.Properties[property] = [];
                        break;
                    case 8 when inProperties && line.Key != "-" && !line.Key.StartsWith("fn::"):
                        current!.Properties[property!].Add(line.Key);
                        break;
                }
            }
            if (current is not null)
            {
                yield return current;
            }
        }
    }
}
