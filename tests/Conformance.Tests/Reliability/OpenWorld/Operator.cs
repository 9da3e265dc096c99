using ClusterScale.Simulators.ModelArts;
using ClusterScale.Simulators.Tests.Obshell;
using Newtonsoft.Json.Linq;

namespace ClusterScale.Conformance.Tests.Reliability.OpenWorld;

/// <summary>
/// The operator acting out of band, concurrently with both stacks: through the ModelArts console (scale a supernode
/// up, scale down servers the console added), as users logged into servers (a reboot that failed, a stop), and
/// through the obshell API of its OWN agent (scale its spare node out and in, leave a scale-out FAILED holding the
/// cluster lock for a while, then RETRY or ROLLBACK it). It never touches what a stack added: the invariants hold
/// the stacks to the same.
/// </summary>
internal sealed class Operator(RoundWorld world, SimControls controls, Random random) : IDisposable
{
    /// <summary>Port OceanBase refuses at the scale-out DAG's first node ("Integrate server config"), which then keeps
    /// the cluster lock (spec §3): the operator's way to leave a FAILED DAG behind.</summary>
    private const string InvalidRpcPort = "99999";
    private static readonly TimeSpan MostFailedDagLife = TimeSpan.FromMilliseconds(700);
    private static readonly int[] SubNodeCounts = FastWorld.SubNodeCounts;
    private readonly ObshellTestClient _agent = new(world.Obshell.EndpointOf(world.OperatorAgent)) { Password = FastWorld.RootPassword };
    private readonly object _gate = new();
    private (string Id, DateTime Since)? _failedDag;

    /// <summary>Actions the simulators accepted.</summary>
    public int Actions { get; private set; }

    /// <summary>Servers a user put in a status of their own (REBOOT_FAILED, STOPPED) this round.</summary>
    public HashSet<string> UserStatuses { get; } = new(StringComparer.Ordinal);

    public SortedDictionary<string, int> ByKind { get; } = new(StringComparer.Ordinal);

    public IReadOnlySet<string> UserStatusesSnapshot()
    {
        lock (_gate) return UserStatuses.ToHashSet(StringComparer.Ordinal);
    }

