using ClusterScale.Provider.Obshell.Api;

namespace ClusterScale.Provider.Obshell.Cluster;

/// <summary>
/// Whether an unfinished DAG holds the maintenance lock a scale-out or scale-in needs (spec §6). A running one does
/// (it took the lock at creation). A FAILED one keeps it unless its failed node releases it: of the scale DAGs only
/// "Cluster scale in" stage 1 "Delete observer" does (obshell@61ee147 ob/agent/executor/ob/scale_in.go:83). Nothing
/// on the agent shows the holder, so this is the spec's rule; where a DAG carries no <c>maintenance_type</c> (agents
/// before 4.3.0) there is no way to tell and the answer is null: the caller tries its request and takes a lock
/// refusal as the answer.
/// </summary>
public static class DagLock
{
    private const int GlobalMaintenance = 2;
    private const int TenantMaintenance = 3;

    public static bool? Holds(DagDetail dag)
    {
        if (dag.State != DagStates.Failed) return true;
        if (ReleasesOnFailure(dag)) return false;
        return dag.MaintenanceType switch
        {
            null => null,
            // A tenant lock blocks the cluster-wide one too (§6); 0, 1 and 4 are not the cluster's lock.
            GlobalMaintenance or TenantMaintenance => true,
            _ => false,
        };
    }

    /// <summary>"Cluster scale in" failed at node 1 "Delete observer", the one node with failure_exit_maintenance.</summary>
    private static bool ReleasesOnFailure(DagDetail dag) => dag.Name == ScaleIn.DagName && dag.Stage == 1;
}
