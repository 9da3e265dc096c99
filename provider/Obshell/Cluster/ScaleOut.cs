using ClusterScale.Provider.Obshell.Api;
using ClusterScale.Provider.Protocol;

namespace ClusterScale.Provider.Obshell.Cluster;

/// <summary>
/// Adds a node idempotently (create, and resuming an unfinished create): under the per-cluster lock, finish a scale-in
/// of this node a destroy cut short; finish the DAG proven ours (<see cref="NodeDags"/>: recorded, or its logs naming this node as its target); adopt the node if it is
/// already a member in its declared zone (checked before any DAG not proven ours is looked at); wait for one that may
/// be ours while it runs; let other DAGs finish; otherwise send scale_out and wait. A lost answer is never re-sent
/// blindly: the cluster is re-read first, so a node is never added twice.
/// </summary>
/// <param name="journal">Records the send and the DAG it started, for a run that follows a killed one.</param>
/// <param name="dags">Which DAGs are this node's: the recorded one, and the sends of earlier runs and this one.</param>
public sealed class ScaleOut(ClusterMaintenance maintenance, ObserverNodeArgs node, ScaleOutJournal journal, NodeDags dags)
{
    public const string DagName = "Cluster scale out";

    private ObshellCluster Cluster => maintenance.Cluster;
    private CancellationToken Cancellation => maintenance.Deadline.Token;

    /// <summary>Answers to our scale_out that were ambiguous in this run: any later failure leaves the outcome
    /// unknown (never "nothing was changed").</summary>
    private int _ambiguousSends;

    public Task<NodeStatus> RunAsync() =>
        maintenance.ExclusivelyAsync(async () =>
        {
            try
            {
                return await RunLockedAsync();
            }
            catch (Exception e) when (_ambiguousSends > 0 && e is not (DagUnfinishedException or AmbiguousOutcomeException))
            {
                throw new AmbiguousOutcomeException($"a scale_out whose answer was lost may have started, then: {e.Message}", e);
            }
        });

    private async Task<NodeStatus> RunLockedAsync()
    {
        await SettleOwnScaleInAsync();
        var lockRefusals = 0;
        var alreadyExists = false;
        while (true)
        {
            var claim = dags.ScaleOutAmong(await Cluster.UnfinishedDagsAsync(Cancellation));
            // A DAG proven this node's (NodeDags: the id an accepted answer named, or its logs naming this node as the
            // target) is finished first, member or not, so the state names the DAG that added the node: one that FAILED
            // after the node joined holds the cluster lock, and adopting the member around it would leave it for
            // someone to roll back, taking out a node the state holds.
            if (claim.Ours is { } ours)
            {
                if (await ContinueOursAsync(ours) is { } done) return done;
                continue;
            }
            // Membership before any DAG not proven ours: a member is adopted, and no such DAG is touched.
            if (ClusterMember.Find(await Cluster.ObInfoAsync(Cancellation), node.Agent) is { } member)
                return new NodeStatus(InDeclaredZone(member), null);
            if (claim.CannotTell.FirstOrDefault(d => d.State != DagStates.Failed) is { } running)
            {
                // It may be ours and may be another's: waiting harms neither; afterwards its logs or the membership tell.
                await maintenance.WaitAsync(running, d => $"waiting for DAG {d} (it may be the scale-out of {node.Id} an earlier run sent): {DagProgress.Stage(d)}");
                continue;
            }
            if (claim.CannotTell.Count > 0) throw CannotTell(claim.CannotTell);
            await ExpireSendIfOverAsync();
            if (alreadyExists)
                throw new OperationFailedException(
                    $"the cluster already has an observer at {node.Ip} with this rpc port (Agent.AlreadyExists) but {node.Id} is not one of its agents: " +
                    "a manual removal was left half-done, or another agent uses that address; finish or undo it by hand, then run again");
            if (await maintenance.SettleOtherDagsAsync(dags.MayBeOurScaleOut) is not null) continue;

            DagDetail dag;
            var before = dags.Send;
            try
            {
                dag = await Cluster.ScaleOutAsync(new ScaleOutRequest(node.Agent, node.Zone, node.ObConfigs, node.TargetAgentPassword), async agentNow =>
                {
                    dags.Sent(ScaleOutSend.At(agentNow));
                    journal.Sending(dags.Send!);
                    await maintenance.Operation.Progress.InfoAsync($"scaling out {node} through the cluster");
                }, Cancellation);
                await RecordStartedAsync(dag);
            }
            catch (ObshellApiException e)
            {
                // A refusal: this send started no DAG, so its window is no evidence of anything.
                Retract(before);
                if (ObshellRefusals.IsLockConflict(e))
                {
                    // Another DAG holds the lock (no DAG was created): wait for it, then try again.
                    await maintenance.AfterLockRefusalAsync(++lockRefusals, dags.MayBeOurScaleOut);
                    continue;
                }
                if (!e.Is(ObshellErrors.AlreadyExists)) throw;
                alreadyExists = true;
                continue;
            }
            catch (AmbiguousOutcomeException) when (++_ambiguousSends < ClusterMaintenance.MaxUnknownOutcomes && !Cancellation.IsCancellationRequested)
            {
                // The request may have started a DAG: the next round finds the membership, or the one DAG that
                // started within the send window, before anything is sent again.
                continue;
            }
            return await FinishAsync(dag);
        }
    }

