using ClusterScale.Provider.Obshell.Api;
using ClusterScale.Provider.Protocol;

namespace ClusterScale.Provider.Obshell.Cluster;

/// <summary>
/// Removes a node idempotently: under the per-cluster lock, let other DAGs finish; resume our own in-flight
/// scale-in; otherwise send scale_in to another member and wait. The node counts as removed only on proof (spec §7):
/// a membership read for the cluster that no longer lists it, or a 204 from another cluster agent. After an
/// ambiguous answer no "Cluster scale in" DAG is taken as ours without proof: the cluster is re-read and scale_in
/// re-sent, which is the spec's probe (204 gone; lock refusal naming the running DAG: wait; 200: a new DAG).
/// </summary>
/// <param name="rpcPort">The node's rpc port as recorded in state (null when unknown), to recognise its server row.</param>
/// <param name="createdZone">The node's scale-out created its zone: once the node is gone, the zone is removed if empty
/// (<see cref="ZoneRemoval"/>).</param>
public sealed class ScaleIn(ClusterMaintenance maintenance, ObserverNodeArgs node, int? rpcPort, bool createdZone)
{
    public const string DagName = "Cluster scale in";
    private const string ScalingInIdentity = "SCALING IN";

    private ObshellCluster Cluster => maintenance.Cluster;
    private CancellationToken Cancellation => maintenance.Deadline.Token;

    public Task RunAsync() => maintenance.ExclusivelyAsync(async () =>
    {
        await RunLockedAsync();
        if (createdZone) await new ZoneRemoval(maintenance, node.Zone, node.FailurePolicy).RunAsync();
        return true;
    });

    /// <returns>True once the node is proven gone.</returns>
    private async Task<bool> RunLockedAsync()
    {
        var ambiguousSends = 0;
        var lockRefusals = 0;
        while (true)
        {
            var before = await Cluster.ObInfoAsync(Cancellation);
            if (ClusterMember.ProvesGone(before, node.Agent, rpcPort))
            {
                await FinishLeftoverScaleInAsync();
                return true;
            }
            var agent = before.Agents.FirstOrDefault(a => AgentAddresses.Same(new AgentAddress(a.Ip, a.Port), node.Agent));
            // Only a scale-in of this node sets its agent SCALING IN: that DAG is ours. Once "Delete agent" has run the
            // agent is gone and that step cannot be rolled back: a FAILED scale-in still holding the lock can then only
            // be finished forward (see FailedScaleInLeftAsync). No DAG field names its target (§5), so nothing else
            // makes a scale-in DAG ours: after an ambiguous send the next round re-reads and re-sends instead.
            var scalingIn = agent?.Identity == ScalingInIdentity;
            bool IsOurs(DagDetail d) => d.Name == DagName && (scalingIn || ClusterMaintenance.Mentions(d, node.Agent));
            var ours = await maintenance.SettleOtherDagsAsync(IsOurs);
            if (ours is not null)
            {
                await maintenance.ResumeIfFailedAsync(ours);
                await FinishAsync(ours);
                continue;
            }

            try
            {
                var receiver = await Cluster.ScaleInReceiverAsync(node.Agent, Cancellation);
                await maintenance.Operation.Progress.InfoAsync($"scaling in {node.Id}{(node.ForceKill ? " (force kill)" : "")} through {receiver}");
                var dag = await Cluster.ScaleInAsync(receiver, new ScaleInRequest(node.Agent, node.ForceKill), Cancellation);
                // 204 from another cluster agent: the node's agent row is gone (§4, §7).
                if (dag is null) return true;
                await FinishAsync(dag);
            }
            catch (ObshellApiException e) when (ObshellRefusals.IsLockConflict(e))
            {
                // A DAG holds the lock (after a lost answer, maybe our own scale-in): wait for it, then re-read.
                await maintenance.AfterLockRefusalAsync(++lockRefusals, IsOurs);
            }
            catch (AmbiguousOutcomeException) when (++ambiguousSends < ClusterMaintenance.MaxUnknownOutcomes && !Cancellation.IsCancellationRequested)
            {
                // The request may have started a DAG: the next round re-reads the membership and probes again.
            }
        }
    }

    /// <summary>The node is gone, but a scale-in that got past "Wait delete observer success" (stage 4 "Delete agent"
    /// or later) may still hold the lock: one still running (its last stages, e.g. after a kill of the run that sent
    /// it) is waited for, a FAILED one is retried forward, which only completes a removal that can no longer be undone;
    /// either way the destroy ends with the lock free (UNCONFIRMED: no field names its target, it is most likely ours).</summary>
    private const int DeleteAgentStage = 4;

    private async Task FinishLeftoverScaleInAsync()
    {
        var left = (await Cluster.UnfinishedDagsAsync(Cancellation))
            .FirstOrDefault(d => d.Name == DagName && d.Stage >= DeleteAgentStage && DagLock.Holds(d) != false);
        if (left is null) return;
        if (left.State == DagStates.Failed) await maintenance.RetryAsync(left);
        await FinishAsync(left);
    }

    private Task FinishAsync(DagDetail dag) =>
        maintenance.FinishRemovalAsync(dag, $"scale-in of {node.Id}", $"removing {node.Id}", "the node is still a member", node.FailurePolicy);
}
