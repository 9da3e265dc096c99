using System.Security.Cryptography;
using ClusterScale.Simulators.Obshell.Api;
using ClusterScale.Simulators.Obshell.Cluster;
using ClusterScale.Simulators.Obshell.Dags;
using ClusterScale.Simulators.Obshell.Faults;

namespace ClusterScale.Simulators.Obshell;

/// <summary>
/// A simulated OceanBase cluster managed by obshell agents. Each agent has a VIRTUAL identity <c>10.0.0.N:2886</c>
/// (what the API reports and what requests name as targets, resolved in-process) and a REAL listener on
/// 127.0.0.1 with an ephemeral port (<see cref="EndpointOf"/>). Cluster members are 10.0.0.1..N, spares follow.
/// </summary>
public sealed class ObshellSimulator : IAsyncDisposable
{
    public const int ObshellPort = 2886;
    public const int DefaultRpcPort = 2882;
    public const int DefaultSqlPort = 2881;
    private const string ForeignDagName = "Restart cluster";

    private readonly ClusterState cluster;
    private readonly RequestPipeline pipeline;
    private readonly DagRunner runner;
    private readonly Dictionary<string, AgentHost> hosts = [];
    private readonly CancellationTokenSource stopping = new();
    private readonly List<string> clusterEndpoints = [];
    private AgentHost? adminHost;

    private ObshellSimulator(ObshellSimulatorOptions options)
    {
        cluster = new ClusterState(options);
        Faults = new ObshellFaults(cluster, RestartAsync);
        runner = new DagRunner(cluster, Faults, stopping.Token);
        var router = new Router();
        new InfoApi(cluster).Map(router);
        new ScaleApi(cluster, runner).Map(router);
        new TaskApi(cluster, runner).Map(router);
        new ParameterApi(cluster).Map(router);
        new ZoneApi(cluster, runner).Map(router);
        pipeline = new RequestPipeline(cluster, router, Faults);
    }

    public ObshellFaults Faults { get; }

    public ObshellSimulatorOptions Options => cluster.Options;

    /// <summary>"127.0.0.1:port" of the initial members, in 10.0.0.1.. order.</summary>
    public IReadOnlyList<string> ClusterEndpoints => clusterEndpoints;

    /// <summary>Virtual "ip:2886" identities of the agents that are SINGLE now (scale-out candidates).</summary>
    public IReadOnlyList<string> SpareAgents => Locked(() => cluster.Agents.Where(a => a.Identity == Identities.Single).Select(a => a.Name).ToList());

    /// <summary>"127.0.0.1:port" of the admin listener (<c>/__sim/...</c>, see <see cref="SimAdmin"/>), or null when <see cref="ObshellSimulatorOptions.AdminPort"/> is null.</summary>
    public string? AdminEndpoint => adminHost?.Endpoint;

    /// <summary>Virtual identity -> real listener, for every agent.</summary>
    public IReadOnlyDictionary<string, string> Endpoints => hosts.ToDictionary(h => h.Key, h => h.Value.Endpoint);

    /// <summary>Every agent that is not SINGLE, and any server row left without an agent.</summary>
    public IReadOnlyList<MemberView> Members => Locked(() => cluster.Agents
        .Select(a => (Agent: a, Server: cluster.ServerOf(a)))
        .Where(m => m.Agent.Identity != Identities.Single || m.Server is not null)
        .Select(m => new MemberView(m.Agent.Ip, m.Agent.Port, m.Server?.Zone ?? m.Agent.Zone, m.Agent.Identity, m.Server?.Status, m.Server?.RpcPort ?? 0, m.Server?.SqlPort ?? 0))
        .ToList());

    public IReadOnlyList<DagView> Dags => Locked(() => cluster.Dags.Select(d => d.ToView()).ToList());

    public IReadOnlyList<RecordedRequest> Requests => pipeline.Requests;

    /// <summary>The truth ledger: every mutating request an agent accepted, in order, with the agent that received it (also <c>GET /__sim/ledger</c>).</summary>
    public IReadOnlyList<LedgerEntry> Ledger => Locked(() => cluster.Ledger.Entries);

