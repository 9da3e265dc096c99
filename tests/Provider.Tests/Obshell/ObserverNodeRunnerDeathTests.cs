using ClusterScale.Provider.Journal;
using ClusterScale.Provider.Obshell;
using ClusterScale.Provider.Obshell.Cluster;
using ClusterScale.Provider.Protocol;

namespace ClusterScale.Provider.Tests.Obshell;

/// <summary>
/// A runner that dies takes nothing with it (issue 18, ObserverNode): a journal that fails after the agent accepted
/// never turns the create into "nothing was sent", and an add a killed plugin left that the engine never recorded is
/// reported by every later run on the cluster, once, with the commands that recover it.
/// </summary>
public sealed class ObserverNodeRunnerDeathTests
{
    private const string LostUrn = "urn:pulumi:dev::proj::clusterscale:obshell:ObserverNode::lost";

    [Fact]
    public async Task A_journal_that_cannot_be_written_after_the_scale_out_was_accepted_never_ends_the_create_as_nothing_sent()
    {
        // Reproduced: disk full between the pending entry and the write after acceptance: Create failed "nothing was
        // sent" (the engine recorded nothing) while the DAG added the node.
        await using var cluster = await ObshellTestCluster.StartAsync();
        var agent = cluster.Simulator.SpareAgents[0];
        var directory = Path.Combine(Directory.CreateTempSubdirectory("clusterscale-full-").FullName, "journal");
        var node = new ObserverNode(cluster.Connection, new OperationJournal(directory));
        cluster.Progress.OnLine = line =>
        {
            if (!line.StartsWith("scaling out", StringComparison.Ordinal) || File.Exists(directory)) return;
            // The disk "fills up": from now on no entry can be written there.
            Directory.Delete(directory, recursive: true);
            File.WriteAllText(directory, "");
        };

        var created = await node.CreateAsync(new CreateInput("urn", "node", await cluster.InputsAsync(agent, "zone1"), Preview: false, null), cluster.Context());

        Assert.Equal("SUCCEED", created.Outputs["dagState"].StringValue);
        var dag = cluster.Simulator.Dags.Single().Id;
        Assert.Equal(dag, created.Outputs["dagId"].StringValue);
        Assert.Contains(cluster.Progress.Lines, l => l.Contains($"({dag}) was accepted but could not be recorded", StringComparison.Ordinal));
        Assert.DoesNotContain(cluster.Progress.Lines, l => l.Contains("nothing was sent", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_killed_create_the_engine_never_recorded_is_reported_once_per_run_with_the_commands_that_recover_it()
    {
        await using var cluster = await ObshellTestCluster.StartAsync();
        var lost = cluster.Simulator.SpareAgents[0];
        var killed = new ScaleOutJournal(cluster.Journal, LostUrn, lost, cluster.Simulator.ClusterEndpoints);
        var send = ScaleOutSend.At(cluster.Simulator.Options.Time.GetUtcNow());
        killed.Sending(send);
        Assert.True(killed.Started("1042", send, out _));
        var member = cluster.Simulator.Members[0].Agent;

        // A later run (another plugin process) on the same cluster: two operations, one warning.
        var node = new ObserverNode(cluster.Connection, cluster.Journal);
        await node.ReadAsync(new ReadInput(member, "urn", PropertyMap.Empty, PropertyMap.Empty), cluster.Context());
        await node.ReadAsync(new ReadInput(member, "urn", PropertyMap.Empty, PropertyMap.Empty), cluster.Context());

        var warning = Assert.Single(cluster.Progress.Lines, l => l.Contains(LostUrn, StringComparison.Ordinal));
        Assert.Contains($"ObserverNode {lost}", warning, StringComparison.Ordinal);
        Assert.Contains("DAG 1042", warning, StringComparison.Ordinal);
        Assert.Contains("`pulumi up`", warning, StringComparison.Ordinal);
        Assert.Contains($"pulumi import {ObserverNode.TypeToken} <name> {lost}", warning, StringComparison.Ordinal);
        Assert.Contains($"pulumi refresh --import-pending-creates {LostUrn} {lost}", warning, StringComparison.Ordinal);
        Assert.Contains("no longer want the node", warning, StringComparison.Ordinal);
        Assert.Contains("POST /api/v1/task/dag/1042 {\"operator\":\"ROLLBACK\"}", warning, StringComparison.Ordinal);
        Assert.NotNull(killed.Interrupted()); // removed only once a resource owns the node
    }

    [Fact]
    public async Task An_add_of_this_run_and_an_entry_of_another_cluster_are_not_reported_as_left_behind()
    {
        await using var cluster = await ObshellTestCluster.StartAsync();
        var send = ScaleOutSend.At(cluster.Simulator.Options.Time.GetUtcNow());
        new ScaleOutJournal(cluster.Journal, LostUrn, "10.9.9.9:2886", ["10.9.9.1:2886"]).Sending(send);
        var agent = cluster.Simulator.SpareAgents[0];

        await cluster.CreateAsync(await cluster.InputsAsync(agent, "zone1"));

        Assert.DoesNotContain(cluster.Progress.Lines, l => l.Contains("Pulumi never recorded it", StringComparison.Ordinal));
    }
}
