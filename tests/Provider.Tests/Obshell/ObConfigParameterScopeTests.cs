using ClusterScale.Provider.Http;
using ClusterScale.Provider.Obshell;
using ClusterScale.Provider.Obshell.Api;
using ClusterScale.Provider.Protocol;

namespace ClusterScale.Provider.Tests.Obshell;

/// <summary>
/// Parameter scope (spec §8 and Corrections on 2026-12-05): obshell sets a TENANT-scope parameter per tenant on every
/// server, ignoring <c>servers</c>, and its rows carry the tenant. So only CLUSTER-scope parameters change in place on
/// one node; a node's value of a TENANT-scope one is known only when all its tenants agree.
/// </summary>
public sealed class ObConfigParameterScopeTests
{
    private const string Ip = "10.0.0.4";
    private const int RpcPort = 2882;

    /// <summary>As <c>GET /api/v1/obcluster/parameters</c> answers (obshell@61ee147 ob/agent/executor/ob/parameter.go:54-70).</summary>
    private static IReadOnlyList<ClusterParameter> Listed(string json) =>
        WireJson.Deserialize<ObshellEnvelope<ObshellList<ClusterParameter>>>(json)!.Data!.Contents!;

    private static readonly IReadOnlyList<ClusterParameter> Parameters = Listed("""
        {"successful": true, "status": 200, "data": {"contents": [
          {"name": "memory_limit", "scope": "CLUSTER", "edit_level": "DYNAMIC_EFFECTIVE", "ob_parameters": [
            {"svr_ip": "10.0.0.1", "svr_port": 2882, "zone": "zone1", "value": "32G"},
            {"svr_ip": "10.0.0.4", "svr_port": 2882, "zone": "zone1", "value": "16G"}]},
          {"name": "cpu_quota_concurrency", "scope": "TENANT", "edit_level": "DYNAMIC_EFFECTIVE", "ob_parameters": [
            {"svr_ip": "10.0.0.4", "svr_port": 2882, "zone": "zone1", "tenant_id": 1, "tenant_name": "sys", "value": "2"},
            {"svr_ip": "10.0.0.4", "svr_port": 2882, "zone": "zone1", "tenant_id": 1002, "tenant_name": "app", "value": "4"}],
           "tenant_value": [{"tenant_id": 1, "tenant_name": "sys", "value": "2"}, {"tenant_id": 1002, "tenant_name": "app", "value": "4"}]},
          {"name": "writing_throttling_trigger_percentage", "scope": "TENANT", "edit_level": "DYNAMIC_EFFECTIVE", "ob_parameters": [
            {"svr_ip": "10.0.0.4", "svr_port": 2882, "zone": "zone1", "tenant_id": 1002, "tenant_name": "app", "value": "60"},
            {"svr_ip": "10.0.0.4", "svr_port": 2882, "zone": "zone1", "tenant_id": 1, "tenant_name": "sys", "value": "60"}]}
        ]}}
        """);

    [Fact]
    public void A_tenant_scope_parameter_never_changes_in_place_and_says_why()
    {
        var why = ObConfigParameters.WhyNotInPlace("cpu_quota_concurrency", Parameters);

        Assert.NotNull(why);
        Assert.Contains("TENANT", why, StringComparison.Ordinal);
        Assert.Null(ObConfigParameters.WhyNotInPlace("memory_limit", Parameters));
    }

    [Fact]
    public void A_cluster_scope_value_is_the_row_of_the_node_itself()
    {
        Assert.Equal("16G", ObConfigParameters.ValueOn(Parameters, "memory_limit", Ip, RpcPort));
    }

    [Fact]
    public void A_tenant_scope_value_is_known_only_when_every_tenant_on_the_node_agrees()
    {
        Assert.Null(ObConfigParameters.ValueOn(Parameters, "cpu_quota_concurrency", Ip, RpcPort));
        Assert.Equal("60", ObConfigParameters.ValueOn(Parameters, "writing_throttling_trigger_percentage", Ip, RpcPort));
    }

    [Fact]
    public async Task A_tenant_scope_obConfigs_change_plans_a_replace_against_a_cluster_and_sends_nothing()
    {
        await using var cluster = await ObshellTestCluster.StartAsync();
        var agent = cluster.Simulator.SpareAgents[0];
        const string name = "writing_throttling_trigger_percentage"; // TENANT scope, DYNAMIC_EFFECTIVE
        PropertyValue Configs(string value) => PropertyValue.From(new[] { KeyValuePair.Create(name, PropertyValue.From(value)) });
        var inputs = await cluster.InputsAsync(agent, "zone1", f => f["obConfigs"] = Configs("60"));
        var created = await cluster.CreateAsync(inputs);
        var news = await cluster.InputsAsync(agent, "zone1", f => f["obConfigs"] = Configs("80"));

        var diff = await cluster.Node.DiffAsync(new DiffInput(agent, "urn", created.Outputs, inputs, news, []), CancellationToken.None);

        Assert.Equal(DiffKind.UpdateReplace, diff.DetailedDiff[$"obConfigs.{name}"]);
        Assert.DoesNotContain(cluster.Simulator.Requests, r => r.Method == "PATCH");
    }
}
