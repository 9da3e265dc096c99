using System.Diagnostics;
using ClusterScale.Harness;
using static ClusterScale.Conformance.Tests.Reliability.Declarations;

namespace ClusterScale.Conformance.Tests.Reliability.OpenWorld;

/// <summary>Who a stack is across rounds: its name, its ModelArts key, the engine it reports to, the machine its
/// user normally runs <c>pulumi</c> on.</summary>
internal sealed record StackIdentity(int Index, string Name, string AccessKey, string SecretKey, TestEngine Engine, RunnerMachine Home);

/// <summary>
/// One stack's round: its user declares nodes and supernode scales, runs <c>up</c>, maybe changes the program, then
/// destroys — each run with faults armed and perhaps a kill -9 (of the plugin, or of the CLI with it, leaving pending
/// creates) or a full journal disk; after a failure the user does what users do (retry, destroy, refresh, change the
/// program, Ctrl-C, adopt when asked), then retries until the run converges; after each converged run the
/// invariants are checked against the simulators' truth, before and after a refresh.
/// </summary>
internal sealed class StackSession(StackIdentity identity, RoundWorld world, OpenWorldCampaign campaign, Operator op, string roundName, Random random) : IAsyncDisposable
{
    /// <summary>Retries the user gives a run before giving up on what still fails (`pulumi state delete`).</summary>
    private const int MaxRetries = 3;
    /// <summary>Every resource's customTimeouts: the simulated world is fast, a run that stalls this long is stuck.</summary>
    private const double TimeoutSeconds = 6;
    private const double KillShare = 0.45;
    private const double CliDeathShare = 0.35;
    private const double FreshStartShare = 0.6;
    private const double OtherMachineShare = 0.5;
    private const double DiskFillShare = 0.12;
    private static readonly TimeSpan StepDeadline = TimeSpan.FromSeconds(60);

    private readonly StackRunner _runner = new(identity.Engine, world.ProviderConfig(EndpointList(identity, world, random), identity.AccessKey, identity.SecretKey), StepDeadline);
    private readonly FaultInjector _faults = new(world.Obshell, world.ModelArts, random);
    private readonly List<string> _shown = [];
    private readonly HashSet<string> _adopted = new(StringComparer.OrdinalIgnoreCase);
    private readonly HashSet<string> _declaredNodes = new(StringComparer.Ordinal);
    private readonly List<(string Where, string Name, string Agent, IReadOnlySet<string> Members, IReadOnlyList<DagState> Dags)> _removals = [];
    private readonly Dictionary<bool, TimeSpan> _runLength = new() { [false] = TimeSpan.FromSeconds(1), [true] = TimeSpan.FromSeconds(1) };
    private readonly int _logsBefore = identity.Engine.Logs.Count;
    private readonly StackTranscript _transcript = new(identity.Name, identity.Engine, identity.Engine.Logs.Count);
    private EngineStack _engine = null!;
    private IReadOnlyList<Declared>? _goal;
    private int _run;
    private bool _removingThisPhase;

    /// <summary>The virtual agents this stack's requests reach: every agent in its endpoint list.</summary>
    private IReadOnlySet<string> Agents { get; } = world.StackAgents[identity.Index].Append(world.PrefixMembers[identity.Index]).Append(world.PrefixSpares[identity.Index]).ToHashSet(StringComparer.Ordinal);

    private string Where => $"{roundName} run {_run}";

    public async Task LifecycleAsync()
    {
        var fresh = random.NextDouble() < FreshStartShare;
        await StartPluginAsync(fresh ? NewMachine() : identity.Home);
        var program = Program();
        foreach (var node in program.Where(d => d.Type == ObserverNode)) _declaredNodes.Add(Subject(node));
        await PhaseAsync(program, removing: false);
        if (random.Next(2) == 0)
        {
            var (changed, shrinks) = Changed(program);
            await PhaseAsync(changed, shrinks);
        }
        await PhaseAsync(null, removing: true);
        campaign.Tally.Lifecycle(program.Count);
    }

