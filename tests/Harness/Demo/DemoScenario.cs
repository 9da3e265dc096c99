using System.Diagnostics;
using ClusterScale.Provider.Protocol;
using ClusterScale.Simulators.ModelArts;
using ClusterScale.Simulators.Obshell;
using ClusterScale.Simulators.Obshell.Cluster;

namespace ClusterScale.Harness.Demo;

/// <summary>
/// The examples' scenario end to end, through the same gRPC calls the Pulumi engine makes: scale an OceanBase cluster
/// out by two nodes (one into a new zone) and a supernode up, change the supernode's capacity both ways, change a
/// node's run-time parameter in place (and preview one that needs a restart), catch out-of-band changes (a node, a
/// server, a parameter) with a refresh, repair them, and tear everything down. Each run is checked against the
/// simulators' own view of the world; any step that does not come out as a user would expect fails the demo.
/// </summary>
public sealed class DemoScenario(DemoConsole console)
{
    private const string ObserverNode = "clusterscale:obshell:ObserverNode";
    private const string SupernodeScale = "clusterscale:modelarts:SupernodeScale";
    // Spec §6: kat3ne-N has N/8 sub-nodes.
    private const string Small = "kat3ne-16-800t.96xlarge.8.matrix";   // 2 servers: the supernode as bought
    private const string Medium = "kat3ne-32-800t.192xlarge.8.matrix"; // 4 servers
    private const string Large = "kat3ne-64-800t.384xlarge.8.matrix";  // 8 servers

