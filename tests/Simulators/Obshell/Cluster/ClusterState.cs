using ClusterScale.Simulators.Obshell.Dags;

namespace ClusterScale.Simulators.Obshell.Cluster;

/// <summary>
/// Everything the agents share: the agent table, DBA_OB_SERVERS, zones, the DAG table and the cluster-wide
/// maintenance lock. One gate guards all of it: the simulator favours obviously-correct over concurrent.
/// </summary>
internal sealed class ClusterState(ObshellSimulatorOptions options)
{
    public const string ClusterName = "obcluster";
    public const int ClusterId = 1;

    private long lastDagId;
    private long lastNodeId;
    private long lastTaskId;

    public object Gate { get; } = new();

    public ObshellSimulatorOptions Options { get; } = options;

    public List<SimulatedAgent> Agents { get; } = [];

    public List<ObServer> Servers { get; } = [];

    public SortedSet<string> Zones { get; } = new(StringComparer.Ordinal);

    public List<Dag> Dags { get; } = [];

    /// <summary>The DAG holding the maintenance lock, or null when the cluster is free.</summary>
    public Dag? LockHolder { get; set; }

    /// <summary>The newest DAG that ever took the lock (<c>/task/dag/maintain/ob</c>).</summary>
    public Dag? LastMaintenanceDag { get; set; }

    public TimeSpan ClockSkew { get; set; }

    /// <summary>The agents' clock: the test's time plus any injected skew.</summary>
    public DateTimeOffset Now => Options.Time.GetUtcNow() + ClockSkew;

    public long NextDagId() => ++lastDagId;

    public long NextNodeId() => ++lastNodeId;

    public long NextTaskId() => ++lastTaskId;

    public SimulatedAgent? FindAgent(string name) => Agents.Find(a => a.Name == name);

    public SimulatedAgent? FindAgent(string ip, int port) => Agents.Find(a => a.Ip == ip && a.Port == port);

    public ObServer? ServerOf(SimulatedAgent agent) => Servers.Find(s => s.Ip == agent.Ip && s.AgentPort == agent.Port);

    public string BuildVersion(string obVersion) =>
        $"{obVersion}_100000012025010112-3f1b0d8c2a9e7f6b5c4d3e2f1a0b9c8d7e6f5a4b(Jan  1 2025 12:00:00)";

    /// <summary>Takes the lock for <paramref name="dag"/>; the caller has checked it is free.</summary>
    public void TakeLock(Dag dag)
    {
        LockHolder = dag;
        LastMaintenanceDag = dag;
    }

    public void ReleaseLock(Dag dag)
    {
        if (LockHolder == dag)
        {
            LockHolder = null;
        }
    }

    /// <summary>Takes the agent out of the cluster at once, as an operator running SQL by hand would.</summary>
    public void RemoveMember(SimulatedAgent agent, bool keepServer)
    {
        if (!keepServer)
        {
            Servers.RemoveAll(s => s.Ip == agent.Ip && s.AgentPort == agent.Port);
        }

        agent.InAgentTable = false;
        agent.Identity = Identities.Single;
        agent.Zone = "";
    }
}
