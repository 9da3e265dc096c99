using ClusterScale.Provider.Obshell.Api;
using ClusterScale.Provider.Obshell.Cluster;

namespace ClusterScale.Provider.Obshell.Functions;

/// <summary>
/// Whether an unfinished DAG holds the cluster's maintenance lock. obshell shows no holder, so this is the rule from
/// its source (spec obshell-api.md §6): a maintenance DAG holds the lock while it runs and, once FAILED, keeps it —
/// except a scale-in that failed at its first node ("Delete observer" carries failure_exit_maintenance).
/// <c>maintenance_type</c> 1 is NOT_UNDER_MAINTENANCE; agents before 4.3.0.0 omit the field, and every scale DAG
/// takes the global lock, so a missing type counts as holding it. UNCONFIRMED: whether stage 1 is that first node
/// on every version (stages are numbered from 1 in the DAGs we have seen).
/// </summary>
internal static class MaintenanceLock
{
    private const int NotUnderMaintenance = 1;

    public static bool IsHeldBy(DagDetail dag) =>
        !dag.IsFinished() ? dag.MaintenanceType != NotUnderMaintenance
        : dag.State == DagStates.Failed && dag.MaintenanceType != NotUnderMaintenance && !(dag.Name == ScaleIn.DagName && dag.Stage == 1);
}
