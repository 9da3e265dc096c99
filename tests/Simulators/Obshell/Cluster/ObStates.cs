namespace ClusterScale.Simulators.Obshell.Cluster;

/// <summary>
/// <c>obState</c> of <c>/api/v1/status</c>: 0 no observer process, 1 running without a connection, 2 restricted,
/// 3 available (obshell ob/agent/repository/db/oceanbase/status.go). The simulator never reports 2.
/// </summary>
internal static class ObStates
{
    public const int NotRunning = 0;
    public const int NoConnection = 1;
    public const int Available = 3;

    /// <summary>Available while the observer is a row of DBA_OB_SERVERS; a process outside the cluster has no connection.</summary>
    public static int Of(ClusterState cluster, SimulatedAgent agent) =>
        !agent.ObserverRunning ? NotRunning : cluster.ServerOf(agent) is null ? NoConnection : Available;
}
