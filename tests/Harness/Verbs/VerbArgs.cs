namespace ClusterScale.Harness.Verbs;

/// <summary>A verb's <c>--name value</c> options and <c>--flag</c> switches.</summary>
public sealed class VerbArgs(IReadOnlyList<string> args)
{
    public string? Option(string name)
    {
        var index = args.ToList().IndexOf(name);
        return index >= 0 && index + 1 < args.Count ? args[index + 1] : null;
    }

    public string Required(string name) => Option(name) ?? throw new UsageException($"{name} <value> is required");

    public bool Flag(string name) => args.Contains(name);
}

/// <summary>The command line is wrong: Program prints the message and the usage, and exits 2.</summary>
public sealed class UsageException(string message) : Exception(message);