    /// <summary>
    /// A scale-in of this node (<see cref="NodeDags"/>) that a destroy cut short left unfinished is settled before
    /// anything else, as the next destroy would settle it: waited for while it runs, a FAILED one tried forward first
    /// (should it fail again it is rolled back and the run stops saying so; the node, a member again, is adopted by
    /// the next). Left alone it would hold the cluster lock for good, or remove the node right after it was adopted.
    /// </summary>
    private async Task SettleOwnScaleInAsync()
    {
        foreach (var dag in await ScaleIn.LeftUnfinishedAsync(Cluster, dags, Cancellation))
        {
            await maintenance.Operation.Progress.InfoAsync($"adding {node.Id}: first finishing its own scale-in, DAG {dag}, that a destroy cut short left unfinished");
            await maintenance.ResumeIfFailedAsync(dag);
            await maintenance.FinishRemovalAsync(dag, $"the scale-in of {node.Id} a destroy left unfinished", $"adding {node.Id}", "nothing was added");
        }
    }

    /// <summary>Our DAG, found unfinished: a failed rollback is finished (then null: add the node afresh); anything
    /// else is resumed and waited for.</summary>
    private async Task<NodeStatus?> ContinueOursAsync(DagDetail ours)
    {
        if (ours is { State: DagStates.Failed, Operator: DagStates.Rollback })
        {
            // An earlier rollback failed half-way: finish undoing it, then add the node afresh.
            await ResumeAsync(ours);
            var undone = await maintenance.WaitOursAsync(ours, d => $"finishing the rollback of {ours}: {DagProgress.Stage(d)}");
            if (!undone.IsRolledBack())
                throw new DagUnfinishedException(undone, $"the rollback of {DagFailure.Describe(undone)}");
            dags.RecordedScaleOut = null;
            dags.Expire();
            return null;
        }
        await RecordStartedAsync(ours);
        await ResumeAsync(ours);
        return await FinishAsync(ours);
    }

    /// <summary>
    /// Records the DAG id in the journal. The agent accepted, so a failure to write it (a full disk) must not end the
    /// run as if nothing had been sent: the run goes on with the id in memory and reports it in state; the entry keeps
    /// the send window, which still ties the DAG to the send should this run die too (issue 18).
    /// </summary>
    private async Task RecordStartedAsync(DagDetail dag)
    {
        dags.RecordedScaleOut = dag.Id;
        if (!journal.Started(dag.Id, dags.Send, out var problem))
            await maintenance.Operation.Progress.WarningAsync($"adding {node.Id}: DAG {dag} was accepted but could not be recorded in the operation journal " +
                $"({problem}); continuing, the DAG id is reported in state");
    }