    public async Task<bool> RunAsync(string? pluginPath)
    {
        console.Title("clusterscale demo — the provider against the embedded obshell and ModelArts simulators");
        await using var world = await SimulatedWorld.StartAsync(new WorldOptions
        {
            Obshell = new ObshellSimulatorOptions { ClusterAgents = 2, ZoneCount = 2, SpareAgents = 2, StageDuration = TimeSpan.FromMilliseconds(250), RootPassword = "demo-root@sys-password" },
            ModelArts = new ModelArtsSimulatorOptions { ServerCreateDuration = TimeSpan.FromSeconds(1.5), ServerDeleteDuration = TimeSpan.FromSeconds(1) },
            SupernodeFlavor = Small,
            PluginPath = pluginPath,
            OnLog = console.Progress,
        });
        console.World(world);
        var stack = new EngineStack(world.Client);
        var initialMembers = world.Obshell.Members.Select(m => m.Agent).Order().ToList();
        var initialServers = world.ModelArts.GetSupernode(world.SupernodeId).Servers.Count;
        var (spareA, spareB) = (world.Obshell.SpareAgents[0], world.Obshell.SpareAgents[1]);

        var program = new Program(world.SupernodeId, spareA, spareB);
        await console.Step("pulumi up — scale the cluster out by two nodes (one into the new zone3) and the supernode up to 4 servers",
            () => ExpectAll(stack.UpAsync(program.With(Medium))),
            () => Check(world.Obshell.Members.Any(m => m.Agent == spareA && m.Zone == "zone2") && world.Obshell.Members.Any(m => m.Agent == spareB && m.Zone == "zone3"),
                      "both nodes are cluster members in their zones")
                  && Check(world.ModelArts.GetSupernode(world.SupernodeId).Servers.Count == 4, "the supernode has 4 servers"));

        await console.Step("fn::invoke clusterscale:obshell:getCluster — read the cluster as a program (or a script) sees it", async () =>
        {
            var response = await world.Client.InvokeAsync("clusterscale:obshell:getCluster", PropertyMap.Empty);
            if (response.Failures.Count > 0) throw new DemoStepException("getCluster failed: " + string.Join("; ", response.Failures.Select(f => $"{f.Property}: {f.Reason}")));
            _cluster = PropertyStruct.ToMap(response.Return);
            return [$"cluster {_cluster.Get("clusterName")} (id {_cluster.Get("clusterId")}), OceanBase {_cluster.Get("version")}, zones {_cluster.Get("zones")}",
                .. _cluster.Get("members").ArrayValue.Select(m => m.ObjectValue).Select(m =>
                    $"member {m.Get("ip")}:{m.Get("obshellPort")} {m.Get("zone")} {m.Get("status")} ({m.Get("identity")})"),
                $"under maintenance: {_cluster.Get("underMaintenance")}; unfinished DAGs: {_cluster.Get("unfinishedDags").ArrayValue.Length}"];
        }, () => Check(_cluster is not null && _cluster.Get("members").ArrayValue.Length == world.Obshell.Members.Count, "getCluster lists every member, no spare agent"));

        await console.Step("pulumi up — grow the supernode to 8 servers",
            () => ExpectAll(stack.UpAsync(program.With(Large))),
            () => Check(world.ModelArts.GetSupernode(world.SupernodeId).Servers.Count(s => s.Status == "RUNNING") == 8, "8 servers RUNNING"));

        await console.Step("pulumi up — shrink the supernode back to 4 servers (removing only servers this stack added)",
            () => ExpectAll(stack.UpAsync(program.With(Medium))),
            () => Check(world.ModelArts.GetSupernode(world.SupernodeId).Servers.Count == 4, "4 servers left"));

        // memory_limit is DYNAMIC_EFFECTIVE (OceanBase's ob_parameter_seed.ipp, the simulator's catalogue): the agent
        // sets it on the running observer, so the plan is an update in place, not a scale-in and scale-out.
        var tuned = program.WithNodeA(MemoryLimit, TunedMemory);
        var dagsBefore = world.Obshell.Dags.Count;
        IReadOnlyList<string> plan = [];
        await console.Step($"pulumi up — node-a's obConfigs.{MemoryLimit} 16G -> {TunedMemory}: a run-time parameter, set in place", async () =>
        {
            plan = await stack.PreviewChangesAsync(tuned.With(Medium));
            return [.. plan.Select(c => $"plan: {c}"), .. await ExpectAll(stack.UpAsync(tuned.With(Medium)))];
        }, () => Check(plan.SequenceEqual([$"~ node-a: update (obConfigs.{MemoryLimit})"]), $"the plan updates node-a in place, naming obConfigs.{MemoryLimit} (no replace)")
                 && Check(world.Obshell.ParameterOn(spareA, MemoryLimit) == TunedMemory, $"node-a's server shows {MemoryLimit} = {TunedMemory}")
                 && Check(world.Obshell.Dags.Count == dagsBefore && IsActiveMember(world, spareA, "zone2"),
                     "node-a stayed an ACTIVE member of zone2: no scale-in, no scale-out (no new DAG)"));

        // net_thread_count is STATIC_EFFECTIVE: it acts only when the observer restarts, which only a new scale-out
        // does, so the provider plans a replace. Shown as a preview only: nothing is applied.
        var mutatingBefore = MutatingRequests(world);
        IReadOnlyList<string> restartPlan = [];
        await console.Step("pulumi preview — adding net_thread_count to node-a's obConfigs (STATIC_EFFECTIVE: acts only at a restart)", async () =>
        {
            restartPlan = await stack.PreviewChangesAsync(tuned.WithNodeA("net_thread_count", "8").With(Medium));
            return [.. restartPlan.Select(c => $"plan: {c}"), "=> a replace: node-a would be scaled in and out again to restart with it; not applied"];
        }, () => Check(restartPlan.SequenceEqual(["~ node-a: replace (obConfigs.net_thread_count [replace])"]), "the plan replaces node-a, naming obConfigs.net_thread_count")
                 && Check(MutatingRequests(world) == mutatingBefore, "the preview sent nothing that changes the cluster"));

        await console.Step($"out of band — an operator scales node-b in, deletes one of the supernode's added servers and sets node-a's {MemoryLimit} by hand", async () =>
        {
            await world.Obshell.ScaleInOutOfBandAsync(spareB);
            var added = Strings(stack.Resources["gpu-capacity"].Outputs.Get("addedServerIds"));
            world.ModelArts.RemoveServerOutOfBand(world.SupernodeId, added[0]);
            world.Obshell.SetParameterOutOfBand(MemoryLimit, DriftedMemory, spareA);
            return [$"node-b ({spareB}) removed from the cluster", $"server {added[0]} deleted",
                $"ALTER SYSTEM SET {MemoryLimit} = '{DriftedMemory}' on node-a ({spareA})"];
        }, () => Check(world.Obshell.ParameterOn(spareA, MemoryLimit) == DriftedMemory, $"node-a's server shows {MemoryLimit} = {DriftedMemory}"));

        IReadOnlyList<string> drift = [];
        await console.Step("pulumi preview --refresh --expect-no-changes — drift detection as CI runs it", async () =>
        {
            var refreshed = await stack.RefreshAsync();
            drift = await stack.PreviewChangesAsync(tuned.With(Medium));
            return [.. refreshed.Select(r => $"refresh {r.Name}: {r.Detail}"),
                $"refresh node-a: obConfigs.{MemoryLimit} read back as {NodeAConfig(stack, MemoryLimit)} (the program says {TunedMemory})",
                .. drift.Select(c => $"pending: {c}"),
                drift.Count > 0 ? "=> drift detected: --expect-no-changes would fail the CI job (as it should)" : "=> no drift"];
        }, () => Check(!stack.Resources.ContainsKey("node-b"), "refresh dropped node-b from state")
                 && Check(NodeAConfig(stack, MemoryLimit) == DriftedMemory, $"refresh recorded node-a's {MemoryLimit} as the server has it ({DriftedMemory})")
                 && Check(drift.Contains($"~ node-a: update (obConfigs.{MemoryLimit})"), $"the preview plans to set node-a's {MemoryLimit} back in place"));

        await console.Step("pulumi up — repair the drift",
            () => ExpectAll(stack.UpAsync(tuned.With(Medium))),
            () => Check(world.Obshell.Members.Any(m => m.Agent == spareB), "node-b is a member again")
                  && Check(world.ModelArts.GetSupernode(world.SupernodeId).Servers.Count == 4, "the supernode has 4 servers again")
                  && Check(world.Obshell.ParameterOn(spareA, MemoryLimit) == TunedMemory && IsActiveMember(world, spareA, "zone2"),
                      $"node-a's {MemoryLimit} is {TunedMemory} again, set in place (node-a still an ACTIVE member)"));

        await console.Step("pulumi preview --refresh --expect-no-changes — clean again", async () =>
        {
            await stack.RefreshAsync();
            var changes = await stack.PreviewChangesAsync(tuned.With(Medium));
            return changes.Count == 0 ? ["no changes"] : throw new DemoStepException("pending changes after repair: " + string.Join("; ", changes));
        }, () => true);

        await console.Step("pulumi destroy — scale everything back in",
            () => ExpectAll(stack.DestroyAsync()),
            () => Check(world.Obshell.Members.Select(m => m.Agent).Order().SequenceEqual(initialMembers), "the cluster has exactly its original members")
                  && Check(world.ModelArts.GetSupernode(world.SupernodeId).Servers.Count == initialServers, $"the supernode is back to {initialServers} servers"));

        console.Summary(world);
        return console.AllPassed;
    }

