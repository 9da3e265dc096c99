using ClusterScale.Provider.Obshell.Api;
using ClusterScale.Provider.Protocol;

namespace ClusterScale.Provider.Obshell.Cluster;

/// <summary>
/// Adds a node idempotently (create, and resuming an unfinished create): under the per-cluster lock, let other DAGs
/// finish; resume our own if one is in flight; adopt the node if it is already a member; otherwise send scale_out
/// and wait. A lost answer is never re-sent blindly: the cluster is re-read first, so a node is never added twice.
/// </summary>
/// <param name="journal">Records the send and the DAG it started, for a run that follows a killed one.</param>
public sealed class ScaleOut(ClusterMaintenance maintenance, ObserverNodeArgs node, ScaleOutJournal journal)
{
    public const string DagName = "Cluster scale out";

    private ObshellCluster Cluster => maintenance.Cluster;
    private CancellationToken Cancellation => maintenance.Deadline.Token;

    /// <summary>Answers to our scale_out that were ambiguous in this run: any scale-out DAG may now be ours, and any
    /// later failure leaves the outcome unknown (never "nothing was changed").</summary>
    private int _ambiguousSends;

    /// <param name="recordedDagId">The DAG an earlier, unfinished run started (from state), if any.</param>
    /// <param name="mayHaveStarted">An earlier run lost the answer to its scale_out: any scale-out DAG in flight may be ours.</param>
    public Task<NodeStatus> RunAsync(string? recordedDagId, bool mayHaveStarted) =>
        maintenance.ExclusivelyAsync(async () =>
        {
            try
            {
                return await RunLockedAsync(recordedDagId, mayHaveStarted);
            }
            catch (Exception e) when (_ambiguousSends > 0 && e is not (DagUnfinishedException or AmbiguousOutcomeException))
            {
                throw new AmbiguousOutcomeException($"a scale_out whose answer was lost may have started, then: {e.Message}", e);
            }
        });

    private async Task<NodeStatus> RunLockedAsync(string? recordedDagId, bool mayHaveStarted)
    {
        var lockRefusals = 0;
        var alreadyExists = false;
        bool IsOurs(DagDetail d) =>
            d.Id == recordedDagId || d.Name == DagName && (mayHaveStarted || _ambiguousSends > 0 || ClusterMaintenance.Mentions(d, node.Agent));
        while (true)
        {
            var ours = await maintenance.SettleOtherDagsAsync(IsOurs);
            if (ours is { State: DagStates.Failed, Operator: DagStates.Rollback })
            {
                // An earlier rollback failed half-way: finish undoing it, then add the node afresh.
                await ResumeAsync(ours);
                var undone = await maintenance.WaitOursAsync(ours, d => $"finishing the rollback of {ours}: {DagProgress.Stage(d)}");
                if (!undone.IsRolledBack())
                    throw new DagUnfinishedException(undone, $"the rollback of {DagFailure.Describe(undone)}");
                continue;
            }
            if (ours is not null)
            {
                journal.Started(ours.Id);
                await ResumeAsync(ours);
                return await FinishAsync(ours);
            }

            if (ClusterMember.Find(await Cluster.ObInfoAsync(Cancellation), node.Agent) is { } member)
                return new NodeStatus(member, null);
            if (alreadyExists)
                throw new OperationFailedException(
                    $"the cluster already has an observer at {node.Ip} with this rpc port (Agent.AlreadyExists) but {node.Id} is not one of its agents: " +
                    "a manual removal was left half-done, or another agent uses that address; finish or undo it by hand, then run again");

            DagDetail dag;
            try
            {
                await maintenance.Operation.Progress.InfoAsync($"scaling out {node} through the cluster");
                journal.Sending();
                dag = await Cluster.ScaleOutAsync(new ScaleOutRequest(node.Agent, node.Zone, node.ObConfigs, node.TargetAgentPassword), Cancellation);
                journal.Started(dag.Id);
            }
            catch (ObshellApiException e) when (ObshellRefusals.IsLockConflict(e))
            {
                // Another DAG holds the lock (no DAG was created): wait for it, then try again.
                await maintenance.AfterLockRefusalAsync(++lockRefusals, IsOurs);
                continue;
            }
            catch (ObshellApiException e) when (e.Is(ObshellErrors.AlreadyExists))
            {
                alreadyExists = true;
                continue;
            }
            catch (AmbiguousOutcomeException) when (++_ambiguousSends < ClusterMaintenance.MaxUnknownOutcomes && !Cancellation.IsCancellationRequested)
            {
                // The request may have started a DAG: the next round finds it (any scale-out DAG counts as ours now)
                // or the membership, before anything is sent again.
                continue;
            }
            return await FinishAsync(dag);
        }
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
        return member is null
            ? throw new DagUnfinishedException(finished, $"{change}: DAG {finished} succeeded but the cluster topology does not list the node")
            : new NodeStatus(member, finished);
    }
}

/// <summary>A member node as read from the cluster, with the DAG that added it (null when it was adopted).</summary>
public sealed record NodeStatus(ClusterMember Member, DagDetail? Dag);
