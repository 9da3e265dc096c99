using ClusterScale.Harness;
using Xunit.Abstractions;
using static ClusterScale.Conformance.Tests.Reliability.Declarations;
using static ClusterScale.Conformance.Tests.Reliability.Outcomes;

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

    /// <summary>
    /// <c>CLUSTERSCALE_STATE_DIR</c> on storage several runners share: two stacks' plugins run at once against one
    /// cluster with one journal directory, both are killed -9 while a scale-out runs, and both resume. Each must finish
    /// exactly its own nodes — one scale-out DAG per node, none taken for the other stack's — and every entry left in
    /// the shared directory must still read back whole.
    /// </summary>
    [Fact]
    public async Task Two_plugins_sharing_one_journal_directory_each_resume_only_their_own_creates()
    {
        var random = ReliabilityRun.Seeded(output, nameof(Two_plugins_sharing_one_journal_directory_each_resume_only_their_own_creates));
        await using var world = await FastWorld.StartAsync(spareAgents: 4, stage: TimeSpan.FromMilliseconds(30));
        var shared = Path.Combine(new TestMachine().Home, "shared-storage", "journal");
        var spares = world.Obshell.SpareAgents.ToList();
        var programs = new[]
        {
            new[] { Node("a-0", spares[0], "zone1"), Node("a-1", spares[1], "zone2") },
            new[] { Node("b-0", spares[2], "zone1"), Node("b-1", spares[3], "zone2") },
        };

        var first = await Task.WhenAll(programs.Select(_ => StartSharingAsync(world, shared)));
        var interrupted = programs.Select((program, i) => new EngineStack(first[i].Client).UpAsync(program)).ToList();
        await Eventually.TrueAsync(() => world.Obshell.Dags.Any(d => d.Name == "Cluster scale out" && d.State is not ("SUCCEED" or "FAILED")), "a running scale-out");
        await Task.Delay(random.Next(0, 120));
        foreach (var plugin in first) await plugin.KillAsync();
        await Task.WhenAll(interrupted);
        foreach (var plugin in first) await plugin.DisposeAsync();

        var second = await Task.WhenAll(programs.Select(_ => StartSharingAsync(world, shared)));
        var resumed = await Task.WhenAll(programs.Select((program, i) => new EngineStack(second[i].Client).UpAsync(program)));
        foreach (var plugin in second) await plugin.DisposeAsync();

        foreach (var outcomes in resumed) AssertAllSucceeded(outcomes);
        WorldInvariants.NodesMatch(world.Obshell, programs.SelectMany(p => p), []);
        Assert.Equal(4, world.Obshell.Dags.Count(d => d.Name == "Cluster scale out" && d.State == "SUCCEED"));
        var entries = Directory.Exists(shared) ? Directory.GetFiles(shared, "*.json") : [];
        Assert.All(entries, file => Newtonsoft.Json.Linq.JObject.Parse(File.ReadAllText(file)));
        output.WriteLine($"two plugins, one journal directory: 4 nodes added by 4 scale-outs; {entries.Length} entries left, all whole");
    }

    private static async Task<PluginProcess> StartSharingAsync(SimulatedWorld world, string journalDirectory)
    {
        var environment = new Dictionary<string, string>(world.Options.PluginEnvironment ?? new Dictionary<string, string>())
        {
            ["CLUSTERSCALE_STATE_DIR"] = journalDirectory,
        };
        var plugin = await PluginProcess.StartAsync(new PluginLaunch(world.Engine.Address, PluginPath: world.Options.PluginPath, Environment: environment));
        await plugin.Client.CheckAndConfigureAsync(world.ProviderConfig());
        return plugin;
    }
}
