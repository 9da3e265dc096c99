namespace Pulumi.ClusterScale.Sdk.Tests;

/// <summary>Sets environment variables for a scope and restores what was there before.</summary>
internal sealed class EnvironmentVariables : IDisposable
{
    private readonly Dictionary<string, string?> _previous;

    private EnvironmentVariables(IReadOnlyDictionary<string, string?> values)
    {
        _previous = values.Keys.ToDictionary(name => name, Environment.GetEnvironmentVariable);
        foreach ((string name, string? value) in values)
        {
            Environment.SetEnvironmentVariable(name, value);
        }
    }

    public static EnvironmentVariables Set(string name, string? value) => new(new Dictionary<string, string?> { [name] = value });

    public static EnvironmentVariables Set(IReadOnlyDictionary<string, string?> values) => new(values);

    public static EnvironmentVariables Cleared(IEnumerable<string> names) =>
        new(names.Distinct().ToDictionary(name => name, string? (_) => null));

    public void Dispose()
    {
        foreach ((string name, string? value) in _previous)
        {
            Environment.SetEnvironmentVariable(name, value);
        }
    }
}
