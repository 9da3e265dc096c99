using Xunit.Abstractions;

namespace ClusterScale.Conformance.Tests.Reliability;

/// <summary>What a fault campaign did and saw, printed at the end so a reader sees the campaign's size.</summary>
internal sealed class CampaignTally
{
    public int Lifecycles { get; set; }
    public int Runs { get; set; }
    public List<string> Failures { get; } = [];
    /// <summary>Failures whose message does not name the node or supernode they are about.</summary>
    public List<string> Unnamed { get; } = [];
    /// <summary>Retries a user needed after a faulty run, by how many: [0] runs that needed none, [1] one retry...</summary>
    public int[] RetriesNeeded { get; } = new int[8];
    public int CreateFailedServersLeft { get; set; }
    /// <summary>Steps that failed because the plugin was killed under them (the engine's own error, not the provider's).</summary>
    public int KilledSteps { get; set; }
    /// <summary>Resources the user had to remove and declare again because an up could not get past CREATE_FAILED servers.</summary>
    public int RemovedAfterCreateFailed { get; set; }
    /// <summary>Resources whose servers the user adopted (<c>adoptServerIds</c>) because the provider's error asked to.</summary>
    public int AdoptionsFollowed { get; set; }
    public int OperatorInstructionsFollowed { get; set; }

    public void Print(ITestOutputHelper output, IReadOnlyDictionary<FaultKind, int> armed, string observed)
    {
        output.WriteLine($"lifecycles: {Lifecycles} (in {Runs} up/destroy runs with faults armed)");
        output.WriteLine($"faults armed: {armed.Values.Sum()} — " + string.Join(", ", armed.Select(a => $"{a.Key} {a.Value}")));
        output.WriteLine($"faults observed by the simulators: {observed}");
        output.WriteLine($"failures surfaced to the user: {Failures.Count} ({Unnamed.Count} not naming their node/supernode)");
        output.WriteLine("retries needed per faulty run: " + string.Join(", ", RetriesNeeded.Select((n, i) => (n, i)).Where(x => x.n > 0).Select(x => $"{x.i} retr{(x.i == 1 ? "y" : "ies")}: {x.n}")));
        output.WriteLine($"resources removed and declared again to get past CREATE_FAILED servers (up alone never converges): {RemovedAfterCreateFailed}");
        output.WriteLine($"adoptions the user made because an error asked (adoptServerIds): {AdoptionsFollowed}");
        output.WriteLine($"FAILED DAGs of its own the user retried because an error asked: {OperatorInstructionsFollowed}");
        output.WriteLine($"CREATE_FAILED servers left in converged supernodes (counted as sub-nodes): {CreateFailedServersLeft}");
        foreach (var message in Failures.Distinct().Take(40)) output.WriteLine("  failure: " + message);
    }
}
