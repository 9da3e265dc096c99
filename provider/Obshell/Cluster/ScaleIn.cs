using ClusterScale.Provider.Obshell.Api;
using ClusterScale.Provider.Protocol;

namespace ClusterScale.Provider.Obshell.Cluster;

/// <summary>
/// Removes a node idempotently: under the per-cluster lock, first finish or undo this node's own scale-out (a node is
/// gone only when no DAG of ours can still add it: a running one is waited for, a FAILED one rolled back, whatever the
/// failure policy, so no destroy ends with it holding the lock); let other DAGs finish; resume our own in-flight
/// scale-in; otherwise send scale_in to another member and wait. The node counts as removed only on proof (spec §7):
/// a membership read for the cluster that no longer lists it, or a 204 from another cluster agent. After an
/// ambiguous answer no "Cluster scale in" DAG is taken as ours without proof: the cluster is re-read and scale_in
/// re-sent, which is the spec's probe (204 gone; lock refusal naming the running DAG: wait; 200: a new DAG).
/// </summary>
/// <param name="rpcPort">The node's rpc port as recorded in state (null when unknown), to recognise its server row.</param>
/// <param name="createdZone">The node's scale-out created its zone: once the node is gone, the zone is removed if empty
/// (<see cref="ZoneRemoval"/>).</param>
/// <param name="dags">Which DAGs are this node's (<see cref="NodeDags"/>): its recorded or journalled scale-out, its scale-in.</param>
/// <param name="journal">Records the scale-in DAGs this node's destroys were given, for a destroy that follows an interrupted one.</param>
public sealed class ScaleIn(ClusterMaintenance maintenance, ObserverNodeArgs node, int? rpcPort, bool createdZone, NodeDags dags, ScaleInJournal journal)
{
    public const string DagName = "Cluster scale in";

    private ObshellCluster Cluster => maintenance.Cluster;
    private CancellationToken Cancellation => maintenance.Deadline.Token;

    public Task RunAsync() => maintenance.ExclusivelyAsync(async () =>
    {
        await RunLockedAsync();
        if (createdZone) await new ZoneRemoval(maintenance, node.Zone).RunAsync();
        return true;
    });