    /// <summary>Acts at random instants until <paramref name="stop"/>, then releases the lock it may hold.</summary>
    public async Task RunAsync(CancellationToken stop)
    {
        while (!stop.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(Draw(250, 900), stop);
            }
            catch (OperationCanceledException)
            {
                break;
            }
            await ActOnceAsync();
        }
        await ReleaseFailedDagAsync();
    }

    private async Task ActOnceAsync()
    {
        if (_failedDag is { } failed && DateTime.UtcNow - failed.Since > MostFailedDagLife)
        {
            await ReleaseFailedDagAsync();
            return;
        }
        var kind = Draw(0, 8);
        try
        {
            var acted = kind switch
            {
                0 or 1 => await ConsoleScaleUpAsync(),
                2 => await ConsoleScaleDownAsync(),
                3 or 4 => await SetUserStatusAsync(),
                5 => await ScaleOwnNodeAsync(),
                6 => await LeaveFailedDagAsync(),
                _ => await RetryFailedDagAsync(),
            };
            if (acted is { } name) Count(name);
        }
        catch (Exception e) when (e is SimControlUnavailableException or HttpRequestException or TaskCanceledException)
        {
            // Refused (a supernode still scaling, the cluster locked) or unavailable: the operator tries something else later.
        }
    }

    private async Task<string?> ConsoleScaleUpAsync()
    {
        var supernode = world.Supernodes[Draw(0, world.Supernodes.Count)];
        var present = world.ModelArts.GetSupernode(supernode).Servers.Count;
        var next = SubNodeCounts.FirstOrDefault(n => n > present);
        if (next is 0 or > 8) return null; // the campaign's supernodes stay small, so rounds stay fast
        await controls.ConsoleScaleUpAsync(supernode, FastWorld.FlavorWith(next));
        return "console scale-up";
    }

    private async Task<string?> ConsoleScaleDownAsync()
    {
        var supernode = world.Supernodes[Draw(0, world.Supernodes.Count)];
        var ledger = await Truth.SupernodeLedgerAsync(world.Http, world.ModelArts.Endpoint, supernode);
        var consoles = ledger.Where(r => r.CreatedBy == "console" && r.RemovedBy is null).Select(r => r.ServerId).ToList();
        var present = world.ModelArts.GetSupernode(supernode).Servers.Where(s => s.Status != "DELETING").ToList();
        var removable = consoles.Where(id => present.Any(s => s.Id == id)).ToList();
        // Leave a count a flavor has (the console offers no other), removing only servers the console added.
        var remove = Enumerable.Range(1, removable.Count).Where(k => SubNodeCounts.Contains(present.Count - k)).Select(k => removable.Take(k).ToList()).FirstOrDefault();
        if (remove is null) return null;
        await controls.ConsoleScaleDownAsync(supernode, remove);
        return "console scale-down";
    }

    private async Task<string?> SetUserStatusAsync()
    {
        var supernode = world.Supernodes[Draw(0, world.Supernodes.Count)];
        var running = world.ModelArts.GetSupernode(supernode).Servers.Where(s => s.Status is "RUNNING" or "REBOOT_FAILED" or "STOPPED").ToList();
        if (running.Count == 0) return null;
        var server = running[Draw(0, running.Count)];
        var status = server.Status == "RUNNING" ? (Draw(0, 2) == 0 ? "REBOOT_FAILED" : "STOPPED") : "RUNNING";
        await controls.SetServerStatusAsync(server.Id, status);
        lock (_gate) UserStatuses.Add(server.Id);
        return $"server {status}";
    }

    /// <summary>The operator's own node: scaled out when it is not a member, in when it is (nothing of a stack's).</summary>
    private async Task<string?> ScaleOwnNodeAsync()
    {
        var node = world.OperatorSpare;
        var member = world.Obshell.Members.Any(m => m.Agent == node);
        var response = member
            ? await _agent.PostAsync("/api/v1/ob/scale_in", new { agent_info = AgentInfo(node), force_kill = false })
            : await _agent.PostAsync("/api/v1/ob/scale_out", new { agentInfo = AgentInfo(node), zone = "zone1", obConfigs = new { } });
        return response.Status == 200 ? (member ? "obshell scale-in" : "obshell scale-out") : null;
    }

    private async Task<string?> LeaveFailedDagAsync()
    {
        if (_failedDag is not null || world.Obshell.Members.Any(m => m.Agent == world.OperatorSpare)) return null;
        var response = await _agent.PostAsync("/api/v1/ob/scale_out", new
        {
            agentInfo = AgentInfo(world.OperatorSpare), zone = "zone1", obConfigs = new { rpc_port = InvalidRpcPort },
        });
        if (response.Status != 200) return null;
        _failedDag = (response.Data!.Value<string>("id")!, DateTime.UtcNow);
        return "FAILED DAG left";
    }

    private async Task<string?> RetryFailedDagAsync()
    {
        if (_failedDag is not { } failed || !IsFailed(failed.Id)) return null;
        return await OperateAsync(failed.Id, "RETRY") ? "DAG RETRY" : null;
    }

    /// <summary>Rolls back the DAG the operator left FAILED (waiting for it to fail first), so the cluster lock is
    /// held for a bounded while.</summary>
    private async Task ReleaseFailedDagAsync()
    {
        if (_failedDag is not { } failed) return;
        for (var attempt = 0; attempt < 200; attempt++)
        {
            var dag = world.Obshell.Dags.FirstOrDefault(d => d.Id == failed.Id);
            if (dag is null || dag.State == "SUCCEED") break;
            if (dag.State == "FAILED")
            {
                try
                {
                    if (await OperateAsync(failed.Id, "ROLLBACK")) Count("DAG ROLLBACK");
                }
                catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
                {
                    // The agent may be restarting (a fault): try again.
                }
            }
            await Task.Delay(10);
        }
        _failedDag = null;
    }

    private bool IsFailed(string dagId) => world.Obshell.Dags.Any(d => d.Id == dagId && d.State == "FAILED");

    private async Task<bool> OperateAsync(string dagId, string operation) =>
        (await _agent.PostAsync($"/api/v1/task/dag/{dagId}", new { @operator = operation })).Status == 200;

    private static object AgentInfo(string agent) => new { ip = FastWorld.Ip(agent), port = int.Parse(agent.Split(':')[1]) };

    private void Count(string kind)
    {
        lock (_gate)
        {
            Actions++;
            ByKind[kind] = ByKind.GetValueOrDefault(kind) + 1;
        }
    }

    private int Draw(int from, int to)
    {
        lock (_gate) return random.Next(from, to);
    }

    public void Dispose() => _agent.Dispose();
}
