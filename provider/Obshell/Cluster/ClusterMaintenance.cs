using ClusterScale.Provider.Deadlines;
using ClusterScale.Provider.Obshell.Api;
using ClusterScale.Provider.Protocol;
using ClusterScale.Provider.Waiting;

namespace ClusterScale.Provider.Obshell.Cluster;

/// <summary>
/// The steps scale-out and scale-in share around the cluster's single maintenance lock: letting other DAGs finish,
/// waiting for our own, resuming a failed one and applying the failure policy. All waits share one deadline.
/// </summary>
public sealed class ClusterMaintenance(ObshellCluster cluster, OperationContext operation, OperationDeadline deadline)
{
    /// <summary>How many change requests with a lost answer are re-checked and re-sent before giving up.</summary>
    public const int MaxUnknownOutcomes = 5;

    private readonly Waiter _waiter = new(operation.Time);

    public ObshellCluster Cluster => cluster;
    public OperationContext Operation => operation;

    /// <summary>The operation's one budget: the lock wait, every call and every wait count against it.</summary>
    public OperationDeadline Deadline => deadline;

    /// <summary>Runs <paramref name="work"/> holding this process's lock for the cluster (see <see cref="ObshellCluster.OperationLock"/>).</summary>
    public async Task<T> ExclusivelyAsync<T>(Func<Task<T>> work)
    {
        await cluster.OperationLock.WaitAsync(deadline.Token);
        try
        {
            return await work();
        }
        finally
        {
            cluster.OperationLock.Release();
        }
    }

    /// <summary>
    /// Waits until no other DAG holds the lock and returns our unfinished DAG, if any. Another DAG that is running is
    /// waited for (not an error: the cluster is busy); one that FAILED holds the lock until an operator acts, so it
    /// ends the operation with its diagnosis.
    /// </summary>
    public async Task<DagDetail?> SettleOtherDagsAsync(Func<DagDetail, bool> isOurs)
    {
        while (true)
        {
            var unfinished = await cluster.UnfinishedDagsAsync(operation.Cancellation);
            if (unfinished.FirstOrDefault(isOurs) is { } ours) return ours;
            if (unfinished.FirstOrDefault() is not { } other) return null;
            var detail = await cluster.DagAsync(other.Id, operation.Cancellation);
            if (detail.State == DagStates.Failed)
                throw new OperationFailedException(
                    $"the cluster is locked by {DagFailure.Describe(detail)}. It waits for an operator: retry or roll it back " +
                    $"(POST /api/v1/task/dag/{detail.Id} {{\"operator\":\"RETRY\"|\"ROLLBACK\"}}), then run again");
            await WaitAsync(detail, d => $"waiting for DAG {d.Name} ({d.Id}) holding the cluster lock: {DagProgress.Stage(d)}");
        }
    }

    /// <summary>Resumes a FAILED DAG of ours the way it was going: a failed rollback is rolled back again, anything
    /// else is retried from its failed node (the DAG itself makes that safe: nothing is redone twice).</summary>
    public Task ResumeIfFailedAsync(DagDetail dag) => dag.State != DagStates.Failed ? Task.CompletedTask
        : ResumeAsync(dag, dag.Operator == DagStates.Rollback ? DagStates.Rollback : DagStates.Retry);

    /// <summary>Retries a FAILED DAG of ours forward from its failed node, whatever way it was going.</summary>
    public Task RetryAsync(DagDetail dag) => ResumeAsync(dag, DagStates.Retry);

    private async Task ResumeAsync(DagDetail dag, string dagOperator)
    {
        await operation.Progress.InfoAsync($"resuming failed DAG {dag} with {dagOperator}");
        await cluster.OperateDagAsync(dag.Id, dagOperator, operation.Cancellation);
    }