    /// <summary>A member at the declared address is the declared node only in the declared zone (a node cannot move
    /// between zones: obshell has no such operation).</summary>
    private ClusterMember InDeclaredZone(ClusterMember member) => member.Zone == node.Zone ? member
        : throw new OperationFailedException(
            $"{node.Id} is already a cluster member in zone '{member.Zone}', not in the declared zone '{node.Zone}': it is not adopted. " +
            $"Set zone to '{member.Zone}' to adopt it as it is, or remove it from the cluster first to add it to '{node.Zone}'");

    private OperationFailedException CannotTell(IReadOnlyList<DagDetail> candidates)
    {
        var send = dags.Send!;
        var when = send.IsUnknown ? "at an unrecorded time" : $"between {send.From:u} and {send.Until:u} (agent clock)";
        return new OperationFailedException(
            $"cannot tell whether {string.Join(", ", candidates.Select(d => $"FAILED DAG {d}"))} is the scale-out of {node.Id} an interrupted run sent {when}: " +
            "its logs name no target yet (it stopped before node 2 'Create local scale out dag' logged one), and its start time is no proof " +
            "that our request ever reached the agent. " +
            "Nothing was done to it. Its owner resolves it: if it adds this node, RETRY it (POST /api/v1/task/dag/<id> {\"operator\":\"RETRY\"}) " +
            "and the next `pulumi up` adopts the node as a member; otherwise ROLLBACK it, and the next `pulumi up` adds the node");
    }

    /// <summary>Back to the sends before a refused one, in memory and in the journal.</summary>
    private void Retract(ScaleOutSend? before)
    {
        dags.Retract(before);
        if (before is null) journal.Remove();
        else journal.Sending(before);
    }

    /// <summary>A journalled send whose window is over, with no DAG left in it, can no longer match any DAG: dropped.</summary>
    private async Task ExpireSendIfOverAsync()
    {
        if (dags.Send is not { } send || !send.IsOver(await Cluster.AgentClockAsync(Cancellation))) return;
        dags.Expire();
        journal.Remove();
    }

    /// <summary>Our DAG exists: a failure to resume it (cancelled, refused, lost answer) leaves it recorded.</summary>
    private async Task ResumeAsync(DagDetail ours)
    {
        try
        {
            await maintenance.ResumeIfFailedAsync(ours);
        }
        catch (Exception e)
        {
            throw maintenance.Unfinished(ours, e);
        }
    }

    /// <summary>Our DAG was accepted: from here on every failure but a clean rollback is partial state.</summary>
    private async Task<NodeStatus> FinishAsync(DagDetail dag)
    {
        var change = $"scale-out of {node.Id}";
        var finished = await maintenance.WaitOursAsync(dag, d => $"adding {node.Id}: {DagProgress.Stage(d)}");
        if (finished.IsRolledBack())
            throw new OperationFailedException($"{change}: DAG {finished} was rolled back, the node was not added");
        if (finished.State == DagStates.Failed)
            throw await maintenance.FailureAsync(finished, node.FailurePolicy, change);
        ClusterMember? member;
        try
        {
            await maintenance.Operation.Progress.InfoAsync($"DAG {finished} succeeded; reading the cluster topology");
            member = ClusterMember.Find(await Cluster.ObInfoAsync(Cancellation), node.Agent);
        }
        catch (Exception e)
        {
            throw maintenance.Unfinished(finished, e);
        }
        // A DAG proven ours by its logs may come from a run that declared another zone.
        return member is null
            ? throw new DagUnfinishedException(finished, $"{change}: DAG {finished} succeeded but the cluster topology does not list the node")
            : new NodeStatus(InDeclaredZone(member), finished);
    }
}

/// <summary>A member node as read from the cluster, with the DAG that added it (null when it was adopted).</summary>
public sealed record NodeStatus(ClusterMember Member, DagDetail? Dag);