    /// <summary>This stack's program: its nodes (zones, forceKill and failure policy drawn), and a scale on each
    /// supernode (stack A) or on some (stack B; "its own SupernodeScale or none").</summary>
    private List<Declared> Program()
    {
        var nodes = world.StackNodes[identity.Index].Select((agent, i) => Node($"{Prefix}-node-{i}", agent, $"zone{random.Next(1, 4)}", random.Next(2) == 0, random.Next(4) == 0 ? "leave" : "rollback"));
        var scales = world.Supernodes.Select((id, i) => (id, i)).Where(_ => identity.Index == 0 || random.Next(2) == 0)
            .Select(s => Supernode($"{Prefix}-gpu-{s.i}", s.id, random.Next(2) == 0 ? FastWorld.Medium : FastWorld.Large));
        return [.. nodes, .. scales];
    }

    /// <summary>A program change: forceKill flipped, a zone changed (a replace), a flavor up or down, a resource
    /// dropped. Returns whether it removes anything (a shrink).</summary>
    private (List<Declared> Program, bool Shrinks) Changed(IReadOnlyList<Declared> program)
    {
        var shrinks = false;
        var changed = new List<Declared>();
        foreach (var resource in program)
        {
            switch (random.Next(6))
            {
                case 0:
                    shrinks = true; // dropped: `up` deletes it
                    break;
                case 1 when resource.Type == ObserverNode:
                    shrinks = true; // a replace scales the node in first
                    changed.Add(resource with { Inputs = resource.Inputs.With("zone", Props.Value(OtherZone(resource.Inputs["zone"].StringValue))) });
                    break;
                case 2 or 3 when resource.Type == SupernodeScale:
                    var down = Flavor(resource) == FastWorld.Large;
                    shrinks |= down;
                    changed.Add(Supernode(resource.Name, Subject(resource), down ? FastWorld.Medium : FastWorld.Large));
                    break;
                case 2 or 3:
                    changed.Add(resource with { Inputs = resource.Inputs.With("forceKill", Props.Value(!resource.Inputs["forceKill"].BoolValue)) });
                    break;
                default:
                    changed.Add(resource);
                    break;
            }
        }
        return (changed, shrinks);
    }

    private string OtherZone(string zone)
    {
        var others = new[] { "zone1", "zone2", "zone3" }.Where(z => z != zone).ToList();
        return others[random.Next(others.Count)];
    }

    private string Prefix => $"{identity.Name.ToLowerInvariant()}-r{roundName.Split(' ')[^1]}";

    /// <summary>One phase: a faulty run of <paramref name="goal"/> (null: destroy), the user's reactions to its
    /// failures, retries until it converges, then the invariants.</summary>
    private async Task PhaseAsync(IReadOnlyList<Declared>? goal, bool removing)
    {
        _goal = goal;
        _everDeclared.AddRange(goal ?? []);
        _removingThisPhase = removing;
        _transcript.Note(goal is null ? "phase: destroy" : $"phase: up of {Scales(goal)}");
        var serversBefore = await world.SupernodeLedgersAsync();
        var outcomes = await FaultyRunAsync(() => Execute(_goal));
        var reactions = random.Next(1, 3);
        while (Failed(outcomes) && reactions-- > 0) outcomes = await ReactAsync();
        outcomes = await ConvergeAsync(outcomes);
        var clock = Stopwatch.StartNew();
        await CheckAsync(serversBefore);
        campaign.Tally.RunTook(clock.Elapsed, $"{Where} stack {identity.Name} checks and refresh");
    }

    private Task<IReadOnlyList<StepOutcome>> Execute(IReadOnlyList<Declared>? goal)
    {
        // With pending creates the engine refuses the run before calling any provider: it reaches nothing.
        _reachedThisRun.Clear();
        if (_engine.PendingCreates.Count == 0) Reaching(goal);
        return goal is null ? _engine.DestroyAsync() : _engine.UpAsync(goal);
    }

