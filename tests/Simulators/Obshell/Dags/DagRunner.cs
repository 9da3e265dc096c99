using ClusterScale.Simulators.Obshell.Api;
using ClusterScale.Simulators.Obshell.Cluster;
using ClusterScale.Simulators.Obshell.Faults;

namespace ClusterScale.Simulators.Obshell.Dags;

/// <summary>
/// Runs cluster DAGs node by node on the options' TimeProvider, as obshell's scheduler advances them, and applies
/// the operators with obshell's rules (spec sections 5 and 6, obshell ob/agent/service/task/dag.go and
/// engine/scheduler/dag_handler.go). The maintenance lock is released when a DAG succeeds or is passed, and when
/// it fails (or is cancelled) at a node marked <see cref="DagNode.FailureExitsMaintenance"/>.
/// </summary>
internal sealed class DagRunner(ClusterState cluster, ObshellFaults faults, CancellationToken stopping)
{
    private static readonly DateTimeOffset Epoch = DateTimeOffset.UnixEpoch;
    private readonly List<Task> running = [];

    /// <summary>Takes the maintenance lock for a new DAG (refused while held), registers and starts it. Call under the gate.</summary>
    public void Submit(Dag dag)
    {
        cluster.StartMaintenance(dag.Name);
        cluster.Dags.Add(dag);
        Start(dag);
    }

    /// <summary>Applies an operator (POST /task/dag/{id}, any case). Call under the gate.</summary>
    public void Operate(Dag dag, string requested)
    {
        switch (requested.ToUpperInvariant())
        {
            case DagOperators.Retry:
                Retry(dag);
                break;
            case DagOperators.Rollback:
                Rollback(dag);
                break;
            case DagOperators.Cancel:
                Cancel(dag);
                return; // the running DAG notices it; a READY one is started below by its own task already
            case DagOperators.Pass:
                Pass(dag);
                return;
            default:
                throw Errors.OperatorRefused("NotSupport", $"Operator {requested} is not supported", $"invalid operator: {requested}");
        }

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

    // The node at the current stage runs again, forward, from where the DAG stopped (also after a failed rollback).
    private void Retry(Dag dag)
    {
        if (dag.State != DagStates.Failed)
        {
            throw Errors.OperatorRefused("RetryNotFailedDag", "Failed to set DAG retry: DAG state is not failed", "failed to set dag retry: dag state is not failed");
        }

        var node = dag.Current;
        if (!node.Can(NodeAbilities.Retry))
        {
            throw Errors.OperatorRefused("RetryNotAllowed", $"Failed to set DAG retry: node {node.Name} cannot retry", $"failed to set dag retry: {node.Name} can not retry");
        }

        RetakeLockIfReleased(dag, node);
        Reset(dag, DagOperators.Run);
        Reset(node, DagOperators.Retry);
    }

    // Undoes the nodes from the failed one down to the first.
    private void Rollback(Dag dag)
    {
        if (dag.State != DagStates.Failed)
        {
            throw Errors.OperatorRefused("RollbackNotFailedDag", "Failed to set DAG rollback: DAG state is not failed", "failed to set dag rollback: dag state is not failed");
        }

        var undone = new List<DagNode>();
        foreach (var node in dag.Nodes)
        {
            if (node.Operator != DagOperators.Rollback && node.State == DagStates.Pending)
            {
                break;
            }

            if (!node.Can(NodeAbilities.Rollback))
            {
                throw Errors.OperatorRefused("RollbackNotAllowed", $"Failed to set DAG rollback: node {node.Name} cannot rollback", $"failed to set dag rollback: node {node.Id}. {node.Name} can not rollback");
            }

            undone.Add(node);
            if (node.State == DagStates.Failed)
            {
                break;
            }
        }

        if (undone.Count == 0 || undone[^1].State != DagStates.Failed)
        {
            throw Errors.Unexpected("failed to set dag rollback: no node failed");
        }

        RetakeLockIfReleased(dag, undone[^1]);
        Reset(dag, DagOperators.Rollback);
        foreach (var node in undone.Where(n => n.IsFinished))
        {
            Reset(node, DagOperators.Rollback);
        }
    }

    // The scheduler stops the DAG at its current node; it ends FAILED+CANCEL.
    private void Cancel(Dag dag)
    {
        if (dag.IsFinished)
        {
            throw Errors.OperatorRefused("CancelFinishedDag", "Failed to cancel DAG: DAG is finished", "failed to cancel dag: dag is finished");
        }

        foreach (var node in dag.Nodes)
        {
            if (!node.Can(NodeAbilities.Cancel))
            {
                throw Errors.OperatorRefused("CancelNotAllowed", $"Failed to cancel DAG: node {node.Name} cannot cancel", $"failed to cancel dag: {node.Name} can not cancel");
            }

            if (!node.IsFinished)
            {
                break;
            }
        }

        Reset(dag, DagOperators.Cancel);
        Reset(dag.Current, DagOperators.Cancel);
    }

    // Marks the failed node and everything after it SUCCEED+PASS without running them; the DAG succeeds at once.
    private void Pass(Dag dag)
    {
        if (dag.State != DagStates.Failed)
        {
            throw Errors.OperatorRefused("PassNotFailedDag", "Failed to pass DAG: DAG is not failed", "failed to pass dag: dag is not failed");
        }

        var from = dag.Nodes.Count;
        for (var index = 0; index < dag.Nodes.Count; index++)
        {
            var node = dag.Nodes[index];
            if (node.State == DagStates.Succeed)
            {
                continue;
            }

            if (node.State == DagStates.Failed)
            {
                from = index;
            }

            if (!node.Can(NodeAbilities.Pass))
            {
                throw Errors.OperatorRefused("PassNotAllowed", $"Failed to pass DAG: node {node.Name} cannot pass", $"failed to pass dag: {node.Name} can not pass");
            }
        }

        var now = cluster.Now;
        foreach (var node in dag.Nodes.Skip(from))
        {
            node.State = DagStates.Succeed;
            node.Operator = DagOperators.Pass;
            node.EndTime = now;
        }

        dag.State = DagStates.Succeed;
        dag.Operator = DagOperators.Pass;
        dag.EndTime = now;
        cluster.StopMaintenance();
    }

    // A DAG whose failure gave the lock back needs it again before going on (obshell txForRetryAndReadyDag / txForRollbackDag).
    private void RetakeLockIfReleased(Dag dag, DagNode node)
    {
        if (node.FailureExitsMaintenance)
        {
            cluster.StartMaintenance(dag.Name);
        }
    }

    private static void Reset(Dag dag, string op)
    {
        dag.State = DagStates.Ready;
        dag.Operator = op;
        dag.StartTime = Epoch;
        dag.EndTime = Epoch;
    }

    private static void Reset(DagNode node, string op)
    {
        node.State = DagStates.Pending;
        node.Operator = op;
        node.StartTime = Epoch;
        node.EndTime = Epoch;
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
            lock (cluster.Gate)
            {
                dag.State = DagStates.Running;
                dag.StartTime = cluster.Now;
            }

            while (Prepare(dag) is { } node)
            {
                await Task.Delay(node.Duration ?? cluster.Options.StageDuration, cluster.Options.Time, stopping).ConfigureAwait(false);
                if (!Finish(dag, node))
                {
                    return;
                }
            }
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
            // The simulator is shutting down; the DAG simply stops where it is.
        }
    }

