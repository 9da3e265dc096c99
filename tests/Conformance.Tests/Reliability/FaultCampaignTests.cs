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
public sealed class FaultCampaignTests(ITestOutputHelper output)
{
    /// <summary>A faulty run is retried by the user; more than this many calm retries means the provider is stuck.</summary>
    private const int MaxRetries = 3;
    private const int NodesPerRound = 4;
    private const int SupernodesPerRound = 13;
    private static readonly string[] Flavors = [FastWorld.Small, FastWorld.Medium, FastWorld.Large];

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

        for (var round = 0; round < rounds; round++)
        {
            var stack = new EngineStack(world.Client);
            var program = spares.Select((agent, i) => Node($"node-{i}", agent, $"zone{random.Next(1, 4)}", random.Next(2) == 0, random.Next(4) == 0 ? "leave" : "rollback"))
                .Concat(supernodes.Select((id, i) => Supernode($"gpu-{i}", id, random.Next(2) == 0 ? FastWorld.Medium : FastWorld.Large)))
                .ToList();
            await RunAsUserAsync(() => stack.UpAsync(program), program, injector, tally);
            AssertConverged(world, supernodes, program, [], tally);

            if (random.Next(2) == 0)
            {
                program = program.Select(d => d.Type == ObserverNode
                        ? d with { Inputs = d.Inputs.With("forceKill", Props.Value(!d.Inputs["forceKill"].BoolValue)) }
                        : Supernode(d.Name, Subject(d), Flavors[random.Next(Flavors.Length)]))
                    .ToList();
                await RunAsUserAsync(() => stack.UpAsync(program), program, injector, tally);
                AssertConverged(world, supernodes, program, [], tally);
            }

            await RunAsUserAsync(() => stack.DestroyAsync(), program, injector, tally);
            AssertConverged(world, supernodes, [], spares, tally);
            Assert.Empty(stack.Resources);
            foreach (var (id, servers) in originalServers)
                Assert.Equal(servers, world.ModelArts.GetSupernode(id).Servers.Select(s => s.Id).Order().ToList());
            tally.Lifecycles += program.Count;
        }

        tally.Print(output, injector.Armed, Observed(world));
        Assert.True(tally.Lifecycles >= ReliabilityRun.Count(200, 1000), $"only {tally.Lifecycles} lifecycles ran");
        Assert.NotEmpty(tally.Failures);
    }

    /// <summary>One run with faults armed, then calm retries until every resource succeeded; every failure seen on
    /// the way must be explained (non-empty, naming its node or supernode).</summary>
    private static async Task RunAsUserAsync(Func<Task<IReadOnlyList<StepOutcome>>> run, IReadOnlyList<Declared> program, FaultInjector injector, CampaignTally tally)
    {
        tally.Runs++;
        injector.ArmRandomFaults();
        var outcomes = await run();
        await injector.SettleAsync();
        var retries = 0;
        while (true)
        {
            var failed = outcomes.Where(o => !o.Succeeded).ToList();
            foreach (var failure in failed)
            {
                var subject = Subject(program.Single(d => d.Name == failure.Name));
                tally.Failures.Add($"{failure.Name}: {failure.Detail}");
                Assert.True(failure.Detail.Contains(subject, StringComparison.Ordinal),
                    $"the failure of {failure.Name} does not name {subject}: '{failure.Detail}'");
            }
            if (failed.Count == 0) break;
            Assert.True(++retries <= MaxRetries,
                $"still failing after {MaxRetries} calm retries: " + string.Join("; ", failed.Select(f => $"{f.Name}: {f.Detail}")));
            outcomes = await run();
        }
        tally.RetriesNeeded[retries]++;
    }

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
