using Xunit.Abstractions;

namespace ClusterScale.Conformance.Tests.Reliability;

/// <summary>What a fault campaign did and saw, printed at the end so a reader sees the campaign's size.</summary>
internal sealed class CampaignTally
{
    public int Lifecycles { get; set; }
    public int Runs { get; set; }
    public List<string> Failures { get; } = [];
    /// <summary>Retries a user needed after a faulty run, by how many: [0] runs that needed none, [1] one retry...</summary>
    public int[] RetriesNeeded { get; } = new int[8];
    public int CreateFailedServersLeft { get; set; }

    public void Print(ITestOutputHelper output, IReadOnlyDictionary<FaultKind, int> armed, string observed)
    {
        output.WriteLine($"lifecycles: {Lifecycles} (in {Runs} up/destroy runs with faults armed)");
        output.WriteLine($"faults armed: {armed.Values.Sum()} — " + string.Join(", ", armed.Select(a => $"{a.Key} {a.Value}")));
        output.WriteLine($"faults observed by the simulators: {observed}");
        output.WriteLine($"failures surfaced to the user: {Failures.Count}");
        output.WriteLine("retries needed per faulty run: " + string.Join(", ", RetriesNeeded.Select((n, i) => (n, i)).Where(x => x.n > 0).Select(x => $"{x.i} retr{(x.i == 1 ? "y" : "ies")}: {x.n}")));
        output.WriteLine($"CREATE_FAILED servers left in converged supernodes (counted as sub-nodes): {CreateFailedServersLeft}");
        foreach (var message in Failures.Distinct().Take(40)) output.WriteLine("  failure: " + message);
    }
}
