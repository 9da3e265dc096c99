using ClusterScale.Simulators.Obshell.Api;
using ClusterScale.Simulators.Obshell.Cluster;
using ClusterScale.Simulators.Obshell.Faults;

namespace ClusterScale.Simulators.Obshell.Dags;

/// <summary>
/// Runs cluster DAGs node by node on the options' TimeProvider and applies the operators (RETRY, ROLLBACK,
/// CANCEL, PASS) with obshell's rules. The maintenance lock is released only when a DAG ends SUCCEED.
/// </summary>
internal sealed class DagRunner(ClusterState cluster, ObshellFaults faults, CancellationToken stopping)
{
    private readonly List<Task> running = [];

    /// <summary>Registers a new DAG under the maintenance lock and starts it. Call under the gate.</summary>
    public void Submit(Dag dag)
    {
        cluster.Dags.Add(dag);
        cluster.TakeLock(dag);
        Start(dag);
    }

    /// <summary>Applies an operator to a DAG (POST /task/dag/{id}). Call under the gate.</summary>
    public void Operate(Dag dag, string requested)
    {
        var op = requested.ToUpperInvariant();
        if (op is not (DagOperators.Retry or DagOperators.Rollback or DagOperators.Cancel or DagOperators.Pass))
        {
            throw Errors.IllegalArgument($"invalid operator '{requested}': one of RETRY, ROLLBACK, CANCEL, PASS");
        }

        if (op is DagOperators.Cancel or DagOperators.Pass && !dag.AllowsCancelAndPass)
        {
            throw Errors.OperatorRefused("NotSupport", $"DAG '{dag.Name}' does not support {op}");
        }

        if (op == DagOperators.Cancel)
        {
            Cancel(dag);
            return;
        }

        if (dag.State != DagStates.Failed)
        {
            throw Errors.OperatorRefused("RequireFailed", $"{op} needs a FAILED DAG; DAG {dag.GenericId} is {dag.State}");
        }

        // UNCONFIRMED: obshell refuses a rollback that would have to cross a node that cannot be rolled back.
        if (op == DagOperators.Rollback && dag.Nodes.FirstOrDefault(n => n.Applied && !n.CanRollback) is { } blocking)
        {
            throw Errors.OperatorRefused("RollbackNotAllowed", $"node '{blocking.Name}' of DAG {dag.GenericId} cannot be rolled back");
        }

        // UNCONFIRMED: after a failed rollback (FAILED+ROLLBACK) RETRY and ROLLBACK resume the rollback; PASS is refused.
        var rollbackFailed = dag.Operator == DagOperators.Rollback;
        if (rollbackFailed && op == DagOperators.Pass)
        {
            throw Errors.OperatorRefused("NotSupport", $"the rollback of DAG {dag.GenericId} failed: RETRY or ROLLBACK it");
        }

        RetakeLock(dag);
        dag.State = DagStates.Ready;
        dag.Operator = rollbackFailed ? DagOperators.Rollback : op;
        dag.EndTime = null;
        Start(dag);
    }

    public async Task DrainAsync()
    {
        Task[] all;
        lock (running)
        {
            all = [.. running];
        }

        await Task.WhenAll(all).ConfigureAwait(false);
    }

    // A failed scale-in's first node gave the lock back; going on needs it again.
    private void RetakeLock(Dag dag)
    {
        if (cluster.LockHolder == dag)
        {
            return;
        }

        if (cluster.LockHolder is { } holder)
        {
            throw Errors.UnderMaintenance(holder.Name);
        }

        cluster.TakeLock(dag);
    }

    // UNCONFIRMED: a cancelled DAG ends FAILED+CANCEL and, like any unsucceeded DAG, keeps the lock until it is
    // rolled back or retried (the spec: the lock is released only on SUCCEED).
    private void Cancel(Dag dag)
    {
        switch (dag.State)
        {
            case DagStates.Succeed:
                throw Errors.OperatorRefused("RequireUnfinished", $"CANCEL needs an unfinished DAG; DAG {dag.GenericId} is SUCCEED");
            case DagStates.Failed:
                dag.Operator = DagOperators.Cancel;
                break;
            default:
                dag.CancelRequested = true; // the runner stops at the next node boundary
                break;
        }
    }

    private void Start(Dag dag)
    {
        var task = Task.Run(() => RunAsync(dag));
        lock (running)
        {
            running.RemoveAll(t => t.IsCompleted);
            running.Add(task);
        }
    }

