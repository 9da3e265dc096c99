using ClusterScale.Provider.Obshell.Api;
using ClusterScale.Provider.Protocol;

namespace ClusterScale.Provider.Obshell.Cluster;

/// <summary>
/// Removes a zone the node's own scale-out created, once the node has left it (spec §9: scale-in never deletes a
/// zone). Only an empty zone is removed: obshell's "Delete zone" DAG would also delete any server still in it, so a
/// zone that another server joined is left alone, with a warning. A refusal (units in the zone, another zone
/// stopped, an agent without the route) leaves the zone too, with a warning: the node itself is gone either way.
/// Runs under the per-cluster lock, after the scale-in.
/// </summary>
public sealed class ZoneRemoval(ClusterMaintenance maintenance, string zone)
{
    public const string DagName = "Delete zone";

    private ObshellCluster Cluster => maintenance.Cluster;
    private CancellationToken Cancellation => maintenance.Deadline.Token;
    private IProgressSink Progress => maintenance.Operation.Progress;

    public async Task RunAsync()
    {
        var ambiguousSends = 0;
        var lockRefusals = 0;
        while (true)
        {
            // A "Delete zone" DAG is never taken as ours (no field names its zone): after a lost answer it is waited
            // for like any other, then the request is sent again, which answers 204 once the zone is gone.
            await maintenance.SettleOtherDagsAsync(_ => false);
            var info = await Cluster.ObInfoAsync(Cancellation);
            if (info.Cluster?.Topology?.GetValueOrDefault(zone) is { Count: > 0 } servers)
            {
                await Progress.WarningAsync($"zone '{zone}' was created with this node but now holds {servers.Count} other server(s); it is left in place");
                return;
            }
            DagDetail? dag;
            try
            {
                await Progress.InfoAsync($"deleting the emptied zone '{zone}' this node's scale-out created");
                dag = await Cluster.DeleteZoneAsync(zone, Cancellation);
            }
            catch (ObshellApiException e) when (ObshellRefusals.IsLockConflict(e))
            {
                await maintenance.AfterLockRefusalAsync(++lockRefusals, _ => false);
                continue;
            }
            catch (ObshellApiException e)
            {
                await Progress.WarningAsync($"zone '{zone}' is left in place: the agent refused to delete it ({e.Message})");
                return;
            }
            catch (AmbiguousOutcomeException) when (++ambiguousSends < ClusterMaintenance.MaxUnknownOutcomes && !Cancellation.IsCancellationRequested)
            {
                continue;
            }
            if (dag is not null) await FinishAsync(dag);
            return;
        }
    }

    private Task FinishAsync(DagDetail dag) =>
        maintenance.FinishRemovalAsync(dag, $"deleting zone '{zone}'", $"deleting zone '{zone}'", "the zone is still there");
}