    /// <summary>The creates of SupernodeScales in flight when a plugin on <paramref name="machine"/> was killed — at this
    /// kill or an earlier one there —, the next run starting on another machine: each the engine never recorded is
    /// unreachable (see <see cref="UnreachableCreate"/>) until a run reaches its supernode again. Earlier kills count
    /// too (seed 733451786 round 81: a create killed with the CLI, the next runs on the same machine refused for
    /// pending creates or killed before any provider call, and only then another machine). Every version of the
    /// program counts: a dropped resource's create is the likeliest to be reached by nothing.</summary>
    private void UnreachableFromNowOn(IReadOnlyCollection<string> creating, UnreachableCreate window, RunnerMachine machine)
    {
        _killedCreates.Add((creating, window, machine));
        foreach (var (names, killedWindow, _) in _killedCreates.Where(k => k.Machine == machine).ToList())
            foreach (var scale in _everDeclared.Where(d => d.Type == SupernodeScale && names.Contains(d.Name) && !_engine.Resources.ContainsKey(d.Name)).DistinctBy(d => d.Name))
            {
                _unreachable.Add((killedWindow with { SupernodeId = Subject(scale) }, machine));
                _transcript.Note($"{scale.Name}: its create was in flight when a plugin on that machine was killed, and the next run is on another machine");
            }
        _killedCreates.RemoveAll(k => k.Machine == machine);
    }

    /// <summary>Every kill's creates in flight, with its window and machine, until a run leaves that machine.</summary>
    private readonly List<(IReadOnlyCollection<string> Creating, UnreachableCreate Window, RunnerMachine Machine)> _killedCreates = [];

    /// <summary>A run is about to start with <paramref name="goal"/> (null: one that only touches what the state holds):
    /// a create it can reach again is no longer unreachable — on the machine that has its journal, or with a scale on
    /// its supernode declared or in state.</summary>
    private void Reaching(IReadOnlyList<Declared>? goal)
    {
        var supernodes = (goal ?? []).Where(d => d.Type == SupernodeScale).Select(Subject)
            .Concat(_engine.Resources.Values.Select(r => r.Inputs.TryGetValue("supernodeId", out var id) ? id.StringValue : "")).ToHashSet(StringComparer.Ordinal);
        _reachedThisRun.Clear();
        foreach (var reached in _unreachable.Where(u => u.Machine == _runner.Machine || supernodes.Contains(u.Create.SupernodeId)).ToList())
        {
            _unreachable.Remove(reached);
            _reachedThisRun.Add(reached);
            _transcript.Note($"the killed create on supernode {reached.Create.SupernodeId} is reachable again");
        }
    }

    /// <summary>The killed creates the current run made reachable again: if it is killed too and the next run is on
    /// another machine, they are unreachable again unless it named them (seed of round 317812185: a dropped resource
    /// declared again, that run killed within a tenth of a second, the resource dropped again).</summary>
    private readonly List<(UnreachableCreate Create, RunnerMachine Machine)> _reachedThisRun = [];

    private Task<IReadOnlyList<StepOutcome>> RefreshAsync()
    {
        Reaching(null);
        return _engine.RefreshAsync();
    }

    private readonly List<(UnreachableCreate Create, RunnerMachine Machine)> _unreachable = [];

