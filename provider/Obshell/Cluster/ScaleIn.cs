using ClusterScale.Provider.Obshell.Api;
using ClusterScale.Provider.Protocol;

namespace ClusterScale.Provider.Obshell.Cluster;

/// <summary>
/// Removes a node idempotently: under the per-cluster lock, let other DAGs finish; resume our own in-flight
/// scale-in; a node that is no longer listed is already gone; otherwise send scale_in to another member (204 also
/// means gone) and wait.
/// </summary>
public sealed class ScaleIn(ClusterMaintenance maintenance, ObserverNodeArgs node)
{
    public const string DagName = "Cluster scale in";
    private const string ScalingInIdentity = "SCALING IN";

    private ObshellCluster Cluster => maintenance.Cluster;
    private CancellationToken Cancellation => maintenance.Deadline.Token;

    public Task RunAsync() => maintenance.ExclusivelyAsync(RunLockedAsync);

    /// <returns>True once the node is gone.</returns>
    private async Task<bool> RunLockedAsync()
    {
        var unknownOutcomes = 0;
        while (true)
        {
            var before = await Cluster.ObInfoAsync(Cancellation);
            var agent = before.Agents.FirstOrDefault(a => AgentAddresses.Same(new AgentAddress(a.Ip, a.Port), node.Agent));
            // Only a scale-in of this node sets its agent SCALING IN. Once "Delete agent" has run, the agent is gone
            // and that step cannot be rolled back: a FAILED scale-in still holding the lock then can only be finished
            // forward. UNCONFIRMED: no DAG field names its target, so with the node already gone any FAILED scale-in
            // is taken as ours and retried; retrying a removal past "Delete agent" only completes it.
            var scalingIn = agent?.Identity == ScalingInIdentity;
            var agentDeleted = agent is null && ClusterMember.Find(before, node.Agent) is null;
            var ours = await maintenance.SettleOtherDagsAsync(d => d.Name == DagName
                && (unknownOutcomes > 0 || scalingIn || agentDeleted && d.State == DagStates.Failed || ClusterMaintenance.Mentions(d, node.Agent)));
            if (ours is not null)
            {
                if (agentDeleted && ours.State == DagStates.Failed)
                    await maintenance.RetryAsync(ours);
                else
                    await maintenance.ResumeIfFailedAsync(ours);
                await FinishAsync(ours);
                return true;
            }

            var info = await Cluster.ObInfoAsync(Cancellation);
            if (ClusterMember.Find(info, node.Agent) is null && !info.Agents.Any(a => AgentAddresses.Same(new AgentAddress(a.Ip, a.Port), node.Agent)))
                return true;

            try
            {
                await maintenance.Operation.Progress.InfoAsync($"scaling in {node.Id}{(node.ForceKill ? " (force kill)" : "")}");
                var dag = await Cluster.ScaleInAsync(new ScaleInRequest(node.Agent, node.ForceKill), Cancellation);
                if (dag is not null) await FinishAsync(dag);
                return true;
            }
            catch (ObshellApiException e) when (e.Is(ObshellErrors.UnderMaintenance))
            {
                // Another DAG took the lock first: the next round waits for it.
            }
            catch (OutcomeUnknownException) when (++unknownOutcomes < ClusterMaintenance.MaxUnknownOutcomes && !Cancellation.IsCancellationRequested)
            {
                // The request may have started a DAG: the next round finds it or sees the node gone.
            }
        }
    }

    private async Task FinishAsync(DagDetail dag)
    {
        var change = $"scale-in of {node.Id}";
        DagDetail finished;
        try
        {
            finished = await maintenance.WaitOursAsync(dag, d => $"removing {node.Id}: {DagProgress.Stage(d)}");
        }
        catch (DagUnfinishedException e)
        {
            // Delete has no partial state to record: the node stays in state and the next destroy resumes the wait.
            throw new OperationFailedException($"{change}: {e.Message}", e);
        }
        if (finished.IsRolledBack())
            throw new OperationFailedException($"{change}: DAG {finished} was rolled back, the node is still a member");
        if (finished.State != DagStates.Failed) return;
        var failure = await maintenance.FailureAsync(finished, node.FailurePolicy, change);
        throw failure is DagUnfinishedException left ? new OperationFailedException(left.Message, left) : failure;
    }
}
