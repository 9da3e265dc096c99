using ClusterScale.Harness;
using Xunit.Abstractions;
using static ClusterScale.Conformance.Tests.Reliability.Declarations;

namespace ClusterScale.Conformance.Tests.Reliability;

/// <summary>
/// Issue 6, fault campaign: lifecycles (declare, up, maybe update, destroy) of ObserverNodes and SupernodeScales
/// through the real plugin while seeded random faults hit both simulators. The user retries a failed run in a calm
/// world until it converges; after each converged run the simulators must show exactly what was declared, with no
/// cluster lock held, and every failure the user saw must name its node or supernode.
/// </summary>
public sealed class FaultCampaignTests(ITestOutputHelper xunitOutput)
{
    private readonly TeeOutput output = new(xunitOutput, nameof(FaultCampaignTests));

    /// <summary>A faulty run is retried by the user; more than this many calm retries means the provider is stuck.</summary>
    private const int MaxRetries = 3;
    private const int NodesPerRound = 4;
    private const int SupernodesPerRound = 13;
    /// <summary>Known defect (reported; strict form in ObserverNodeDefectTests): a node that finds another node's
    /// FAILED DAG holding the lock fails with this message, which does not name the node. Counted and printed.</summary>
    private const string KnownUnnamedLockMessage = "the cluster is locked by DAG";

    [Fact]
    public async Task Lifecycles_under_random_faults_converge_lose_nothing_and_explain_every_failure()
    {
        var random = ReliabilityRun.Seeded(output, nameof(FaultCampaignTests));
        var rounds = ReliabilityRun.Count(12, 60);
        await using var world = await FastWorld.StartAsync(spareAgents: NodesPerRound);
        var spares = world.Obshell.SpareAgents.ToList();
        var supernodes = Enumerable.Range(0, SupernodesPerRound).Select(i => i == 0 ? world.SupernodeId : world.ModelArts.CreateSupernode(FastWorld.Small)).ToList();
        var originalServers = supernodes.ToDictionary(id => id, id => world.ModelArts.GetSupernode(id).Servers.Select(s => s.Id).Order().ToList());
        var injector = new FaultInjector(world, random);
        var tally = new CampaignTally();

        try
        {
            await RunRoundsAsync(world, rounds, spares, supernodes, originalServers, injector, tally, random);
        }
        finally
        {
            // Printed even when an invariant failed, with the seed above, so the run can be replayed and judged.
            tally.Print(output, injector.Armed, Observed(world) + $"; agent restarts repeated because the port was taken: {injector.Rebinds}");
        }
        Assert.True(tally.Lifecycles >= ReliabilityRun.Count(200, 1000), $"only {tally.Lifecycles} lifecycles ran");
        Assert.NotEmpty(tally.Failures);
        Assert.True(tally.Unnamed.Count == 0, $"{tally.Unnamed.Count} failure message(s) do not name their node or supernode:\n" + string.Join("\n", tally.Unnamed.Distinct()));
    }

    private static async Task RunRoundsAsync(SimulatedWorld world, int rounds, IReadOnlyList<string> spares, IReadOnlyList<string> supernodes,
        Dictionary<string, List<string>> originalServers, FaultInjector injector, CampaignTally tally, Random random)
    {
        for (var round = 0; round < rounds; round++)
        {
            var stack = new EngineStack(world.Client);
            var program = spares.Select((agent, i) => Node($"node-{i}", agent, $"zone{random.Next(1, 4)}", random.Next(2) == 0, random.Next(4) == 0 ? "leave" : "rollback"))
                .Concat(supernodes.Select((id, i) => Supernode($"gpu-{i}", id, random.Next(2) == 0 ? FastWorld.Medium : FastWorld.Large)))
                .ToList();
            await RunAsUserAsync(stack, program, injector, tally);
            AssertConverged(world, supernodes, program, [], tally);

            if (random.Next(2) == 0)
            {
                program = program.Select(d => d.Type == ObserverNode
                        ? d with { Inputs = d.Inputs.With("forceKill", Props.Value(!d.Inputs["forceKill"].BoolValue)) }
                        : Supernode(d.Name, Subject(d), UpdatedFlavor(Flavor(d), random)))
                    .ToList();
                await RunAsUserAsync(stack, program, injector, tally);
                AssertConverged(world, supernodes, program, [], tally);
            }

            await RunAsUserAsync(stack, null, injector, tally, declared: program);
            AssertConverged(world, supernodes, [], spares, tally);
            Assert.Empty(stack.Resources);
            foreach (var (id, servers) in originalServers)
                Assert.Equal(servers, world.ModelArts.GetSupernode(id).Servers.Select(s => s.Id).Order().ToList());
            tally.Lifecycles += program.Count;
        }
    }