    /// <summary>A run with faults armed; perhaps a kill -9 at a uniformly random instant of it (the CLI dying with
    /// the plugin in a share of them), perhaps the journal's disk filling part-way.</summary>
    private async Task<IReadOnlyList<StepOutcome>> FaultyRunAsync(Func<Task<IReadOnlyList<StepOutcome>>> start)
    {
        _run++;
        campaign.Tally.Run();
        var removing = _goal is null;
        var killAt = random.NextDouble() < KillShare ? _runLength[removing] * random.NextDouble() : (TimeSpan?)null;
        var fillAt = random.NextDouble() < DiskFillShare ? _runLength[removing] * random.NextDouble() * 0.5 : (TimeSpan?)null;
        var cliDies = random.NextDouble() < CliDeathShare;
        _faults.ArmRandomFaults(removing);
        // Never a stall: it ends only with a kill of the plugin waiting on it, and faults are shared by every actor, so
        // a stall armed for this stack's planned kill could meet the other stack's request instead.
        _faults.ArmActThenFail(killPlanned: false);

        var clock = Stopwatch.StartNew();
        var (from, machine) = (DateTimeOffset.UtcNow.ToUnixTimeMilliseconds(), _runner.Machine!);
        IReadOnlyCollection<string> creating = [];
        var run = start();
        using var disk = fillAt is { } fill ? FillDiskLater(run, fill) : null;
        var killed = killAt is { } instant && await _runner.KillDuringAsync(run, instant, () =>
        {
            creating = _engine.Creating;
            if (cliDies) _engine.CliDied();
        });
        var outcomes = await run;
        if (!killed) _runLength[removing] = clock.Elapsed;
        campaign.Tally.RunTook(clock.Elapsed, $"{Where} stack {identity.Name} ({(removing ? "destroy" : "up")}{(killed ? ", killed" : "")})");
        await _faults.SettleAsync();
        if (killed)
        {
            if (cliDies) campaign.Tally.CliDeath();
            var elsewhere = random.NextDouble() < OtherMachineShare;
            await RestartAsync(elsewhere ? NewMachine() : _runner.Machine!);
            var window = new UnreachableCreate("", from, DateTimeOffset.UtcNow.ToUnixTimeMilliseconds());
            if (elsewhere)
            {
                _unreachable.AddRange(_reachedThisRun);
                UnreachableFromNowOn(creating, window, machine);
            }
            else _killedCreates.Add((creating, window, machine));
        }
        Shown(outcomes, killed);
        _transcript.Ran($"run {_run} {(removing ? "destroy" : "up")}" + (killed ? $", plugin killed{(cliDies ? " with the CLI" : "")}; next on {MachineName}" : ""), outcomes, _engine.Resources);
        return outcomes;
    }

    /// <summary>The journal disk fills <paramref name="after"/> into the run (if still going), and is freed when the
    /// handle is disposed, after the run.</summary>
    private IDisposable FillDiskLater(Task run, TimeSpan after)
    {
        var full = new DiskHandle();
        full.Task = Task.Run(async () =>
        {
            if (await Task.WhenAny(run, Task.Delay(after)) == run) return;
            lock (full)
            {
                if (full.Done) return;
                full.Fill = _runner.Machine!.FillDisk();
            }
            _transcript.Note($"run {_run}: the journal disk of {MachineName} is full until the run ends");
            campaign.Tally.DiskFill();
        });
        return full;
    }

    private sealed class DiskHandle : IDisposable
    {
        public Task? Task;
        public IDisposable? Fill;
        public bool Done;

        public void Dispose()
        {
            Task?.Wait();
            lock (this)
            {
                Done = true;
                Fill?.Dispose();
            }
        }
    }

    /// <summary>What a user does after a failed run, drawn at random among what makes sense now.</summary>
    private async Task<IReadOnlyList<StepOutcome>> ReactAsync()
    {
        var asks = AsksFor(_goal).ToList();
        var choices = new List<string> { "retry", "destroy", "refresh", "ctrl-c" };
        if (_goal is not null) choices.Add("change");
        if (asks.Count > 0) choices.AddRange(["adopt", "adopt"]);
        var choice = choices[random.Next(choices.Count)];
        campaign.Tally.UserAction(choice);
        _transcript.Note($"user: {choice}");
        switch (choice)
        {
            case "destroy":
                _removingThisPhase = true;
                await FaultyRunAsync(() => Execute(null));
                return await FaultyRunAsync(() => Execute(_goal));
            case "refresh":
                var refreshed = await RefreshAsync();
                Shown(refreshed, killed: false);
                _transcript.Ran("refresh", refreshed, _engine.Resources);
                return await FaultyRunAsync(() => Execute(_goal));
            case "ctrl-c":
                return await CtrlCAsync();
            case "change":
                var (changed, shrinks) = Changed(_goal!);
                _removingThisPhase |= shrinks;
                _goal = changed;
                _everDeclared.AddRange(changed);
                _transcript.Note($"program changed to {Scales(changed)}");
                foreach (var node in changed.Where(d => d.Type == ObserverNode)) _declaredNodes.Add(Subject(node));
                return await FaultyRunAsync(() => Execute(_goal));
            case "adopt":
                _goal = await AdoptingAsync(_goal!, asks[random.Next(asks.Count)]);
                return await FaultyRunAsync(() => Execute(_goal));
            default:
                return await FaultyRunAsync(() => Execute(_goal));
        }
    }

