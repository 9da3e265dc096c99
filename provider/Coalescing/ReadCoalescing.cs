namespace ClusterScale.Provider.Coalescing;

/// <summary>
/// Whether concurrent reads of the same remote state share one request. On by default; the environment variable
/// <c>CLUSTERSCALE_READ_COALESCING=off</c> turns it off, which exists so the bench can measure the same refresh
/// without it (and as an escape hatch should sharing ever be suspected).
/// </summary>
public static class ReadCoalescing
{
    public const string EnvironmentVariable = "CLUSTERSCALE_READ_COALESCING";

    public static bool Enabled(Func<string, string?> environment) =>
        !string.Equals(environment(EnvironmentVariable)?.Trim(), "off", StringComparison.OrdinalIgnoreCase);

    public static bool FromEnvironment => Enabled(Environment.GetEnvironmentVariable);
}
