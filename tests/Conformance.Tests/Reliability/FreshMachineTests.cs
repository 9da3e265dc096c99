using ClusterScale.Harness;
using Xunit.Abstractions;
using static ClusterScale.Conformance.Tests.Reliability.Declarations;

namespace ClusterScale.Conformance.Tests.Reliability;

/// <summary>
/// Issue 18: the plugin on a machine that starts empty — a CI runner, a fresh HOME, nothing made for the journal in
/// advance. Each test runs one half of a lifecycle on a new <see cref="TestMachine"/> whose journal directory does
/// not exist, as it does on a runner that never ran the plugin before.
/// </summary>
public sealed class FreshMachineTests(ITestOutputHelper xunitOutput)
{
    private readonly TeeOutput output = new(xunitOutput, nameof(FreshMachineTests));

    [Fact]
    public async Task A_supernode_scale_created_on_one_runner_is_destroyed_from_a_runner_that_never_ran_the_plugin()
    {
        await using var world = await FastWorld.StartAsync(spareAgents: 0);
        await using var plugin = new CrashablePlugin(world);
        var original = world.ModelArts.GetSupernode(world.SupernodeId).Servers.Select(s => s.Id).Order().ToList();
        var program = new[] { Supernode("gpu", world.SupernodeId, FastWorld.Medium) };
        var stack = new EngineStack(plugin.Current.Client);
        AssertAllSucceeded(await stack.UpAsync(program));

        var fresh = new TestMachine();
        var resumed = stack.With(await plugin.RestartAsync(fresh));
        AssertAllSucceeded(await resumed.DestroyAsync());

        Assert.Empty(resumed.Resources);
        Assert.Equal(original, world.ModelArts.GetSupernode(world.SupernodeId).Servers.Select(s => s.Id).Order());
        output.WriteLine($"destroyed from a fresh machine whose journal directory {(Directory.Exists(fresh.JournalDirectory) ? "exists now" : "was never made")}");
    }

    [Fact]
    public async Task An_existing_member_is_adopted_by_a_runner_that_never_ran_the_plugin()
    {
        await using var world = await FastWorld.StartAsync(spareAgents: 1);
        await using var plugin = new CrashablePlugin(world);
        var agent = world.Obshell.SpareAgents.Single();
        var program = new[] { Node("node-a", agent, "zone1") };
        AssertAllSucceeded(await new EngineStack(plugin.Current.Client).UpAsync(program));

        // The engine lost the create's answer (the CLI died): the next up, on another runner, creates again.
        var fresh = new TestMachine();
        var again = new EngineStack(await plugin.RestartAsync(fresh));
        AssertAllSucceeded(await again.UpAsync(program));

        Assert.Single(again.Resources);
        Assert.Equal(1, world.Obshell.Dags.Count(d => d.Name == "Cluster scale out"));
        WorldInvariants.NodesMatch(world.Obshell, program, []);
    }

    private static void AssertAllSucceeded(IReadOnlyList<StepOutcome> outcomes) =>
        Assert.True(outcomes.All(o => o.Succeeded), string.Join("\n", outcomes.Where(o => !o.Succeeded).Select(o => $"{o.Name}: {o.Detail}")));
}