    /// <summary>Ctrl-C: the engine asks the plugin to Cancel part-way into the run, waits for what is in flight, then
    /// exits; the next run starts a new plugin.</summary>
    private async Task<IReadOnlyList<StepOutcome>> CtrlCAsync()
    {
        _run++;
        campaign.Tally.Run();
        var run = Execute(_goal);
        var at = _runLength[_goal is null] * random.NextDouble();
        if (await Task.WhenAny(run, Task.Delay(at)) != run)
        {
            try
            {
                await _runner.Client.CancelAsync();
            }
            catch (Grpc.Core.RpcException)
            {
                // The run ended meanwhile and the plugin is going: nothing to cancel.
            }
        }
        var outcomes = await run;
        Shown(outcomes, killed: false);
        await RestartAsync(_runner.Machine!);
        _transcript.Ran($"run {_run} {(_goal is null ? "destroy" : "up")} with ctrl-c", outcomes, _engine.Resources);
        return outcomes;
    }

    /// <summary>The user answers the provider's question through the input it names, as a careful user does: of the
    /// servers it names, those this stack's key really created (the user checks their create times and orders; the
    /// campaign reads the ledger) — none, an empty list, when none is.</summary>
    private async Task<IReadOnlyList<Declared>> AdoptingAsync(IReadOnlyList<Declared> goal, ProviderAsk ask)
    {
        var resource = goal.First(d => d.Name == ask.Resource);
        var ours = resource.Type == SupernodeScale
            ? (await Truth.SupernodeLedgerAsync(world.Http, world.ModelArts.Endpoint, Subject(resource))).Where(r => r.CreatedBy == identity.AccessKey).Select(r => r.ServerId).ToHashSet(StringComparer.OrdinalIgnoreCase)
            : [];
        var adopted = ask.ServerIds.Where(ours.Contains).ToList();
        _adopted.UnionWith(adopted);
        _transcript.Note($"{ask.Resource} adoptServerIds: [{string.Join(", ", adopted)}] (asked about {string.Join(", ", ask.ServerIds)})");
        return goal.Select(d => d.Name == ask.Resource ? d with { Inputs = d.Inputs.With(ask.Property!, Props.Value(adopted)) } : d).ToList();
    }

    /// <summary>Asks the user could follow now: for a resource still declared, naming the input to set.</summary>
    private IEnumerable<ProviderAsk> AsksFor(IReadOnlyList<Declared>? goal) => goal is null ? [] : _shownAsks
        .Where(a => a.Property is not null && a.ServerIds.Count > 0 && goal.Any(d => d.Name == a.Resource && d.Type == SupernodeScale));

    private readonly List<ProviderAsk> _shownAsks = [];