    // Starts the node at the current stage, skipping nodes already finished (a forward run after a failed rollback
    // passes over the nodes the rollback undid); null when the DAG has ended.
    private DagNode? Prepare(Dag dag)
    {
        lock (cluster.Gate)
        {
            while (true)
            {
                if (dag.Operator == DagOperators.Cancel)
                {
                    EndCancelled(dag);
                    return null;
                }

                var node = dag.Current;
                if (node.State == DagStates.Pending)
                {
                    node.State = DagStates.Running;
                    node.StartTime = cluster.Now;
                    node.EndTime = node.StartTime;
                    node.ExecuteTimes++;
                    node.Logs.Add(dag.Operator == DagOperators.Rollback ? $"start to roll back {node.Name}" : $"start to {node.Name}");
                    return node;
                }

                if (!NextStage(dag))
                {
                    return null;
                }
            }
        }
    }

    // Applies (or undoes) the node; false when the DAG stopped here.
    private bool Finish(Dag dag, DagNode node)
    {
        lock (cluster.Gate)
        {
            if (dag.Operator == DagOperators.Cancel)
            {
                EndCancelled(dag);
                return false;
            }

            var rollingBack = dag.Operator == DagOperators.Rollback;
            var step = rollingBack ? UndoIfRan(node) : RunNode(dag, node);
            node.NeedsUndo = !rollingBack || (node.NeedsUndo && step.Error is not null);
            if (step.Log is { } log)
            {
                node.Logs.Add(log);
            }

            node.EndTime = cluster.Now;
            if (step.Error is { } error)
            {
                node.State = DagStates.Failed;
                node.Logs.Add(error);
                EndFailed(dag, node);
                return false;
            }

            node.State = DagStates.Succeed;
            node.Logs.Add(rollingBack ? $"roll back {node.Name} succeed" : $"{node.Name} succeed");
            return NextStage(dag);
        }
    }

    private Step RunNode(Dag dag, DagNode node) =>
        dag.AcceptsInjectedFailures && faults.TakeDagFailure(dag.Stage)
            ? Step.Fail($"injected failure at node {dag.Stage} '{node.Name}'")
            : node.Apply();

    // obshell rolls back every sub-task that ran, the failed one included.
    private static Step UndoIfRan(DagNode node) => node.NeedsUndo && node.Undo is { } undo ? undo() : Step.Done();

    // Moves to the next stage (down when rolling back); false, having ended the DAG SUCCEED, when there is none.
    private bool NextStage(Dag dag)
    {
        var rollingBack = dag.Operator == DagOperators.Rollback;
        if (rollingBack ? dag.Stage > 1 : dag.Stage < dag.MaxStage)
        {
            dag.Stage += rollingBack ? -1 : 1;
            return true;
        }

        dag.State = DagStates.Succeed;
        dag.EndTime = cluster.Now;
        cluster.StopMaintenance();
        return false;
    }

    private void EndCancelled(Dag dag)
    {
        var node = dag.Current;
        node.State = DagStates.Failed;
        node.Operator = DagOperators.Cancel;
        node.StartTime = node.StartTime == Epoch ? cluster.Now : node.StartTime;
        node.EndTime = cluster.Now;
        node.Logs.Add("cancelled by hand");
        EndFailed(dag, node);
    }

    private void EndFailed(Dag dag, DagNode node)
    {
        dag.State = DagStates.Failed;
        dag.EndTime = cluster.Now;
        if (node.FailureExitsMaintenance)
        {
            cluster.StopMaintenance();
        }
    }
}