    public static async Task<ObshellSimulator> StartAsync(ObshellSimulatorOptions? options = null, CancellationToken ct = default)
    {
        options ??= new ObshellSimulatorOptions();
        ArgumentOutOfRangeException.ThrowIfLessThan(options.ClusterAgents, 1, nameof(options.ClusterAgents));
        ArgumentOutOfRangeException.ThrowIfLessThan(options.ZoneCount, 1, nameof(options.ZoneCount));
        ArgumentOutOfRangeException.ThrowIfNegative(options.SpareAgents, nameof(options.SpareAgents));
        if (ObshellVersions.Parse(options.ObshellVersion) < ObshellVersions.Oldest)
        {
            throw new ArgumentException($"obshell {options.ObshellVersion} uses auth v1, which is not simulated: use {ObshellVersions.Oldest} or newer", nameof(options));
        }
        var simulator = new ObshellSimulator(options);
        try
        {
            simulator.CreateAgents();
            await simulator.StartListenersAsync(ct).ConfigureAwait(false);
            return simulator;
        }
        catch
        {
            await simulator.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Virtual "ip:port" -> "127.0.0.1:port".</summary>
    public string EndpointOf(string agent) =>
        hosts.TryGetValue(agent, out var host) ? host.Endpoint : throw new ArgumentException($"no agent {agent}", nameof(agent));

    /// <summary>"127.0.0.1:port" -> virtual "ip:port".</summary>
    public string AgentAt(string endpoint) =>
        hosts.FirstOrDefault(h => h.Value.Endpoint == endpoint).Key ?? throw new ArgumentException($"no agent listens on {endpoint}", nameof(endpoint));

    /// <summary>
    /// An operator removes a member outside Pulumi, at once. With <paramref name="keepServer"/> its OBServer row
    /// stays in DBA_OB_SERVERS (a half-done manual removal), which makes a later scale-out of it AlreadyExists.
    /// </summary>
    public Task ScaleInOutOfBandAsync(string agent, bool keepServer = false)
    {
        lock (cluster.Gate)
        {
            var member = cluster.FindAgent(agent) ?? throw new ArgumentException($"no agent {agent}", nameof(agent));
            cluster.RemoveMember(member, keepServer);
        }

        return Task.CompletedTask;
    }

    /// <summary>
    /// The observer of <paramref name="agent"/> stops (<paramref name="running"/> false) or starts again (also
    /// <c>POST /__sim/agents/{ip:port}/observer</c>). While it is stopped the agent keeps its identity but cannot
    /// query OceanBase: its <c>/api/v1/ob/info</c> is the fallback that is not the cluster's view (no version, no
    /// topology; spec Corrections 2026-12-05), its <c>/status</c> <c>obState</c> is 0, and its server is INACTIVE.
    /// </summary>
    public void SetObserverRunning(string agent, bool running)
    {
        lock (cluster.Gate)
        {
            cluster.SetObserverRunning(cluster.FindAgent(agent) ?? throw new ArgumentException($"no agent {agent}", nameof(agent)), running);
        }
    }

    /// <summary>
    /// From now on OceanBase refuses <c>ALTER SYSTEM DELETE SERVER</c> of <paramref name="agent"/>'s server with
    /// <paramref name="reason"/> (null lifts it; also <c>POST /__sim/agents/{ip:port}/refuse-delete</c>): a scale-in
    /// is accepted and fails at "Delete observer", giving the lock back, as when the server is the only one of a
    /// zone holding units (which the simulator refuses on its own).
    /// </summary>
    public void RefuseDelete(string agent, string? reason)
    {
        lock (cluster.Gate)
        {
            (cluster.FindAgent(agent) ?? throw new ArgumentException($"no agent {agent}", nameof(agent))).DeleteServerRefusal = reason;
        }
    }

    /// <summary>
    /// OceanBase finishes every server deletion in progress now: DELETING rows leave DBA_OB_SERVERS. It does so on its
    /// own after <c>DELETE SERVER</c>, even when the DAG that waits for it has failed or was cancelled.
    /// </summary>
    public void FinishServerDeletions()
    {
        lock (cluster.Gate)
        {
            cluster.Servers.RemoveAll(s => s.Status == ServerStatuses.Deleting);
        }
    }

    /// <summary>
    /// Someone changes an observer parameter outside Pulumi (<c>ALTER SYSTEM SET</c> by hand): on the server of
    /// <paramref name="agent"/>, or on every server when it is null. The name must be one the simulator knows.
    /// </summary>
    public void SetParameterOutOfBand(string name, string value, string? agent = null)
    {
        lock (cluster.Gate)
        {
            var parameter = KnownParameter(name);
            var servers = agent is null ? cluster.Servers : [ServerOf(agent)];
            foreach (var server in servers)
            {
                if (parameter.IsTenantScope)
                {
                    ObParameters.Tenants.ToList().ForEach(t => server.TenantParameters[(parameter.Name, t.Id)] = value); // for every tenant
                }
                else
                {
                    server.Parameters[parameter.Name] = value;
                }
            }
        }
    }

    /// <summary>The value parameter <paramref name="name"/> has on the server of <paramref name="agent"/> (a tenant
    /// parameter: sys's), as GV$OB_PARAMETERS (and the parameters route) shows it. The name must be one the simulator knows.</summary>
    public string ParameterOn(string agent, string name)
    {
        lock (cluster.Gate)
        {
            var parameter = KnownParameter(name);
            return ObParameters.ValueOn(ServerOf(agent), parameter);
        }
    }

    private static ObParameter KnownParameter(string name) =>
        ObParameters.Find(name) ?? throw new ArgumentException($"unknown parameter {name}: one of {string.Join(", ", ObParameters.Catalogue.Select(p => p.Name))}", nameof(name));

    private ObServer ServerOf(string agent) =>
        cluster.FindAgent(agent) is { } found && cluster.ServerOf(found) is { } server ? server : throw new ArgumentException($"no server for agent {agent}", nameof(agent));

    /// <summary>Someone else's DAG ("Restart cluster") takes the maintenance lock for <paramref name="duration"/>; returns its generic id.</summary>
    public Task<string> StartForeignDagAsync(TimeSpan duration)
    {
        lock (cluster.Gate)
        {
            if (cluster.UnderMaintenance)
            {
                throw new InvalidOperationException($"the cluster is already under maintenance (newest maintenance DAG: {cluster.NewestMaintenanceDag?.GenericId})");
            }

            var master = cluster.Agents.First(a => a.Identity == Identities.ClusterAgent);
            var node = DagNode.Create(cluster, "Restart observer", master, () => Step.Done());
            node.Duration = duration;
            var dag = new Dag(cluster.NextDagId(), ForeignDagName, [node], cluster.Now) { AcceptsInjectedFailures = false };
            runner.Submit(dag);
            return Task.FromResult(dag.GenericId);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (stopping.IsCancellationRequested)
        {
            return;
        }

        await stopping.CancelAsync().ConfigureAwait(false);
        foreach (var host in hosts.Values)
        {
            await host.DisposeAsync().ConfigureAwait(false);
        }

        if (adminHost is not null)
        {
            await adminHost.DisposeAsync().ConfigureAwait(false);
        }

        await runner.DrainAsync().ConfigureAwait(false);
        stopping.Dispose();
    }

    private void CreateAgents()
    {
        var options = cluster.Options;
        var address = 1;
        for (var i = 0; i < options.ClusterAgents; i++, address++)
        {
            var zone = $"zone{(i % options.ZoneCount) + 1}";
            var agent = NewAgent(address, options.AgentPassword);
            agent.Identity = Identities.ClusterAgent;
            agent.Zone = zone;
            agent.InAgentTable = true;
            agent.ObserverRunning = true;
            cluster.Zones.Add(zone);
            if ((i % options.ZoneCount) < (options.ZonesWithUnits ?? options.ZoneCount))
            {
                cluster.UnitZones.Add(zone);
            }

            cluster.Servers.Add(new ObServer(agent.Ip, DefaultRpcPort, DefaultSqlPort, ObshellPort, zone, cluster.BuildVersion(options.ObVersion))
            {
                WithRootserver = i < options.ZoneCount, // the first server of each zone holds the zone's rootservice replica
                Parameters = ObParameters.StartupValues(options.MemberParameters),
            });
        }

        for (var i = 0; i < options.SpareAgents; i++, address++)
        {
            NewAgent(address, options.SpareAgentPassword);
        }
    }

    private SimulatedAgent NewAgent(int address, string agentPassword)
    {
        var options = cluster.Options;
        var agent = new SimulatedAgent($"10.0.0.{address}", ObshellPort, RSA.Create(options.RsaKeyBits), agentPassword, options.ObVersion, options.ObshellVersion);
        cluster.Agents.Add(agent);
        return agent;
    }

    private async Task StartListenersAsync(CancellationToken ct)
    {
        foreach (var agent in cluster.Agents)
        {
            var host = new AgentHost(context => pipeline.HandleAsync(agent, context));
            hosts[agent.Name] = host;
            await host.StartAsync(ct).ConfigureAwait(false);
            agent.StartedAt = cluster.Now;
            if (agent.Identity == Identities.ClusterAgent)
            {
                clusterEndpoints.Add(host.Endpoint);
            }
        }

        if (cluster.Options.AdminPort is { } adminPort)
        {
            adminHost = new AgentHost(new SimAdmin(this).HandleAsync, adminPort);
            await adminHost.StartAsync(ct).ConfigureAwait(false);
        }
    }

    // Down while stopped, for clients and for peers (scale-out check 2); the DAGs keep running.
    private async Task RestartAsync(string agentName, TimeSpan downtime, TaskCompletionSource stopped)
    {
        var host = hosts.TryGetValue(agentName, out var found) ? found : throw new ArgumentException($"no agent {agentName}", nameof(agentName));
        var agent = Locked(() => cluster.FindAgent(agentName)!);
        Locked(() => agent.Reachable = false);
        try
        {
            await host.StopAsync().ConfigureAwait(false);
            stopped.TrySetResult();
        }
        catch (Exception e)
        {
            stopped.TrySetException(e); // RestartAgent waits on this: never leave it hanging
            throw;
        }

        await Task.Delay(downtime, stopping.Token).ConfigureAwait(false);
        await host.StartAsync(stopping.Token).ConfigureAwait(false);
        Locked(() =>
        {
            agent.Reachable = true;
            agent.StartedAt = cluster.Now;
            return true;
        });
    }

    private T Locked<T>(Func<T> read)
    {
        lock (cluster.Gate)
        {
            return read();
        }
    }
}