    /// <summary>Retries until every resource succeeded; what still fails after <see cref="MaxRetries"/> the user
    /// gives up on (<c>pulumi state delete</c>), which the orphan check then judges by what the messages named.</summary>
    private async Task<IReadOnlyList<StepOutcome>> ConvergeAsync(IReadOnlyList<StepOutcome> outcomes)
    {
        for (var retry = 0; Failed(outcomes) && retry < MaxRetries; retry++)
        {
            if (_engine.PendingCreates.Count > 0)
            {
                campaign.Tally.UserAction("refresh (pending creates)");
                var refreshed = await RefreshAsync();
                Shown(refreshed, killed: false);
                _transcript.Ran("refresh (pending creates)", refreshed, _engine.Resources);
            }
            await ResolveNamedDagsAsync(outcomes);
            // A user reads the failure before running again: a lock an operator's FAILED DAG holds may be gone by then.
            await Task.Delay(TimeSpan.FromMilliseconds(250 * (retry + 1)));
            var clock = Stopwatch.StartNew();
            outcomes = await Execute(_goal);
            campaign.Tally.RunTook(clock.Elapsed, $"{Where} stack {identity.Name} retry {retry + 1} ({(_goal is null ? "destroy" : "up")})");
            Shown(outcomes, killed: false);
            _transcript.Ran($"retry {retry + 1} ({(_goal is null ? "destroy" : "up")})", outcomes, _engine.Resources);
        }
        var failed = outcomes.Where(o => !o.Succeeded).ToList();
        if (failed.Count == 0) return outcomes;
        campaign.Tally.StuckRun($"{Where} stack {identity.Name} ({(_goal is null ? "destroy" : "up")}): " + string.Join(" | ", failed.Select(f => $"{f.Name}: {Short(f.Detail)}")));
        var givenUp = failed.Select(f => f.Name).ToHashSet(StringComparer.Ordinal);
        campaign.Tally.UserAction("give up (state delete)");
        // The user saw what the state of a resource they give up on recorded (its servers, its node): forgetting it is
        // their choice, not the provider leaving something behind unnamed.
        foreach (var (name, state) in _engine.Resources.Where(r => givenUp.Contains(r.Key)))
            lock (_shown) _shown.Add($"{name} given up with state: id {state.Id}, outputs {state.Outputs}");
        _engine.StateDelete(givenUp);
        _transcript.Note($"user gives up: state delete {string.Join(", ", givenUp)}");
        if (_goal is not null) _goal = _goal.Where(d => !givenUp.Contains(d.Name)).ToList();
        // The DAGs the last failures asked them to resolve they resolve too, as before every retry: giving a node up
        // leaves its DAG to them (seed 1821872454 round 9: the third retry named the FAILED scale-out it could not tell
        // as its own; the user gave the node up and that DAG held the cluster lock for good). A given-up node is no
        // longer declared, so its scale-out is rolled back.
        await ResolveNamedDagsAsync(outcomes);
        return outcomes;
    }

    /// <summary>
    /// The provider named a FAILED scale-out DAG it cannot prove its own and asked its owner to resolve it: one it could
    /// not tell from the scale-out an interrupted run of this node sent (its logs name no target yet, and its start time
    /// proves nothing), or one holding the cluster lock that may be the scale-out of a node whose run died elsewhere
    /// (another machine: no journal of it here). The user can tell — they know what they ran; the campaign reads the
    /// ledger, as it does for server adoptions — and leaves another's DAG to its owner. Their own they resolve as the
    /// message offers: the scale-out of a node the program still declares they RETRY (it finishes adding the node, which
    /// their state may already hold as a member; the next run adopts it), any other they ROLLBACK (destroy, a node
    /// dropped, or one the provider could not tell, which failed before the node joined: the next run adds it afresh).
    /// </summary>
    private async Task ResolveNamedDagsAsync(IReadOnlyList<StepOutcome> outcomes)
    {
        var failed = outcomes.Where(o => !o.Succeeded).Select(o => o.Detail).ToList();
        var untold = failed.SelectMany(NamedDags.Untold).ToHashSet(StringComparer.Ordinal);
        var holders = failed.SelectMany(NamedDags.LockHolders).ToHashSet(StringComparer.Ordinal);
        if (untold.Count + holders.Count == 0) return;
        var ledger = await world.ClusterLedgerAsync();
        var started = untold.Concat(holders)
            .Select(id => ledger.FirstOrDefault(r => r.Route == "scale_out" && r.DagId == id && Agents.Contains(r.ReceivedBy)))
            .OfType<ObshellRecord>().DistinctBy(r => r.DagId).ToList();
        var declared = (_goal ?? []).Where(d => d.Type == ObserverNode).Select(Subject).ToHashSet(StringComparer.Ordinal);
        var retried = started.Where(r => !untold.Contains(r.DagId!) && declared.Contains(r.Target)).Select(r => r.DagId!).ToList();
        var rolledBack = started.Select(r => r.DagId!).Except(retried).ToList();
        foreach (var _ in retried) campaign.Tally.UserAction("retry (a DAG of its own holding the lock, for a node it declares)");
        foreach (var id in rolledBack)
            campaign.Tally.UserAction(untold.Contains(id) ? "rollback (a DAG of its own the provider could not tell)" : "rollback (a DAG of its own holding the lock)");
        var agent = world.StackAgents[identity.Index][0];
        await NamedDags.OperateAsync(world.Obshell, agent, retried, "RETRY", FastWorld.RootPassword);
        await NamedDags.OperateAsync(world.Obshell, agent, rolledBack, "ROLLBACK", FastWorld.RootPassword);
    }

