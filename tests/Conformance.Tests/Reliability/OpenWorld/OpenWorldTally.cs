namespace ClusterScale.Conformance.Tests.Reliability.OpenWorld;

/// <summary>What the open-world campaign did, counted across rounds and both stacks (thread-safe: the stacks run
/// concurrently).</summary>
internal sealed class OpenWorldTally
{
    private readonly object _gate = new();

    public int Lifecycles { get; private set; }
    public int Runs { get; private set; }
    public int FreshRunners { get; private set; }
    public int DiskFills { get; private set; }
    public int CliDeaths { get; private set; }
    public SortedDictionary<string, int> UserActions { get; } = new(StringComparer.Ordinal);
    public HashSet<string> Asks { get; } = new(StringComparer.Ordinal);
    /// <summary>Runs the user could not bring to success in the retries they give it, with the last messages: not an
    /// invariant of the line, but what a user is left with; printed for the providers' authors.</summary>
    public List<string> Stuck { get; } = [];
    public List<string> Failures { get; } = [];

    public int UserActionCount
    {
        get { lock (_gate) return UserActions.Values.Sum(); }
    }

    public void Add(Action<OpenWorldTally> change)
    {
        lock (_gate) change(this);
    }

    public void Lifecycle(int resources) => Add(t => t.Lifecycles += resources);
    public void Run() => Add(t => t.Runs++);
    public void FreshRunner() => Add(t => t.FreshRunners++);
    public void DiskFill() => Add(t => t.DiskFills++);
    public void CliDeath() => Add(t => t.CliDeaths++);
    public void UserAction(string kind) => Add(t => t.UserActions[kind] = t.UserActions.GetValueOrDefault(kind) + 1);
    public void Ask(string text) => Add(t => t.Asks.Add(text));
    public void StuckRun(string what) => Add(t => t.Stuck.Add(what));
    /// <summary>The slowest runs (what the budget goes to).</summary>
    public List<(TimeSpan Took, string What)> Slowest { get; } = [];

    public void RunTook(TimeSpan took, string what) => Add(t =>
    {
        t.Slowest.Add((took, what));
        t.Slowest.Sort((a, b) => b.Took.CompareTo(a.Took));
        if (t.Slowest.Count > 12) t.Slowest.RemoveAt(t.Slowest.Count - 1);
    });

    public void Failure(string what) => Add(t => { if (t.Failures.Count < 400) t.Failures.Add(what); });
}