    private const string MemoryLimit = "memory_limit";
    private const string TunedMemory = "20G";   // what the program changes node-a's memory_limit to
    private const string DriftedMemory = "12G"; // what an operator sets by hand

    private static bool IsActiveMember(SimulatedWorld world, string agent, string zone) =>
        world.Obshell.Members.Any(m => m.Agent == agent && m.Zone == zone && m.ServerStatus == ServerStatuses.Active);

    /// <summary>Requests that can change an obshell cluster (anything but a read).</summary>
    private static int MutatingRequests(SimulatedWorld world) => world.Obshell.Requests.Count(r => r.Method != "GET");

    /// <summary>node-a's obConfigs entry <paramref name="name"/> as the stack's state holds it.</summary>
    private static string NodeAConfig(EngineStack stack, string name) =>
        stack.Resources["node-a"].Inputs.Get("obConfigs").Unwrapped().ObjectValue.Get(name).Unwrapped().StringValue;

    /// <summary>The last getCluster result the demo showed.</summary>
    private PropertyMap? _cluster;

    private static async Task<IReadOnlyList<string>> ExpectAll(Task<IReadOnlyList<StepOutcome>> run)
    {
        var outcomes = await run;
        var failed = outcomes.Where(o => !o.Succeeded).ToList();
        if (failed.Count > 0) throw new DemoStepException(string.Join("; ", failed.Select(f => $"{f.Name}: {f.Detail}")));
        return outcomes.Select(o => $"{o.Name}: {o.Detail}").ToList();
    }

    private bool Check(bool condition, string what) => console.Verify(condition, what);

    private static List<string> Strings(PropertyValue value) =>
        value.Unwrapped().ArrayValue.Select(v => v.StringValue).ToList();

    /// <summary>The Pulumi program of the examples (examples/csharp-observer and csharp-supernode), as declared resources.</summary>
    private sealed record Program(string SupernodeId, string SpareA, string SpareB)
    {
        private static readonly Dictionary<string, string> ExampleConfigs = new()
            { [MemoryLimit] = "16G", ["system_memory"] = "8G", ["datafile_size"] = "24G", ["log_disk_size"] = "24G" };

        /// <summary>node-a's obConfigs: the examples' values until a step of the demo edits them.</summary>
        private IReadOnlyDictionary<string, string> NodeAConfigs { get; init; } = ExampleConfigs;

        /// <summary>The program with node-a's parameter <paramref name="name"/> set to <paramref name="value"/>.</summary>
        public Program WithNodeA(string name, string value) => this with { NodeAConfigs = new Dictionary<string, string>(NodeAConfigs) { [name] = value } };

        public IEnumerable<Declared> With(string supernodeFlavor) =>
        [
            Node("node-a", SpareA, "zone2", NodeAConfigs),
            Node("node-b", SpareB, "zone3", ExampleConfigs),
            new(SupernodeScale, "gpu-capacity", Props.Of(
                ("supernodeId", SupernodeId), ("flavor", supernodeFlavor),
                ("imageId", "f4059eb4-c2f5-46a8-9b33-6cbed5d3fc81"), ("keyPairName", "KeyPair-demo"),
                ("rootVolume", Props.Of(("size", 200), ("type", "ESSD"))),
                ("userdata", Props.Secret(Convert.ToBase64String("#!/bin/bash\necho ready > /tmp/ready\n"u8.ToArray()))))),
        ];

        private static Declared Node(string name, string agent, string zone, IReadOnlyDictionary<string, string> configs) => new(ObserverNode, name, Props.Of(
            ("ip", agent.Split(':')[0]), ("obshellPort", int.Parse(agent.Split(':')[1])), ("zone", zone),
            ("obConfigs", Props.Of([.. configs.Select(c => (c.Key, (object?)c.Value))]))));
    }
}

/// <summary>A demo step did not come out as expected.</summary>
public sealed class DemoStepException(string message) : Exception(message);
