using ClusterScale.Harness;
using Xunit.Abstractions;
using static ClusterScale.Conformance.Tests.Reliability.Declarations;
using static ClusterScale.Conformance.Tests.Reliability.Outcomes;

namespace ClusterScale.Conformance.Tests.Reliability;

/// <summary>
/// Issue 6, crash-resume: the plugin is killed -9 while it waits for a scale-out/scale-in DAG or a supernode scale,
/// at a random point, and a new plugin runs the lifecycle again with exactly the state the engine would hold: none
/// for a create that never returned, the old state for a delete that never returned.
/// </summary>
public sealed class CrashResumeTests(ITestOutputHelper xunitOutput)
{
    private readonly TeeOutput output = new(xunitOutput, nameof(CrashResumeTests));

    private const string ScaleOutDag = "Cluster scale out";
    private const string ScaleInDag = "Cluster scale in";
    private static readonly TimeSpan Stage = TimeSpan.FromMilliseconds(30);

    [Fact]
    public async Task A_node_whose_plugin_died_mid_create_or_mid_delete_is_added_once_and_removed_once()
    {
        var random = ReliabilityRun.Seeded(output, nameof(A_node_whose_plugin_died_mid_create_or_mid_delete_is_added_once_and_removed_once));
        var trials = ReliabilityRun.Count(3, 15);
        await using var world = await FastWorld.StartAsync(spareAgents: trials, stage: Stage);
        await using var plugin = new CrashablePlugin(world);
        var spares = world.Obshell.SpareAgents.ToList();

        for (var trial = 0; trial < trials; trial++)
        {
            var program = new[] { Node($"node-{trial}", spares[trial], "zone1") };
            var agent = spares[trial];

            var interrupted = new EngineStack(plugin.Current.Client);
            var up = interrupted.UpAsync(program);
            await KillWhileRunningAsync(world, plugin, ScaleOutDag, random);
            Assert.False((await up).Single().Succeeded, "the create returned before the kill: no interruption was tested");
            Assert.Empty(interrupted.Resources);

            var resumed = new EngineStack(await plugin.RestartAsync());
            AssertAllSucceeded(await resumed.UpAsync(program));
            Assert.Equal(trial + 1, world.Obshell.Dags.Count(d => d.Name == ScaleOutDag));
            Assert.Equal(trial + 1, SuccessfulPosts(world, "/api/v1/ob/scale_out"));
            WorldInvariants.NodesMatch(world.Obshell, program, []);
            WorldInvariants.NoClusterLockHeld(world.Obshell);

            var destroy = resumed.DestroyAsync();
            await KillWhileRunningAsync(world, plugin, ScaleInDag, random);
            Assert.False((await destroy).Single().Succeeded, "the delete returned before the kill: no interruption was tested");
            var held = resumed.Resources[program[0].Name];

            var client = await plugin.RestartAsync();
            await client.DeleteAsync(held.Id, Urns.For(ObserverNode, program[0].Name), held.Outputs, held.Inputs);
            Assert.Equal(trial + 1, world.Obshell.Dags.Count(d => d.Name == ScaleInDag));
            WorldInvariants.NodesMatch(world.Obshell, [], [agent]);
            WorldInvariants.NoClusterLockHeld(world.Obshell);
        }
        output.WriteLine($"{trials} nodes, {plugin.Kills} kills -9 (mid scale-out and mid scale-in): each node added by one DAG and removed by one");
    }

    /// <summary>
    /// A delete killed mid scale-down: the engine still holds the state, the next destroy calls Delete again and must
    /// remove exactly the servers the resource added, once, leaving the supernode's original servers — the first time.
    /// </summary>
    [Fact]
    public async Task A_supernode_scale_whose_plugin_died_mid_delete_is_removed_by_the_next_destroy()
    {
        var random = ReliabilityRun.Seeded(output, nameof(A_supernode_scale_whose_plugin_died_mid_delete_is_removed_by_the_next_destroy));
        var trials = ReliabilityRun.Count(2, 10);
        // Removal outlasts a plugin restart, so the second Delete arrives while the servers are still DELETING.
        await using var world = await FastWorld.StartAsync(spareAgents: 0, serverTransition: TimeSpan.FromSeconds(2));
        await using var plugin = new CrashablePlugin(world);
        var original = world.ModelArts.GetSupernode(world.SupernodeId).Servers.Select(s => s.Id).Order().ToList();

        for (var trial = 0; trial < trials; trial++)
        {
            var program = new[] { Supernode("gpu", world.SupernodeId, FastWorld.Medium) };
            var stack = new EngineStack(plugin.Current.Client);
            AssertAllSucceeded(await stack.UpAsync(program));
            Assert.Equal(FastWorld.ServersOf(FastWorld.Medium), world.ModelArts.GetSupernode(world.SupernodeId).Servers.Count);

            var destroy = stack.DestroyAsync();
            await Eventually.TrueAsync(() => world.ModelArts.GetSupernode(world.SupernodeId).Servers.Any(s => s.Status == "DELETING"), "servers DELETING");
            await Task.Delay(random.Next(0, 500));
            await plugin.KillAsync();
            Assert.False((await destroy).Single().Succeeded, "the delete returned before the kill: no interruption was tested");
            var held = stack.Resources["gpu"];

            // The first destroy after the crash awaits the removal in flight (the supernode is PROVISIONING) and
            // neither fails nor asks for the removal twice.
            var client = await plugin.RestartAsync();
            await client.DeleteAsync(held.Id, Urns.For(SupernodeScale, "gpu"), held.Outputs, held.Inputs);
            Assert.Equal(original, world.ModelArts.GetSupernode(world.SupernodeId).Servers.Select(s => s.Id).Order().ToList());
        }
        var scaleDowns = world.ModelArts.Requests.Count(r => r.Method == "POST" && r.PathAndQuery.EndsWith("/live-scale-down", StringComparison.Ordinal) && r.Status < 300);
        output.WriteLine($"{trials} deletes killed -9 mid scale-down; accepted live-scale-down calls: {scaleDowns}");
        Assert.Equal(trials, scaleDowns);
    }

