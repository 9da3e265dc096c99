using ClusterScale.Simulators.Obshell.Api;
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

    /// <summary>Every zone of the cluster, kept apart from the servers: a zone emptied by scale-in stays.</summary>
    public SortedSet<string> Zones { get; } = new(StringComparer.Ordinal);

    /// <summary>The zones where the sys tenant keeps a unit on the servers (<see cref="ObshellSimulatorOptions.ZonesWithUnits"/>).</summary>
    public HashSet<string> UnitZones { get; } = new(StringComparer.Ordinal);

    /// <summary>Zones stopped (<c>ALTER SYSTEM STOP ZONE</c>) by a delete-zone DAG that has not finished.</summary>
    public HashSet<string> StoppedZones { get; } = new(StringComparer.Ordinal);

    public List<Dag> Dags { get; } = [];

    /// <summary>
    /// The cluster status row: GLOBAL maintenance (true) or free. Nothing records which DAG holds it (spec section 6):
    /// a DAG takes it at creation, and RETRY/ROLLBACK of a node that gave it back take it again.
    /// </summary>
    public bool UnderMaintenance { get; private set; }

    /// <summary>The newest DAG that took the lock, even if finished (<c>/task/dag/maintain/ob</c>; every simulated DAG is a maintenance DAG).</summary>
    public Dag? NewestMaintenanceDag => Dags.Count == 0 ? null : Dags[^1];

    /// <summary>The agents' clock runs this far ahead of the options' TimeProvider (<see cref="ObshellSimulatorOptions.ClockOffset"/> at start).</summary>
    public TimeSpan ClockSkew { get; set; } = options.ClockOffset;

    /// <summary>Every mutating request an agent accepted, with the agent that received it.</summary>
    public Ledger Ledger { get; } = new();

    /// <summary>The agents' clock: the test's time plus any injected skew.</summary>
    public DateTimeOffset Now => Options.Time.GetUtcNow() + ClockSkew;

    /// <summary>Writes an accepted mutating request to the ledger, on the agents' clock. Call under the gate.</summary>
    public void Record(string route, string target, string? dagId, SimulatedAgent receiver) => Ledger.Record(Now, route, target, dagId, receiver);

    public long NextDagId() => ++lastDagId;

    public long NextNodeId() => ++lastNodeId;

    public long NextTaskId() => ++lastTaskId;

    public SimulatedAgent? FindAgent(string name) => Agents.Find(a => a.Name == name);

    public SimulatedAgent? FindAgent(string ip, int port) => Agents.Find(a => a.Ip == ip && a.Port == port);

    /// <summary>
    /// Resource units live on a zone's servers; the simulator's only tenant is sys, whose units sit in
    /// <see cref="UnitZones"/>. A zone added by scale-out holds none until a tenant is given a replica there.
    /// </summary>
    public bool HasUnits(string zone) => UnitZones.Contains(zone) && Servers.Any(s => s.Zone == zone);

    public ObServer? ServerOf(SimulatedAgent agent) => Servers.Find(s => s.Ip == agent.Ip && s.AgentPort == agent.Port);

    public string BuildVersion(string obVersion) =>
        $"{obVersion}_100000012025010112-3f1b0d8c2a9e7f6b5c4d3e2f1a0b9c8d7e6f5a4b(Jan  1 2025 12:00:00)";

    /// <summary>
    /// Takes the lock; held, it refuses with WithDag naming the newest maintenance DAG (<paramref name="creating"/>:
    /// the name of a DAG being created, which words the refusal as a failed creation).
    /// </summary>
    public void StartMaintenance(string? creating)
    {
        if (UnderMaintenance)
        {
            throw Errors.UnderMaintenance(creating, NewestMaintenanceDag?.Name);
        }

        UnderMaintenance = true;
    }

    public void StopMaintenance() => UnderMaintenance = false;

    /// <summary>
    /// The observer of <paramref name="agent"/> stops or starts. Stopped, its agent cannot query OceanBase (it keeps
    /// its identity and its row in the agent table), and DBA_OB_SERVERS shows its server INACTIVE; a DELETING row
    /// stays DELETING. UNCONFIRMED: OceanBase marks the row INACTIVE only after the server's lease runs out; the
    /// simulator does so at once.
    /// </summary>
    public void SetObserverRunning(SimulatedAgent agent, bool running)
    {
        agent.LocalAgentTable = running ? null : Agents.Where(a => a.InAgentTable).Select(AgentRow.Of).ToList();
        agent.ObserverRunning = running;
        if (ServerOf(agent) is { } server && server.Status != ServerStatuses.Deleting)
        {
            server.Status = running ? ServerStatuses.Active : ServerStatuses.Inactive;
        }
    }

    /// <summary>
    /// Why OceanBase refuses <c>ALTER SYSTEM DELETE SERVER</c> of <paramref name="server"/>, or null. Spec Corrections
    /// 2026-12-05 ("Scale-in OceanBase refuses"): a server whose zone holds units and has no other server to move
    /// them to cannot be deleted (<see cref="HasUnits"/>); an admin can force a
    /// refusal with any reason (<see cref="SimulatedAgent.DeleteServerRefusal"/>). UNCONFIRMED: OceanBase's wording.
    /// </summary>
    public string? DeleteServerRefusal(SimulatedAgent agent, ObServer? server)
    {
        if (agent.DeleteServerRefusal is { } forced)
        {
            return forced;
        }

        var onlyServerOfZone = server is not null && !Servers.Any(s => s.Zone == server.Zone && s != server && s.Status != ServerStatuses.Deleting);
        return onlyServerOfZone && HasUnits(server!.Zone)
            ? $"Error 4179 (HY000): delete the only server of zone '{server.Zone}', which holds units with nowhere to move, not allowed"
            : null;
    }

    /// <summary>Takes the agent out of the cluster at once, as an operator running SQL by hand would.</summary>
    public void RemoveMember(SimulatedAgent agent, bool keepServer)
    {
        if (!keepServer)
        {
            Servers.RemoveAll(s => s.Ip == agent.Ip && s.AgentPort == agent.Port);
        }

        agent.ObserverRunning &= keepServer;
        agent.InAgentTable = false;
        agent.Identity = Identities.Single;
        agent.Zone = "";
    }
}