    private async Task RunAsync(Dag dag)
    {
        try
        {
            bool rollingBack;
            lock (cluster.Gate)
            {
                rollingBack = dag.Operator == DagOperators.Rollback;
            }

            await (rollingBack ? RollBackAsync(dag) : RunForwardAsync(dag)).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
            // The simulator is shutting down; the DAG simply stops where it is.
        }
    }

    private async Task RunForwardAsync(Dag dag)
    {
        lock (cluster.Gate)
        {
            dag.State = DagStates.Running;
            dag.StartTime ??= cluster.Now;
            if (dag.Operator == DagOperators.Retry)
            {
                dag.Operator = DagOperators.Run; // a retried DAG runs again: it ends SUCCEED+RUN or FAILED+RUN
            }
        }

        for (var index = dag.Stage - 1; index < dag.Nodes.Count; index++)
        {
            var node = dag.Nodes[index];
            lock (cluster.Gate)
            {
                if (StoppedByCancel(dag, node: null))
                {
                    return;
                }

                dag.Stage = index + 1;
                if (node.State == DagStates.Failed && dag.Operator == DagOperators.Pass)
                {
                    Finish(node, DagStates.Succeed, DagOperators.Pass, "skipped by hand (PASS)");
                    continue;
                }

                node.State = DagStates.Running;
                node.Operator = DagOperators.Run;
                node.StartTime = cluster.Now;
                node.EndTime = null;
                node.ExecuteTimes++;
                node.Logs.Add($"start to {node.Name} on {node.ExecuteAgent.Name}");
            }

            await Task.Delay(node.Duration ?? cluster.Options.StageDuration, cluster.Options.Time, stopping).ConfigureAwait(false);

            lock (cluster.Gate)
            {
                if (StoppedByCancel(dag, node))
                {
                    return;
                }

                var error = dag.AcceptsInjectedFailures && faults.TakeDagFailure(index + 1)
                    ? $"injected failure at node {index + 1} '{node.Name}'"
                    : node.Apply();
                if (error is not null)
                {
                    Finish(node, DagStates.Failed, DagOperators.Run, error);
                    dag.State = DagStates.Failed;
                    dag.EndTime = cluster.Now;
                    if (index == 0 && dag.ReleasesLockWhenFirstNodeFails)
                    {
                        cluster.ReleaseLock(dag);
                    }

                    return;
                }

                node.Applied = true;
                Finish(node, DagStates.Succeed, DagOperators.Run, $"{node.Name} succeed");
            }
        }

        Succeed(dag);
    }

    // Undoes the nodes in reverse, from the failed one down to the first; ends SUCCEED+ROLLBACK, or FAILED+ROLLBACK
    // when an undo fails (the lock stays taken).
    private async Task RollBackAsync(Dag dag)
    {
        lock (cluster.Gate)
        {
            dag.State = DagStates.Running;
        }

        for (var index = dag.Stage - 1; index >= 0; index--)
        {
            var node = dag.Nodes[index];
            lock (cluster.Gate)
            {
                dag.Stage = index + 1;
                node.State = DagStates.Running;
                node.Operator = DagOperators.Rollback;
                node.StartTime = cluster.Now;
                node.ExecuteTimes++;
                node.Logs.Add($"start to roll back {node.Name}");
            }

            await Task.Delay(node.Duration ?? cluster.Options.StageDuration, cluster.Options.Time, stopping).ConfigureAwait(false);

            lock (cluster.Gate)
            {
                if (node.Applied && node.Undo?.Invoke() is { } error)
                {
                    Finish(node, DagStates.Failed, DagOperators.Rollback, error);
                    dag.State = DagStates.Failed;
                    dag.EndTime = cluster.Now;
                    return;
                }

                node.Applied = false;
                Finish(node, DagStates.Succeed, DagOperators.Rollback, $"roll back {node.Name} succeed");
            }
        }

        Succeed(dag);
    }

    private bool StoppedByCancel(Dag dag, DagNode? node)
    {
        if (!dag.CancelRequested)
        {
            return false;
        }

        if (node is not null)
        {
            Finish(node, DagStates.Failed, DagOperators.Cancel, "cancelled by hand");
        }

        dag.CancelRequested = false;
        dag.State = DagStates.Failed;
        dag.Operator = DagOperators.Cancel;
        dag.EndTime = cluster.Now;
        return true;
    }

    private void Finish(DagNode node, string state, string op, string log)
    {
        node.State = state;
        node.Operator = op;
        node.EndTime = cluster.Now;
        node.Logs.Add(log);
    }

    private void Succeed(Dag dag)
    {
        lock (cluster.Gate)
        {
            dag.State = DagStates.Succeed;
            dag.EndTime = cluster.Now;
            cluster.ReleaseLock(dag);
        }
    }
}