    /// <summary>The invariants after a converged run, then a converging refresh and the invariants again; the
    /// stack's transcript is kept when any was violated.</summary>
    private async Task CheckAsync(IReadOnlyDictionary<string, IReadOnlyList<ServerRecord>> serversBefore)
    {
        var violations = campaign.Violations;
        await CheckStateAsync(serversBefore, judgeOrphans: false);
        var refreshed = await RefreshAsync();
        Shown(refreshed, killed: false);
        _transcript.Ran("refresh (after the run converged)", refreshed, _engine.Resources);
        if (!Failed(refreshed))
        {
            var servers = await world.SupernodeLedgersAsync();
            violations.CheckRefreshed(Where, View(), world.MemberZones(), servers.Values.SelectMany(s => s).ToList());
        }
        await CheckStateAsync(serversBefore, judgeOrphans: true);
        if (violations.Take(Where, View()) is { Count: > 0 } found)
            campaign.Transcript(_transcript.Render(Where, identity.AccessKey, await world.SupernodeLedgersAsync(), found));
    }

    /// <param name="judgeOrphans">See <see cref="OpenWorldViolations.CheckSupernode"/>.</param>
    private async Task CheckStateAsync(IReadOnlyDictionary<string, IReadOnlyList<ServerRecord>> serversBefore, bool judgeOrphans)
    {
        var ledger = await world.ClusterLedgerAsync();
        var servers = await world.SupernodeLedgersAsync();
        var view = View();
        var violations = campaign.Violations;
        violations.CheckCluster(Where, view, ledger, world.DagStates(), world.MemberSet(), afterDestroy: _goal is null);
        foreach (var (id, records) in servers)
        {
            violations.CheckSupernode(Where, view, id, records, MostAdded(id), judgeOrphans);
            if (!_removingThisPhase) violations.CheckNoUserDataRemoved(Where, view, id, serversBefore[id], records, op.UserStatusesSnapshot());
        }
        if (_goal is not null) violations.CheckNodesPresent(Where, view, world.MemberZones(), ledger, world.DagStates());
        foreach (var removal in TakeRemovals()) violations.NodeReportedRemoved(removal.Where, view, removal.Name, removal.Agent, ledger, removal.Dags, removal.Members);
        foreach (var ask in _shownAsks)
        {
            var supernodeId = _everDeclared.FirstOrDefault(d => d.Name == ask.Resource && d.Type == SupernodeScale) is { } scale ? Subject(scale) : null;
            violations.CheckAsk(Where, view, ask, supernodeId, supernodeId is null ? [] : servers.GetValueOrDefault(supernodeId) ?? [], ledger);
        }
    }

    /// <summary>The most servers this stack may have created on a supernode: what its declared flavor adds over the
    /// supernode's original servers (none when it declares no scale there).</summary>
    private int MostAdded(string supernodeId) => _everDeclared
        .Where(d => d.Type == SupernodeScale && Subject(d) == supernodeId)
        .Select(scale => FastWorld.ServersOf(Flavor(scale)) - FastWorld.ServersOf(FastWorld.Small)).DefaultIfEmpty(0).Max();

    /// <summary>Every resource declared this round, in any version of the program.</summary>
    private readonly List<Declared> _everDeclared = [];

