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
    /// waited for (not an error: the cluster is busy); a FAILED one that holds the lock (<see cref="DagLock"/>) waits
    /// for an operator, so it ends the operation with its diagnosis; a FAILED one that released it is ignored.
    /// </summary>
    /// <param name="readAgain">Refreshes what <paramref name="isOurs"/> judges by after a wait (the DAG waited for may
    /// have changed the cluster's view).</param>
    public async Task<DagDetail?> SettleOtherDagsAsync(Func<DagDetail, bool> isOurs, Func<Task>? readAgain = null)
    {
        while (true)
        {
            var unfinished = await cluster.UnfinishedDagsAsync(deadline.Token);
            if (unfinished.FirstOrDefault(isOurs) is { } ours) return ours;
            if (unfinished.FirstOrDefault(d => d.State != DagStates.Failed) is { } running)
            {
                var detail = await cluster.DagAsync(running.Id, deadline.Token);
                await WaitAsync(detail, d => $"waiting for DAG {d.Name} ({d.Id}) holding the cluster lock: {DagProgress.Stage(d)}");
                if (readAgain is not null) await readAgain();
                continue;
            }
            if (unfinished.FirstOrDefault(d => DagLock.Holds(d) == true) is { } holder)
                throw await LockedByAsync(holder);
            return null;
        }
    }

    /// <summary>
    /// After the agent refused a change because the lock is held: the refusal is the answer where the DAGs could not
    /// tell (a FAILED DAG without maintenance_type then holds it, an operator must act); a running holder is waited
    /// for by the next <see cref="SettleOtherDagsAsync"/>; with no holder in sight (the agent-local lock, or a holder
    /// that finished meanwhile) the next try waits a little longer each time, so refusals never become a storm.
    /// </summary>
    public async Task AfterLockRefusalAsync(int refusals, Func<DagDetail, bool> isOurs)
    {
        var unfinished = await cluster.UnfinishedDagsAsync(deadline.Token);
        if (unfinished.Any(d => d.State != DagStates.Failed || isOurs(d))) return;
        if (unfinished.FirstOrDefault(d => DagLock.Holds(d) != false) is { } holder)
            throw await LockedByAsync(holder);
        var pause = TimeSpan.FromSeconds(Math.Min(30, Math.Pow(2, Math.Min(refusals, 5) - 1)));
        await operation.Progress.StatusAsync($"the cluster lock is held by no visible DAG; trying again in {pause.TotalSeconds:0} s");
        await Task.Delay(pause < deadline.Remaining ? pause : deadline.Remaining, operation.Time, deadline.Token);
    }

    private async Task<OperationFailedException> LockedByAsync(DagDetail holder)
    {
        var detail = await cluster.DagAsync(holder.Id, deadline.Token);
        // No DAG names its target (spec §5): a scale-out left by a run that died where no journal of it is (another
        // machine, or a lost journal) looks like anyone's. Its owner resolves it; then the next run adopts or adds.
        var scaleOutHint = detail.Name == ScaleOut.DagName
            ? " If it is the scale-out of a node of yours whose run died (e.g. on another machine), RETRY it to finish adding the node " +
              "(the next `pulumi up` adopts it as a member) or ROLLBACK it (the next `pulumi up` adds the node afresh)."
            : "";
        return new OperationFailedException(
            $"the cluster is locked by {DagFailure.Describe(detail)}. It waits for an operator: retry or roll it back " +
            $"(POST /api/v1/task/dag/{detail.Id} {{\"operator\":\"RETRY\"|\"ROLLBACK\"}}), then run again.{scaleOutHint}");
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
        await cluster.OperateDagAsync(dag.Id, dagOperator, deadline.Token);
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

    /// <summary>Waits for our DAG. Our DAG was accepted, so no failure here means "nothing changed": a timeout, a
    /// cancellation, or any error while polling it (a 4xx too: the password rotated, the clock drifted) leaves it on
    /// the cluster, reported as <see cref="DagUnfinishedException"/> so the caller records it.</summary>
    public async Task<DagDetail> WaitOursAsync(DagDetail dag, Func<DagDetail, string> status)
    {
        try
        {
            return await WaitAsync(dag, status);
        }
        catch (Exception e) when (e is not DagUnfinishedException)
        {
            throw Unfinished(dag, e);
        }
    }

    /// <summary>Partial state for a failure after our DAG was accepted: the DAG stays recorded, the next run resumes it.</summary>
    public DagUnfinishedException Unfinished(DagDetail dag, Exception e)
    {
        var cause = e switch
        {
            WaitTimeoutException => e.Message,
            // Not the engine: the budget (its timer may fire a hair before Elapsed reaches it, so not Explains).
            OperationCanceledException when deadline.Token.IsCancellationRequested && !deadline.CancelledByEngine => deadline.Exceeded($"DAG {dag}", "still running when last seen").Message,
            OperationCanceledException => $"cancelled while waiting for DAG {dag}",
            _ => $"lost track of DAG {dag}: {e.Message}",
        };
        return new DagUnfinishedException(dag,
            $"{cause}. The DAG {dag} keeps running on the cluster; the next run (`pulumi up`, or `pulumi destroy` for a removal) resumes waiting for it", e);
    }

    /// <summary>
    /// Waits for a DAG of a destroy (scale-in, zone deletion). A destroy records no partial state: the resource stays
    /// in state and the next destroy resumes, so everything unfinished is an <see cref="OperationFailedException"/>.
    /// No destroy ends with a DAG of its own holding the cluster lock, whatever <c>failurePolicy</c> says (it is about
    /// the scale-out): a FAILED one is rolled back, which gives the lock back, and the destroy fails saying so; one that
    /// failed at or past a node that cannot be undone ("Delete agent", spec §5) is retried forward once instead, which
    /// only completes a removal that already happened. Only what then still fails (the rollback or the retry fails
    /// too, or a lost answer) is left holding the lock, named in the error; the next destroy resumes it as its own.
    /// </summary>
    /// <param name="stillThere">What remains true after a failure (e.g. "the node is still a member").</param>
    public async Task FinishRemovalAsync(DagDetail dag, string change, string doing, string stillThere)
    {
        var finished = await WaitRemovalAsync(dag, change, doing);
        if (finished.IsRolledBack())
            throw new OperationFailedException($"{change}: DAG {finished} was rolled back, {stillThere}");
        if (finished.State != DagStates.Failed) return;
        var diagnosis = DagFailure.Describe(finished);
        // A removal OceanBase refused fails at a node that gives the lock back ("Delete observer", DagLock): nothing
        // changed, and a rollback would only take the lock again to undo nothing. Its task log carries OceanBase's reason.
        if (DagLock.Holds(finished) == false)
            throw new OperationFailedException($"{change} was refused: {diagnosis}. Nothing was changed and the cluster lock is free; {stillThere}");
        if (PastUndoableNodes(finished))
        {
            await operation.Progress.InfoAsync($"{change} failed past '{DeleteAgentNode}', which cannot be undone: retrying DAG {finished} forward");
            await RetryAsync(finished);
            var retried = await WaitRemovalAsync(finished, change, doing);
            if (retried.State != DagStates.Failed) return;
            throw new OperationFailedException($"{change} failed past '{DeleteAgentNode}', which cannot be undone, and again when retried: " +
                $"{DagFailure.Describe(retried)}. The DAG holds the cluster lock; the next destroy retries it (or an operator RETRYs or PASSes it: " +
                $"POST /api/v1/task/dag/{retried.Id})");
        }
        await operation.Progress.InfoAsync($"{change} failed, rolling DAG {finished} back so that it does not hold the cluster lock");
        DagDetail rolled;
        try
        {
            rolled = await RollBackAsync(finished, change);
        }
        catch (DagUnfinishedException e)
        {
            throw new OperationFailedException($"{change} failed: {diagnosis}; {e.Message}; the next destroy rolls it back; {stillThere}", e);
        }
        throw rolled.IsRolledBack()
            ? new OperationFailedException($"{change} failed and DAG {finished} was rolled back, so the cluster lock is free: {diagnosis}; {stillThere}")
            : new OperationFailedException($"{change} failed: {diagnosis}; the rollback failed too: {DagFailure.Describe(rolled)}. The DAG holds the " +
                $"cluster lock and the next destroy rolls it back again; {stillThere}");
    }

    /// <summary>The node of "Cluster scale in" that cannot be rolled back (obshell@61ee147 ob/agent/executor/ob/scale_in.go:352-361).</summary>
    private const string DeleteAgentNode = "Delete agent";

    /// <summary>A rollback undoes nodes 1 to the failed one: refused when one of them cannot be undone.</summary>
    private static bool PastUndoableNodes(DagDetail failed) => (failed.Nodes ?? []).Take(failed.Stage).Any(n => n.Name == DeleteAgentNode);

    private async Task<DagDetail> WaitRemovalAsync(DagDetail dag, string change, string doing)
    {
        try
        {
            return await WaitOursAsync(dag, d => $"{doing}: {DagProgress.Stage(d)}");
        }
        catch (DagUnfinishedException e)
        {
            throw new OperationFailedException($"{change}: {e.Message}", e);
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
            var rolled = await RollBackAsync(failed, change);
            return rolled.IsRolledBack()
                ? new OperationFailedException($"{change} failed and was rolled back, nothing was changed: {diagnosis}")
                : new DagUnfinishedException(rolled, $"{change} failed: {diagnosis}; the rollback failed too: {DagFailure.Describe(rolled)}");
        }
        catch (DagUnfinishedException e)
        {
            return new DagUnfinishedException(failed, $"{change} failed: {diagnosis}; {e.Message}", e);
        }
    }

    /// <summary>Rolls a FAILED DAG of ours back and waits for the rollback to end (rolled back, or FAILED again).
    /// A refused, lost or cancelled ROLLBACK leaves the DAG ours and unfinished: <see cref="DagUnfinishedException"/>.</summary>
    public async Task<DagDetail> RollBackAsync(DagDetail failed, string change)
    {
        try
        {
            await cluster.OperateDagAsync(failed.Id, DagStates.Rollback, deadline.Token);
        }
        catch (Exception e)
        {
            throw new DagUnfinishedException(failed, $"asking the agent to roll DAG {failed} back did not succeed: {e.Message}", e);
        }
        return await WaitOursAsync(failed, d => $"rolling back {change}: {DagProgress.Stage(d)}");
    }
}