    /// <returns>True once the node is proven gone.</returns>
    private async Task<bool> RunLockedAsync()
    {
        await SettleOwnScaleOutAsync();
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
            // Ours: a recorded id, the agent SCALING IN (only a scale-in of this node sets it), one FAILED past "Delete
            // observer" while the node's server is DELETING, or logs naming the node (NodeDags). Once "Delete agent" has
            // run the agent is gone and that step cannot be rolled back: a FAILED scale-in still holding the lock can then
            // only be finished forward (see FinishLeftoverScaleInAsync). No DAG field names its target (§5): after an
            // ambiguous send without such evidence the next round re-reads and re-sends instead. The cluster's view is
            // read again after each wait for a running DAG, which may have changed it. A scale-in of ours that FAILED
            // where it gave the lock back (OceanBase refused "Delete observer") changed nothing and holds nothing: it is
            // left as it is and a new scale_in sent (a RETRY would need the lock back, maybe held by another DAG).
            var seen = before;
            bool IsOurs(DagDetail d) => IsOurScaleIn(d, seen) && DagLock.Holds(d) != false;
            async Task ReadAgainAsync() => seen = await Cluster.ObInfoAsync(Cancellation);
            var ours = await maintenance.SettleOtherDagsAsync(IsOurs, ReadAgainAsync);
            if (ours is not null)
            {
                await RecordStartedAsync(ours);
                // A FAILED one (an interrupted destroy's) is tried forward first: the destroy is what the user asked for;
                // should it fail again, FinishAsync rolls it back, so the lock is free either way.
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
                await RecordStartedAsync(dag);
                await FinishAsync(dag);
            }
            catch (ObshellApiException e) when (ObshellRefusals.IsLockConflict(e))
            {
                // A DAG holds the lock (after a lost answer, maybe our own scale-in): wait for it, then re-read.
                await ReadAgainAsync();
                await maintenance.AfterLockRefusalAsync(++lockRefusals, IsOurs);
            }
            catch (AmbiguousOutcomeException) when (++ambiguousSends < ClusterMaintenance.MaxUnknownOutcomes && !Cancellation.IsCancellationRequested)
            {
                // The request may have started a DAG: the next round re-reads the membership and probes again.
            }
        }
    }

    /// <summary>The unfinished scale-ins of this node (<see cref="NodeDags"/>: a journalled id, or logs naming it) that
    /// hold the cluster lock, as the agent details them: what a destroy cut short (a kill, Ctrl-C, the CLI dying) left.</summary>
    public static async Task<IReadOnlyList<DagDetail>> LeftUnfinishedAsync(ObshellCluster cluster, NodeDags dags, CancellationToken cancellation)
    {
        var left = new List<DagDetail>();
        foreach (var unfinished in (await cluster.UnfinishedDagsAsync(cancellation)).Where(d => d.Name == DagName && DagLock.Holds(d) != false))
            if (await cluster.DagAsync(unfinished.Id, cancellation) is var dag && dags.IsOurScaleIn(dag, nodeScalingIn: false))
                left.Add(dag);
        return left;
    }

    private bool IsOurScaleIn(DagDetail dag, ObInfo cluster) => dags.IsOurScaleIn(dag,
        nodeScalingIn: cluster.Agents.Any(a => AgentAddresses.Same(new AgentAddress(a.Ip, a.Port), node.Agent) && a.Identity == AgentIdentities.ScalingIn),
        serverDeleting: ClusterMember.ServerOf(cluster, node.Agent, rpcPort)?.Status == ServerStatuses.Deleting);

    /// <summary>
    /// This node's own scale-out, if one is unfinished: a running one is waited for (then the node is a member and is
    /// scaled in), a FAILED one is rolled back (then it never joined). A scale-out that may be ours but cannot be told
    /// from another's is waited for while it runs, and stops the destroy when FAILED: the node stays in state.
    /// </summary>
    private async Task SettleOwnScaleOutAsync()
    {
        var change = $"the scale-out of {node.Id}";
        while (true)
        {
            var claim = dags.ScaleOutAmong(await Cluster.UnfinishedDagsAsync(Cancellation));
            var running = claim.Ours ?? claim.CannotTell.FirstOrDefault(d => d.State != DagStates.Failed);
            if (running is { State: not DagStates.Failed })
            {
                await maintenance.Operation.Progress.InfoAsync($"removing {node.Id}: waiting for {change} (DAG {running}) to finish first");
                await OwnScaleOutStep(() => maintenance.WaitOursAsync(running, d => $"removing {node.Id}: waiting for {change}: {DagProgress.Stage(d)}"));
                continue;
            }
            if (claim.Ours is { } failed)
            {
                await maintenance.Operation.Progress.InfoAsync($"removing {node.Id}: rolling back {change}, DAG {failed}, which FAILED");
                var rolled = await OwnScaleOutStep(() => maintenance.RollBackAsync(failed, change));
                if (!rolled.IsRolledBack())
                    throw new OperationFailedException($"removing {node.Id}: rolling back {change} failed: {DagFailure.Describe(rolled)}; the node stays in state");
                continue;
            }
            if (claim.CannotTell.Count > 0)
                throw new OperationFailedException(
                    $"removing {node.Id}: cannot tell whether {string.Join(", ", claim.CannotTell.Select(d => $"FAILED DAG {d}"))} is the scale-out an interrupted " +
                    "run of this node sent (its logs name no target yet, and its start time is no proof that our request reached the agent); nothing was done to it and the node stays in state. Its owner resolves it " +
                    "(RETRY or ROLLBACK: POST /api/v1/task/dag/<id>), then run `pulumi destroy` again");
            return;
        }
    }

    /// <summary>A step on our own scale-out DAG; one left unfinished (timeout, lost answer) fails the destroy with the
    /// node still in state, and the next destroy continues from the cluster.</summary>
    private async Task<DagDetail> OwnScaleOutStep(Func<Task<DagDetail>> step)
    {
        try
        {
            return await step();
        }
        catch (DagUnfinishedException e)
        {
            throw new OperationFailedException($"removing {node.Id}: {e.Message}", e);
        }
    }

    /// <summary>The node is gone, but a scale-in that got past "Wait delete observer success" (stage 4 "Delete agent"
    /// or later) may still hold the lock. One that is ours (its logs name the node, spec §7) is finished: waited for
    /// while it runs (its last stages, e.g. after a kill of the run that sent it), retried forward when FAILED, which
    /// only completes a removal that can no longer be undone; so the destroy ends with the lock free. Another's is
    /// waited for while it runs and otherwise reported, never touched.</summary>
    private const int DeleteAgentStage = 4;

    private async Task FinishLeftoverScaleInAsync()
    {
        var left = (await Cluster.UnfinishedDagsAsync(Cancellation))
            .FirstOrDefault(d => d.Name == DagName && (d.Stage >= DeleteAgentStage || dags.RecordedScaleIns.Contains(d.Id)) && DagLock.Holds(d) != false);
        if (left is null) return;
        var detail = await Cluster.DagAsync(left.Id, Cancellation);
        if (dags.IsOurScaleIn(detail, nodeScalingIn: false))
        {
            if (detail.State == DagStates.Failed) await maintenance.RetryAsync(detail);
            await FinishAsync(detail);
        }
        else if (detail.State != DagStates.Failed)
            await maintenance.WaitAsync(detail, d => $"waiting for DAG {d} holding the cluster lock: {DagProgress.Stage(d)}");
        else
            await maintenance.Operation.Progress.WarningAsync($"{node.Id} is gone; {DagFailure.Describe(detail)} holds the cluster lock and is not this node's " +
                "(its logs do not name it): left for its owner");
    }

    private Task FinishAsync(DagDetail dag) =>
        maintenance.FinishRemovalAsync(dag, $"scale-in of {node.Id}", $"removing {node.Id}", "the node is still a member and stays in state");

    /// <summary>
    /// Our scale-in's id, in memory and in the journal, as soon as it is known: should this destroy be interrupted, the
    /// next one knows the DAG by it (<see cref="ScaleInJournal"/>). The agent accepted already, so a failure to write
    /// it only warns.
    /// </summary>
    private async Task RecordStartedAsync(DagDetail dag)
    {
        if (!dags.RecordedScaleIns.Add(dag.Id)) return;
        if (!journal.Started(dags.RecordedScaleIns, out var problem))
            await maintenance.Operation.Progress.WarningAsync($"removing {node.Id}: scale-in DAG {dag} was accepted but could not be recorded in the " +
                $"operation journal ({problem}); continuing. Should this destroy be interrupted, the next one may not know that DAG as this node's");
    }
}
