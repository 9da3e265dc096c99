namespace ClusterScale.Harness;

/// <summary>Where the repository and the built plugin are, from wherever a test or the harness runs.</summary>
public static class RepoPaths
{
    public const string PluginEnvironmentVariable = "CLUSTERSCALE_PLUGIN";
    public const string PluginBinaryName = "pulumi-resource-clusterscale";

    /// <summary>The directory holding Provider.sln, found by walking up from the running assembly.</summary>
    public static string Root
    {
        get
        {
            for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
                if (File.Exists(Path.Combine(dir.FullName, "Provider.sln"))) return dir.FullName;
            throw new InvalidOperationException($"no Provider.sln above {AppContext.BaseDirectory}");
        }
    }

    /// <summary>The plugin binary: <paramref name="explicitPath"/>, else $CLUSTERSCALE_PLUGIN, else the one
    /// <c>make plugin</c> publishes. A directory means the binary inside it.</summary>
    public static string Plugin(string? explicitPath = null)
    {
        var path = explicitPath ?? Environment.GetEnvironmentVariable(PluginEnvironmentVariable)
            ?? Path.Combine(Root, "artifacts", "plugin", PluginBinaryName);
        if (Directory.Exists(path)) path = Path.Combine(path, PluginBinaryName);
        return File.Exists(path) ? Path.GetFullPath(path)
            : throw new FileNotFoundException($"the plugin binary {path} does not exist: run `make plugin` (or set {PluginEnvironmentVariable})", path);
    }
}