    /// <summary>
    /// One run (up of <paramref name="program"/>, or destroy when it is null) with faults armed, then calm retries
    /// until every resource succeeded; every failure seen on the way must be explained (non-empty, naming its node or
    /// supernode). A scale that ended with CREATE_FAILED servers fails the same way on every up (by design the
    /// servers are kept in state for destroy to remove), so after one plain retry the user does what the message
    /// says: removes that resource (up without it), then declares it again.
    /// </summary>
    private static async Task RunAsUserAsync(EngineStack stack, IReadOnlyList<Declared>? program, FaultInjector injector, CampaignTally tally, IReadOnlyList<Declared>? declared = null)
    {
        declared ??= program!;
        Task<IReadOnlyList<StepOutcome>> Run() => program is null ? stack.DestroyAsync() : stack.UpAsync(program);
        tally.Runs++;
        injector.ArmRandomFaults(removing: program is null);
        var outcomes = await Run();
        await injector.SettleAsync();
        var retries = 0;
        while (true)
        {
            var failed = outcomes.Where(o => !o.Succeeded).ToList();
            foreach (var failure in failed)
            {
                var subject = Subject(declared.Single(d => d.Name == failure.Name));
                tally.Failures.Add($"{failure.Name}: {failure.Detail}");
                Assert.False(string.IsNullOrWhiteSpace(failure.Detail), $"the failure of {failure.Name} has no message");
                if (failure.Detail.Contains(subject, StringComparison.Ordinal)) continue;
                if (failure.Detail.Contains(KnownUnnamedLockMessage, StringComparison.Ordinal)) tally.UnnamedLockMessages++;
                else tally.Unnamed.Add($"{failure.Name} ({subject}): {failure.Detail}");
            }
            if (failed.Count == 0) break;
            Assert.True(++retries <= MaxRetries,
                $"still failing after {MaxRetries} calm retries: " + string.Join("; ", failed.Select(f => $"{f.Name}: {f.Detail}")));
            var createFailed = failed.Where(f => f.Detail.Contains("CREATE_FAILED", StringComparison.Ordinal)).Select(f => f.Name).ToHashSet();
            if (program is not null && retries > 1 && createFailed.Count > 0)
            {
                tally.RemovedAfterCreateFailed += createFailed.Count;
                var removal = await stack.UpAsync(program.Where(d => !createFailed.Contains(d.Name)));
                Assert.True(removal.All(o => o.Succeeded), "removing the resources with CREATE_FAILED servers failed: " + string.Join("; ", removal.Where(o => !o.Succeeded).Select(o => o.Detail)));
            }
            outcomes = await Run();
        }
        tally.RetriesNeeded[retries]++;
    }

    /// <summary>A flavor change SupernodeScale supports in place: up to a larger flavor, or back to the flavor the
    /// supernode had before it (Large -> Medium would need a flavor it never scaled through: a documented replace).</summary>
    private static string UpdatedFlavor(string current, Random random) => current == FastWorld.Medium
        ? (random.Next(2) == 0 ? FastWorld.Large : FastWorld.Small)
        : FastWorld.Small;

    private static void AssertConverged(SimulatedWorld world, IReadOnlyList<string> supernodes, IReadOnlyList<Declared> declared, IReadOnlyList<string> removedAgents, CampaignTally tally)
    {
        WorldInvariants.NoClusterLockHeld(world.Obshell);
        WorldInvariants.NodesMatch(world.Obshell, declared, removedAgents);
        var declaredFlavors = declared.Where(d => d.Type == SupernodeScale).ToDictionary(Subject, Flavor);
        var expected = supernodes.ToDictionary(id => id, id => declaredFlavors.GetValueOrDefault(id));
        tally.CreateFailedServersLeft += WorldInvariants.SupernodesMatch(world, expected, FastWorld.Small);
    }

    private static string Observed(SimulatedWorld world)
    {
        var obshell = world.Obshell.Requests;
        var modelArts = world.ModelArts.Requests;
        return $"obshell {obshell.Count} requests ({obshell.Count(r => r.Status == 0)} reset, {obshell.Count(r => r.Status >= 500)} 5xx), " +
            $"{world.Obshell.Dags.Count} DAGs ({world.Obshell.Dags.Count(d => d.Operator == "ROLLBACK")} rolled back); " +
            $"ModelArts {modelArts.Count} requests ({modelArts.Count(r => r.Status == 429)} throttled, {modelArts.Count(r => r.Status >= 500)} 5xx)";
    }
}