    /// <summary>Waits for a DAG to finish (SUCCEED or FAILED) within what is left of the deadline.</summary>
    public Task<DagDetail> WaitAsync(DagDetail dag, Func<DagDetail, string> status) =>
        _waiter.WaitAsync<DagDetail>($"DAG {dag}", async cancellation =>
        {
            DagDetail now;
            try
            {
                now = await cluster.DagAsync(dag.Id, cancellation);
            }
            catch (ClusterUnreachableException e)
            {
                throw new TransientPollException(e.Message, e);
            }
            catch (ObshellApiException e) when ((int)e.Status >= 500)
            {
                throw new TransientPollException(e.Message, e);
            }
            return now.IsFinished() ? new Poll<DagDetail>.Done(now) : new Poll<DagDetail>.Pending(status(now), DagProgress.ExpectedRemaining(now));
        }, deadline, operation.Progress);

    /// <summary>Waits for our DAG; a timeout or cancellation leaves it running remotely, which is reported as
    /// <see cref="DagUnfinishedException"/> so the caller can record it.</summary>
    public async Task<DagDetail> WaitOursAsync(DagDetail dag, Func<DagDetail, string> status)
    {
        try
        {
            return await WaitAsync(dag, status);
        }
        catch (WaitTimeoutException e)
        {
            throw new DagUnfinishedException(dag, $"{e.Message}. The DAG {dag} keeps running on the cluster; the next run (`pulumi up`, or `pulumi destroy` for a removal) resumes waiting for it", e);
        }
        catch (OperationCanceledException e)
        {
            throw new DagUnfinishedException(dag, $"cancelled while waiting for DAG {dag}, which keeps running on the cluster; the next run (`pulumi up`, or `pulumi destroy` for a removal) resumes waiting for it", e);
        }
    }

    /// <summary>
    /// A FAILED DAG of ours: with <see cref="FailurePolicy.Rollback"/> roll it back (releasing the lock) and fail
    /// cleanly; if the rollback fails too, or with <see cref="FailurePolicy.Leave"/>, the DAG stays FAILED and holds the
    /// lock, reported as <see cref="DagUnfinishedException"/>.
    /// </summary>
    public async Task<Exception> FailureAsync(DagDetail failed, FailurePolicy policy, string change)
    {
        var diagnosis = DagFailure.Describe(failed);
        if (policy == FailurePolicy.Leave)
            return new DagUnfinishedException(failed,
                $"{change} failed: {diagnosis}. The DAG is left for an operator (failurePolicy 'leave') and holds the cluster lock; " +
                "the next run retries it (or set failurePolicy 'rollback' first to undo it instead)");
        await operation.Progress.InfoAsync($"{change} failed, rolling DAG {failed} back (failurePolicy 'rollback')");
        try
        {
            await cluster.OperateDagAsync(failed.Id, DagStates.Rollback, operation.Cancellation);
        }
        catch (ObshellApiException e)
        {
            return new DagUnfinishedException(failed, $"{change} failed: {diagnosis}; the agent refused to roll it back: {e.Message}", e);
        }
        var rolled = await WaitOursAsync(failed, d => $"rolling back {change}: {DagProgress.Stage(d)}");
        return rolled.IsRolledBack()
            ? new OperationFailedException($"{change} failed and was rolled back, nothing was changed: {diagnosis}")
            : new DagUnfinishedException(rolled, $"{change} failed: {diagnosis}; the rollback failed too: {DagFailure.Describe(rolled)}");
    }

    /// <summary>Whether a DAG's own data names this node. UNCONFIRMED: obshell documents no field that names a
    /// scale-out's target, so this looks for the node's ip and port in maintenance_key and additional_data; a DAG it
    /// misses is treated as another's, which is still safe (waited for; only a FAILED one then needs an operator).</summary>
    public static bool Mentions(DagDetail dag, AgentAddress node)
    {
        var text = $"{dag.MaintenanceKey} {dag.AdditionalData}";
        return text.Contains(node.Ip, StringComparison.OrdinalIgnoreCase) && text.Contains(node.Port.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal);
    }
}
