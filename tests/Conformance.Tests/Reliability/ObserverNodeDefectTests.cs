using ClusterScale.Harness;
using static ClusterScale.Conformance.Tests.Reliability.Declarations;

namespace ClusterScale.Conformance.Tests.Reliability;

/// <summary>
/// Defects the fault campaign found in ObserverNode, kept as regression tests, each run alone against the real plugin.
/// </summary>
public sealed class ObserverNodeDefectTests
{
    /// <summary>The general case (seen in the long campaign, seed 819361075): any scale-in DAG left FAILED by its own
    /// Delete is never taken up again; failing after 'Delete agent' is the deterministic way to get there. The destroy
    /// retries such a DAG forward once itself; here the retry fails too, so the next destroy must finish it.</summary>
    [Fact]
    public async Task A_scale_in_failing_after_the_agent_was_deleted_is_finished_by_the_next_destroy()
    {
        await using var world = await FastWorld.StartAsync(spareAgents: 1);
        var stack = new EngineStack(world.Client);
        Assert.All(await stack.UpAsync([Node("node", world.Obshell.SpareAgents[0], "zone1")]), o => Assert.True(o.Succeeded, o.Detail));
        world.Obshell.Faults.FailDagAtNode(5, dags: 2);

        Assert.False((await stack.DestroyAsync()).Single().Succeeded);
        var retry = (await stack.DestroyAsync()).Single();

        Assert.True(retry.Succeeded, retry.Detail);
        WorldInvariants.NoClusterLockHeld(world.Obshell);
    }

    [Fact]
    public async Task A_node_blocked_by_another_failed_DAG_is_named_in_the_error()
    {
        await using var world = await FastWorld.StartAsync(spareAgents: 2);
        var (first, second) = (world.Obshell.SpareAgents[0], world.Obshell.SpareAgents[1]);
        world.Obshell.Faults.FailDagAtNode(3);
        var failed = await new EngineStack(world.Client).UpAsync([Node("left", first, "zone1", failurePolicy: "leave")]);
        Assert.False(failed.Single().Succeeded);

        var blocked = (await new EngineStack(world.Client).UpAsync([Node("blocked", second, "zone1")])).Single();

        Assert.False(blocked.Succeeded);
        Assert.Contains(second, blocked.Detail, StringComparison.Ordinal);
    }
}
