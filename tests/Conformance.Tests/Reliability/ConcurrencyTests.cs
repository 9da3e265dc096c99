using ClusterScale.Harness;
using Xunit.Abstractions;
using static ClusterScale.Conformance.Tests.Reliability.Declarations;

namespace ClusterScale.Conformance.Tests.Reliability;

/// <summary>
/// Issue 6, concurrency: the engine creates independent resources in parallel. On one cluster the provider must
/// serialize its scale DAGs itself (one maintenance lock per cluster) so no user sees UnderMaintenanceWithDag;
/// different clusters must not wait for each other.
/// </summary>
public sealed class ConcurrencyTests(ITestOutputHelper xunitOutput)
{
    private readonly TeeOutput output = new(xunitOutput, nameof(ConcurrencyTests));

    private const int ParallelNodes = 20;

    [Fact]
    public async Task Twenty_nodes_on_one_cluster_created_and_deleted_in_parallel_all_succeed_one_DAG_at_a_time()
    {
        await using var world = await FastWorld.StartAsync(spareAgents: ParallelNodes, stage: TimeSpan.FromMilliseconds(3));
        var spares = world.Obshell.SpareAgents.ToList();
        var program = spares.Select((agent, i) => Node($"node-{i:00}", agent, $"zone{i % 3 + 1}")).ToList();
        var stack = new EngineStack(world.Client);

        IReadOnlyList<StepOutcome> up, destroy;
        await using (var sampler = new DagSampler(world.Obshell))
        {
            up = await stack.UpAsync(program);
            WorldInvariants.NodesMatch(world.Obshell, program, []);
            destroy = await stack.DestroyAsync();
            await sampler.DisposeAsync();
            output.WriteLine($"{sampler.Samples} samples of the DAG list; at most {sampler.MostRunningOnOneCluster} DAG(s) running at once");
            Assert.Equal(1, sampler.MostRunningOnOneCluster);
        }

        var failures = up.Concat(destroy).Where(o => !o.Succeeded).Select(o => $"{o.Name}: {o.Detail}").ToList();
        Assert.True(failures.Count == 0, string.Join("\n", failures));
        Assert.Equal(ParallelNodes, world.Obshell.Dags.Count(d => d.Name == "Cluster scale out" && d.State == "SUCCEED" && d.Operator != "ROLLBACK"));
        Assert.Equal(ParallelNodes, world.Obshell.Dags.Count(d => d.Name == "Cluster scale in" && d.State == "SUCCEED" && d.Operator != "ROLLBACK"));
        WorldInvariants.NodesMatch(world.Obshell, [], spares);
        WorldInvariants.NoClusterLockHeld(world.Obshell);
        // The provider queued behind its own lock instead of racing the cluster's: no scale call was refused.
        var scaleCalls = world.Obshell.Requests.Where(r => r.Method == "POST" && r.PathAndQuery.Contains("/ob/scale_", StringComparison.Ordinal)).ToList();
        output.WriteLine($"{scaleCalls.Count} scale_out/scale_in calls, statuses: {string.Join(", ", scaleCalls.GroupBy(r => r.Status).Select(g => $"{g.Key}×{g.Count()}"))}");
        Assert.All(scaleCalls, r => Assert.InRange(r.Status, 200, 299));
        Assert.DoesNotContain(world.Engine.Logs, l => l.Message.Contains("UnderMaintenance", StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public async Task Two_clusters_scale_in_parallel_without_waiting_for_each_other()
    {
        var worlds = await Task.WhenAll(FastWorld.StartAsync(3, TimeSpan.FromMilliseconds(20)), FastWorld.StartAsync(3, TimeSpan.FromMilliseconds(20)));
        try
        {
            // Two stacks: their URNs differ (here by name; the engine's also by stack), as the operation journal that
            // all plugins on this machine share requires of any two resources.
            var programs = worlds.Select((w, k) => w.Obshell.SpareAgents.Select((agent, i) => Node($"cluster{k}-node-{i}", agent, $"zone{i + 1}")).ToList()).ToList();
            var stacks = worlds.Select(w => new EngineStack(w.Client)).ToList();
            await using var sampler = new DagSampler(worlds[0].Obshell, worlds[1].Obshell);

            var outcomes = (await Task.WhenAll(stacks.Select((s, i) => s.UpAsync(programs[i])))).SelectMany(o => o).ToList();
            outcomes.AddRange((await Task.WhenAll(stacks.Select(s => s.DestroyAsync()))).SelectMany(o => o));
            await sampler.DisposeAsync();

            Assert.True(outcomes.All(o => o.Succeeded), string.Join("\n", outcomes.Where(o => !o.Succeeded).Select(o => $"{o.Name}: {o.Detail}")));
            output.WriteLine($"{sampler.Samples} samples; both clusters had a DAG running in {sampler.SamplesWithAllClustersBusy} of them");
            Assert.True(sampler.SamplesWithAllClustersBusy > 0, "the two clusters never had DAGs running at the same time: they were serialized");
            Assert.Equal(1, sampler.MostRunningOnOneCluster);
        }
        finally
        {
            foreach (var world in worlds) await world.DisposeAsync();
        }
    }
}