    private StackView View()
    {
        List<string> shown;
        lock (_shown) shown = [.. _shown, .. identity.Engine.Logs.Skip(_logsBefore).Select(l => l.Message)];
        return new StackView(identity.Name, identity.AccessKey, Agents, _declaredNodes, _engine.Resources, shown, _adopted, _unreachable.Select(u => u.Create).ToList());
    }

    /// <summary>Records what the user was shown: failure messages (not the engine's own "plugin died"), and the
    /// asks among them.</summary>
    private void Shown(IReadOnlyList<StepOutcome> outcomes, bool killed)
    {
        foreach (var failure in outcomes.Where(o => !o.Succeeded))
        {
            if (killed && failure.Detail.StartsWith("Unavailable", StringComparison.Ordinal)) continue;
            lock (_shown) _shown.Add(failure.Detail);
            campaign.Tally.Failure($"{identity.Name} {failure.Name}: {Short(failure.Detail)}");
            if (ProviderAsks.Find(failure.Name, failure.Detail) is { } found)
            {
                var ask = found with { HeldWhenShown = View().Scales.SelectMany(s => s.Owned).ToHashSet(StringComparer.OrdinalIgnoreCase) };
                _shownAsks.Add(ask);
                campaign.Tally.Ask(ask.Text);
            }
        }
    }

    private async Task StartPluginAsync(RunnerMachine machine)
    {
        var client = await _runner.StartAsync(machine);
        _transcript.Note($"plugin starts on {MachineName}");
        _engine = Watched(new EngineStack(client, TimeoutSeconds));
    }

    private async Task RestartAsync(RunnerMachine machine)
    {
        var client = await _runner.StartAsync(machine);
        _engine = Watched(_engine.With(client));
    }

    private string MachineName => _transcript.MachineName(_runner.Machine!, identity.Home);

    /// <summary>A program's SupernodeScales, for the transcript: name, supernode, flavor.</summary>
    private static string Scales(IReadOnlyList<Declared> program) =>
        string.Join(", ", program.Where(d => d.Type == SupernodeScale).Select(d => $"{d.Name} ({Subject(d)}, {Flavor(d)})")) is { Length: > 0 } scales ? scales : "no scale";

    private RunnerMachine NewMachine()
    {
        campaign.Tally.FreshRunner();
        return RunnerMachine.Fresh();
    }

    /// <summary>Every node Delete that returns success is judged at that instant (members and DAGs snapshotted).</summary>
    private EngineStack Watched(EngineStack stack)
    {
        stack.Deleted += (name, state) =>
        {
            if (!state.Inputs.TryGetValue("ip", out var ip)) return;
            var agent = $"{ip.StringValue}:{(int)state.Inputs["obshellPort"].NumberValue}";
            var snapshot = (Where, name, agent, world.MemberSet(), world.DagStates());
            lock (_removals) _removals.Add(snapshot);
        };
        return stack;
    }

    private List<(string Where, string Name, string Agent, IReadOnlySet<string> Members, IReadOnlyList<DagState> Dags)> TakeRemovals()
    {
        lock (_removals)
        {
            var taken = _removals.ToList();
            _removals.Clear();
            return taken;
        }
    }

    public int Kills => _runner.Kills;

    /// <summary>The endpoint list as this stack's user wrote it: its two members, in a share of rounds after an agent
    /// of the kind users get wrong — a removed node, a spare, or a member whose observer is down.</summary>
    private static IReadOnlyList<string> EndpointList(StackIdentity identity, RoundWorld world, Random random)
    {
        var own = world.StackAgents[identity.Index];
        return random.Next(4) switch
        {
            0 => own,
            1 => [world.PrefixSpares[identity.Index], .. own],
            _ => [world.PrefixMembers[identity.Index], .. own],
        };
    }

    private static bool Failed(IReadOnlyList<StepOutcome> outcomes) => outcomes.Any(o => !o.Succeeded);

    private static string Short(string text) => text.Length > 300 ? text[..300] + "…" : text;

    public async ValueTask DisposeAsync()
    {
        await _runner.DisposeAsync();
    }
}
