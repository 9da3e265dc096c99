using ClusterScale.Harness;
using ClusterScale.Provider.Protocol;
using ClusterScale.Simulators.Obshell;
using Google.Protobuf;
using Grpc.Core;
using Newtonsoft.Json;
using Pulumirpc;

namespace ClusterScale.Conformance.Tests.Obshell;

/// <summary>ObserverNode through the real plugin binary, driven as the engine drives it, against the obshell
/// simulator over loopback.</summary>
public sealed class ObserverNodeConformanceTests
{
    private const string Type = "clusterscale:obshell:ObserverNode";
    private const string RootPassword = "conformance-Root-7";

    [Fact]
    public async Task Up_update_replace_refresh_and_destroy_through_the_binary()
    {
        await using var run = await Run.StartAsync();
        var (spare, other) = (run.Simulator.SpareAgents[0], run.Simulator.SpareAgents[1]);
        var lifecycle = new Lifecycle(run.Client, Type, "node");

        var record = await lifecycle.RunAsync(
            Props.Of(("ip", Ip(spare)), ("zone", "zone1"), ("targetAgentPassword", "")),
            [
                Props.Of(("ip", Ip(spare)), ("zone", "zone1"), ("targetAgentPassword", ""), ("forceKill", true)),
                Props.Of(("ip", Ip(other)), ("zone", "zone2"), ("targetAgentPassword", ""), ("forceKill", true)),
            ],
            destroy: false);

        Assert.Equal(spare, record.Create.Id);
        var created = PropertyStruct.ToMap(record.Create.Properties);
        Assert.Equal("SUCCEED", created["dagState"].StringValue);
        Assert.True(created["targetAgentPassword"].IsSecret);
        Assert.Equal(PropertyValue.Computed, PropertyStruct.ToMap(record.PreviewCreate.Properties)["rpcPort"]);

        var inPlace = record.Steps[0];
        Assert.NotNull(inPlace.Update);
        Assert.Equal(PropertyDiff.Types.Kind.Update, inPlace.Diff.DetailedDiff["forceKill"].Kind);
        var replace = record.Steps[1];
        Assert.True(replace.Diff.DeleteBeforeReplace);
        Assert.True(replace.Replace!.DeletedFirst);
        Assert.Null(run.Simulator.Members.SingleOrDefault(m => m.Agent == spare));
        Assert.Equal("zone2", run.Simulator.Members.Single(m => m.Agent == other).Zone);

        Assert.Equal(other, record.Read!.Id);
        Assert.Equal(record.Final!.Outputs, PropertyStruct.ToMap(record.Read.Properties));
        await run.Client.DeleteAsync(record.Final.Id, lifecycle.Urn, record.Final.Outputs, record.Final.Inputs);
        Assert.Null(run.Simulator.Members.SingleOrDefault(m => m.Agent == other));

        Assert.Contains(run.Engine.Logs, l => l.Ephemeral && l.Urn == lifecycle.Urn && l.Message.Contains("stage ", StringComparison.Ordinal));
        Assert.DoesNotContain(run.Engine.Logs, l => l.Message.Contains(RootPassword, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Check_failures_name_the_property_and_send_nothing()
    {
        await using var run = await Run.StartAsync();

        var check = await run.Client.CheckAsync(Urns.For(Type, "bad"), PropertyMap.Empty,
            Props.Of(("ip", "node4.example"), ("zone", "zone-1"), ("obConfigs", new Dictionary<string, object> { ["zone"] = "zone2" })));

        Assert.Equal(["ip", "obConfigs", "zone"], check.Failures.Select(f => f.Property).Order());
        Assert.Empty(run.Simulator.Requests);
    }

    [Fact]
    public async Task A_timed_out_create_is_recorded_as_partial_state_and_the_next_update_resumes_it()
    {
        // The real binary keeps real time: the budget must cover the reads before the send on a loaded machine (a
        // 0.3 s budget once ran out before scale_out was sent) and end well inside the DAG (9 stages).
        await using var run = await Run.StartAsync(TimeSpan.FromMilliseconds(500));
        var spare = run.Simulator.SpareAgents[0];
        var urn = Urns.For(Type, "slow");
        var inputs = PropertyStruct.ToMap((await run.Client.CheckAsync(urn, PropertyMap.Empty, Props.Of(("ip", Ip(spare)), ("zone", "zone1")))).Inputs);

        var error = await Assert.ThrowsAsync<RpcException>(() => run.Client.CreateAsync(urn, inputs, preview: false, timeoutSeconds: 1.5));

        var partial = DecodeInitFailed(error);
        Assert.Equal(spare, partial.Id);
        var outputs = PropertyStruct.ToMap(partial.Properties);
        Assert.NotEqual("SUCCEED", outputs["dagState"].StringValue);
        var diff = await run.Client.DiffAsync(partial.Id, urn, outputs, inputs, inputs);
        Assert.Equal(DiffResponse.Types.DiffChanges.DiffSome, diff.Changes);
        var updated = await run.Client.UpdateAsync(partial.Id, urn, outputs, inputs, inputs, preview: false);
        Assert.Equal("SUCCEED", PropertyStruct.ToMap(updated.Properties)["dagState"].StringValue);
        Assert.Single(run.Simulator.Dags, d => d.Name == "Cluster scale out");
    }

    [Fact]
    public async Task The_engines_Cancel_during_a_scale_out_records_partial_state_and_the_next_update_resumes_it()
    {
        await using var run = await Run.StartAsync(TimeSpan.FromMilliseconds(300));
        var spare = run.Simulator.SpareAgents[0];
        var urn = Urns.For(Type, "cancelled");
        var inputs = PropertyStruct.ToMap((await run.Client.CheckAsync(urn, PropertyMap.Empty, Props.Of(("ip", Ip(spare)), ("zone", "zone1")))).Inputs);

        var create = run.Client.CreateAsync(urn, inputs, preview: false);
        await run.Engine.WaitForLogAsync(l => l.Ephemeral && l.Message.StartsWith($"adding {spare}: stage", StringComparison.Ordinal), TimeSpan.FromSeconds(30));
        await run.Client.CancelAsync();

        var partial = DecodeInitFailed(await Assert.ThrowsAsync<RpcException>(() => create));
        var outputs = PropertyStruct.ToMap(partial.Properties);
        Assert.Contains("cancelled while waiting", string.Join(" ", partial.Reasons), StringComparison.Ordinal);
        Assert.NotEqual("", outputs["dagId"].StringValue);

        // A new `pulumi up` is a new plugin process: the recorded DAG is resumed there.
        await using var next = await run.RestartPluginAsync();
        var updated = await next.Client.UpdateAsync(partial.Id, urn, outputs, inputs, inputs, preview: false);
        Assert.Equal(outputs["dagId"], PropertyStruct.ToMap(updated.Properties)["dagId"]);
        Assert.Single(run.Simulator.Dags, d => d.Name == "Cluster scale out");
        Assert.Single(run.Simulator.Members, m => m.Agent == spare);
    }

    [Fact]
    public async Task Import_by_id_and_refresh_of_a_node_removed_out_of_band()
    {
        await using var run = await Run.StartAsync();
        var member = run.Simulator.Members[1];
        var urn = Urns.For(Type, "imported");

        var imported = await run.Client.ReadAsync(member.Agent, urn);
        Assert.Equal(member.Agent, imported.Id);
        Assert.Equal(member.Zone, PropertyStruct.ToMap(imported.Inputs)["zone"].StringValue);

        await run.Simulator.ScaleInOutOfBandAsync(member.Agent);
        var refreshed = await run.Client.ReadAsync(member.Agent, urn, PropertyStruct.ToMap(imported.Properties), PropertyStruct.ToMap(imported.Inputs));
        Assert.Equal("", refreshed.Id);
    }

    private static string Ip(string agent) => agent[..agent.LastIndexOf(':')];

    private static ErrorResourceInitFailed DecodeInitFailed(RpcException rpc)
    {
        var trailer = rpc.Trailers.Get("grpc-status-details-bin") ?? throw new Xunit.Sdk.XunitException($"no status details: {rpc.Status}");
        var status = Google.Rpc.Status.Parser.ParseFrom(trailer.ValueBytes);
        return Assert.Single(status.Details).Unpack<ErrorResourceInitFailed>();
    }

    /// <summary>A simulator, a recording engine and the plugin configured for the simulated cluster.</summary>
    private sealed class Run : IAsyncDisposable
    {
        private Run(ObshellSimulator simulator, TestEngine engine, PluginProcess plugin) => (Simulator, Engine, Plugin) = (simulator, engine, plugin);

        public ObshellSimulator Simulator { get; }
        public TestEngine Engine { get; }
        public PluginProcess Plugin { get; }
        public ProviderClient Client => Plugin.Client;

        public static async Task<Run> StartAsync(TimeSpan? stageDuration = null)
        {
            var simulator = await ObshellSimulator.StartAsync(new ObshellSimulatorOptions
            {
                RootPassword = RootPassword, StageDuration = stageDuration ?? TimeSpan.FromMilliseconds(20),
            });
            var engine = await TestEngine.StartAsync();
            return new Run(simulator, engine, await LaunchAsync(simulator, engine));
        }

        /// <summary>Another plugin process for the same cluster, as the next `pulumi up` starts.</summary>
        public Task<PluginProcess> RestartPluginAsync() => LaunchAsync(Simulator, Engine);

        private static async Task<PluginProcess> LaunchAsync(ObshellSimulator simulator, TestEngine engine)
        {
            var plugin = await PluginProcess.StartAsync(new PluginLaunch(engine.Address));
            await plugin.Client.HandshakeAsync(engine.Address);
            await plugin.Client.CheckAndConfigureAsync(Props.Of(
                ("obshellEndpoints", JsonConvert.SerializeObject(simulator.ClusterEndpoints)),
                ("obshellRootPassword", Props.Secret(RootPassword))));
            return plugin;
        }

        public async ValueTask DisposeAsync()
        {
            await Plugin.DisposeAsync();
            await Engine.DisposeAsync();
            await Simulator.DisposeAsync();
        }
    }
}
