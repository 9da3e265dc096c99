namespace ClusterScale.Harness.Verbs;

/// <summary>
/// One harness command (<c>schema</c>, <c>demo</c>, <c>bench</c>). Program finds every implementation in this
/// assembly, so a new verb is one new file and nobody edits the dispatcher. Implementations need a public
/// parameterless constructor.
/// </summary>
public interface IVerb
{
    string Name { get; }

    /// <summary>One line for the usage text, e.g. <c>schema --plugin &lt;path&gt; --out &lt;file&gt;</c>.</summary>
    string Usage { get; }

    Task<int> RunAsync(VerbArgs args);
}