    /// <summary>
    /// A create killed at a random point after live-scale-up was accepted: the engine has no state, only the plugin's
    /// operation journal knows which servers existed before. The next up continues that scale-up (never a second one)
    /// and owns exactly the servers it added, so destroy restores the supernode.
    /// </summary>
    [Fact]
    public async Task A_supernode_scale_whose_plugin_died_mid_create_is_continued_by_the_next_up_and_never_scaled_twice()
    {
        var random = ReliabilityRun.Seeded(output, nameof(A_supernode_scale_whose_plugin_died_mid_create_is_continued_by_the_next_up_and_never_scaled_twice));
        await using var world = await FastWorld.StartAsync(spareAgents: 0, serverTransition: TimeSpan.FromMilliseconds(400));
        await using var plugin = new CrashablePlugin(world);
        var program = new[] { Supernode("gpu", world.SupernodeId, FastWorld.Medium) };
        var original = world.ModelArts.GetSupernode(world.SupernodeId).Servers.Select(s => s.Id).Order().ToList();

        var up = new EngineStack(plugin.Current.Client).UpAsync(program);
        await Eventually.TrueAsync(() => world.ModelArts.GetSupernode(world.SupernodeId).Servers.Any(s => s.Status == "CREATING"), "servers CREATING");
        await Task.Delay(random.Next(0, 250));
        await plugin.KillAsync();
        Assert.False((await up).Single().Succeeded, "the create returned before the kill: no interruption was tested");

        var resumed = new EngineStack(await plugin.RestartAsync());
        AssertAllSucceeded(await resumed.UpAsync(program));
        var accepted = world.ModelArts.Requests.Count(r => r.Method == "POST" && r.PathAndQuery.EndsWith("/live-scale-up", StringComparison.Ordinal) && r.Status < 300);
        Assert.Equal(1, accepted);
        Assert.Equal(FastWorld.ServersOf(FastWorld.Medium), world.ModelArts.GetSupernode(world.SupernodeId).Servers.Count);

        AssertAllSucceeded(await resumed.DestroyAsync());
        Assert.Equal(original, world.ModelArts.GetSupernode(world.SupernodeId).Servers.Select(s => s.Id).Order().ToList());
    }

    /// <summary>The same for an update: the engine holds the state from before it, the journal what it started.</summary>
    [Fact]
    public async Task A_supernode_scale_whose_plugin_died_mid_update_is_continued_and_destroy_removes_all_it_added()
    {
        var random = ReliabilityRun.Seeded(output, nameof(A_supernode_scale_whose_plugin_died_mid_update_is_continued_and_destroy_removes_all_it_added));
        await using var world = await FastWorld.StartAsync(spareAgents: 0, serverTransition: TimeSpan.FromMilliseconds(400));
        await using var plugin = new CrashablePlugin(world);
        var original = world.ModelArts.GetSupernode(world.SupernodeId).Servers.Select(s => s.Id).Order().ToList();
        var stack = new EngineStack(plugin.Current.Client);
        AssertAllSucceeded(await stack.UpAsync([Supernode("gpu", world.SupernodeId, FastWorld.Medium)]));
        var program = new[] { Supernode("gpu", world.SupernodeId, FastWorld.Large) };

        var up = stack.UpAsync(program);
        await Eventually.TrueAsync(() => world.ModelArts.GetSupernode(world.SupernodeId).Servers.Count > FastWorld.ServersOf(FastWorld.Medium), "the update's servers appear");
        await Task.Delay(random.Next(0, 250));
        await plugin.KillAsync();
        Assert.False((await up).Single().Succeeded, "the update returned before the kill: no interruption was tested");

        var resumed = stack.With(await plugin.RestartAsync());
        AssertAllSucceeded(await resumed.UpAsync(program));
        Assert.Equal(FastWorld.ServersOf(FastWorld.Large), world.ModelArts.GetSupernode(world.SupernodeId).Servers.Count);
        Assert.Equal(2, world.ModelArts.Requests.Count(r => r.Method == "POST" && r.PathAndQuery.EndsWith("/live-scale-up", StringComparison.Ordinal) && r.Status < 300));

        AssertAllSucceeded(await resumed.DestroyAsync());
        Assert.Equal(original, world.ModelArts.GetSupernode(world.SupernodeId).Servers.Select(s => s.Id).Order().ToList());
    }

    /// <summary>Waits until a DAG named <paramref name="dagName"/> is running, then a random part of its run, then kills.</summary>
    private static async Task KillWhileRunningAsync(SimulatedWorld world, CrashablePlugin plugin, string dagName, Random random)
    {
        await Eventually.TrueAsync(() => world.Obshell.Dags.Any(d => d.Name == dagName && d.State is not ("SUCCEED" or "FAILED")), $"a running {dagName} DAG");
        await Task.Delay(random.Next(0, (int)(Stage.TotalMilliseconds * 4)));
        await plugin.KillAsync();
    }

    private static int SuccessfulPosts(SimulatedWorld world, string path) =>
        world.Obshell.Requests.Count(r => r.Method == "POST" && r.PathAndQuery.StartsWith(path, StringComparison.Ordinal) && r.Status is >= 200 and < 300);

}
