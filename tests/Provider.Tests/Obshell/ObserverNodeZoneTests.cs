using ClusterScale.Provider.Protocol;
using ClusterScale.Simulators.Obshell.Faults;

namespace ClusterScale.Provider.Tests.Obshell;

/// <summary>A zone created by the node's own scale-out is deleted at destroy once empty (spec §9); no other zone is.</summary>
public sealed class ObserverNodeZoneTests
{
    private const string NewZone = "zone9";

    private static int ZoneDeletes(ObshellTestCluster cluster) =>
        cluster.Simulator.Requests.Count(r => r.Method == "DELETE" && r.PathAndQuery.StartsWith("/api/v1/zone/", StringComparison.Ordinal));

    [Fact]
    public async Task A_zone_the_scale_out_created_is_deleted_with_the_node()
    {
        await using var cluster = await ObshellTestCluster.StartAsync();
        var agent = cluster.Simulator.SpareAgents[0];
        var inputs = await cluster.InputsAsync(agent, NewZone);

        var created = await cluster.CreateAsync(inputs);
        Assert.True(created.Outputs["createdZone"].BoolValue);

        await cluster.DeleteAsync(agent, inputs, created.Outputs);

        Assert.Null(cluster.Member(agent));
        var deletion = Assert.Single(cluster.Simulator.Dags, d => d.Name == "Delete zone");
        Assert.Equal(("SUCCEED", "RUN"), (deletion.State, deletion.Operator));
        Assert.Contains(cluster.Simulator.Requests, r => r.Method == "DELETE" && r.PathAndQuery == $"/api/v1/zone/{NewZone}" && r.Status == 200);
    }

    [Fact]
    public async Task A_zone_that_existed_before_is_never_deleted()
    {
        await using var cluster = await ObshellTestCluster.StartAsync();
        var agent = cluster.Simulator.SpareAgents[0];
        var inputs = await cluster.InputsAsync(agent, "zone1");

        var created = await cluster.CreateAsync(inputs);
        Assert.False(created.Outputs["createdZone"].BoolValue);
        await cluster.DeleteAsync(agent, inputs, created.Outputs);

        Assert.Null(cluster.Member(agent));
        Assert.Equal(0, ZoneDeletes(cluster));
    }

    [Fact]
    public async Task A_created_zone_another_server_joined_is_left_in_place_with_a_warning()
    {
        await using var cluster = await ObshellTestCluster.StartAsync();
        var (first, second) = (cluster.Simulator.SpareAgents[0], cluster.Simulator.SpareAgents[1]);
        var inputs = await cluster.InputsAsync(first, NewZone);
        var created = await cluster.CreateAsync(inputs);
        var joined = await cluster.CreateAsync(await cluster.InputsAsync(second, NewZone));
        Assert.False(joined.Outputs["createdZone"].BoolValue);

        await cluster.DeleteAsync(first, inputs, created.Outputs);

        Assert.Null(cluster.Member(first));
        Assert.NotNull(cluster.Member(second));
        Assert.Equal(0, ZoneDeletes(cluster));
        Assert.Contains(cluster.Progress.Lines, l => l.Contains($"zone '{NewZone}'", StringComparison.Ordinal) && l.Contains("left in place", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_refresh_keeps_the_record_of_the_created_zone()
    {
        await using var cluster = await ObshellTestCluster.StartAsync();
        var agent = cluster.Simulator.SpareAgents[0];
        var inputs = await cluster.InputsAsync(agent, NewZone);
        var created = await cluster.CreateAsync(inputs);

        var read = await cluster.ReadAsync(agent, created.Outputs, inputs);

        Assert.True(read!.Outputs["createdZone"].BoolValue);
    }

    [Fact]
    public async Task A_lost_answer_to_the_zone_deletion_is_probed_by_sending_it_again_and_one_DAG_runs()
    {
        await using var cluster = await ObshellTestCluster.StartAsync();
        var agent = cluster.Simulator.SpareAgents[0];
        var inputs = await cluster.InputsAsync(agent, NewZone);
        var created = await cluster.CreateAsync(inputs);
        cluster.Simulator.Faults.ActThenFail(MutatingRoute.DeleteZone, AfterActing.ResetConnection);

        await cluster.DeleteAsync(agent, inputs, created.Outputs);

        Assert.Single(cluster.Simulator.Dags, d => d.Name == "Delete zone" && d.State == "SUCCEED");
        Assert.Contains(cluster.Simulator.Requests, r => r.Method == "DELETE" && r.PathAndQuery == $"/api/v1/zone/{NewZone}" && r.Status == 204);
    }
}
