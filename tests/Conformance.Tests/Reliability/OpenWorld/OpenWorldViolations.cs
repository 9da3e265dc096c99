namespace ClusterScale.Conformance.Tests.Reliability.OpenWorld;

/// <summary>
/// The open-world invariants (issue 21), checked against the simulators' truth ledgers — never the provider's view —
/// and counted, each violation once (keyed by what it is about) however often it is seen, so a campaign runs to its
/// end and its line shows every violation. Each is kept with where it was met (seed, round, run) and the resource.
/// </summary>
internal sealed class OpenWorldViolations
{
    /// <summary>Examples kept per kind of violation, so a frequent kind cannot hide the others.</summary>
    private const int KeptExamples = 12;
    private readonly Dictionary<Kind, int> _kept = [];
    private const string ScaleOut = "scale_out";
    private const string ScaleIn = "scale_in";
    private readonly HashSet<string> _seen = new(StringComparer.Ordinal);
    private readonly object _gate = new();

    /// <summary>A server or node another owner holds, claimed by this stack: in its state, or a DAG operator sent to
    /// another actor's DAG.</summary>
    public int ForeignTaken { get; private set; }
    /// <summary>A server or node another owner holds, removed by this stack.</summary>
    public int ForeignRemoved { get; private set; }
    /// <summary>A DAG of this stack unfinished (holding the cluster lock, or able to add a node) after its run
    /// ended, or when a node was reported removed.</summary>
    public int HeldLocks { get; private set; }
    /// <summary>Something this stack's scale created that no resource of it owns and no message named.</summary>
    public int OrphansUnreported { get; private set; }
    /// <summary>The same, but named to the user (not a violation: counted so it shows).</summary>
    public int OrphansReported { get; private set; }
    /// <summary>The same, added by a create no provider call could reach again (<see cref="UnreachableCreate"/>): not
    /// the provider's failure, counted so it shows.</summary>
    public int OrphansBeyondProvider { get; private set; }
    /// <summary>After a converging refresh, state that does not match the remote.</summary>
    public int StateMismatches { get; private set; }
    /// <summary>An ask naming something not at stake, nothing, or leaving out something that is.</summary>
    public int WrongAsks { get; private set; }
    /// <summary>Something added twice: a node scaled out again while a member, more servers than the flavor adds, a
    /// server claimed by two resources.</summary>
    public int Duplicates { get; private set; }
    /// <summary>Something that should exist and does not: a node in state not a member after a converged up, a
    /// server this stack still claims removed by it, a server with a user's status removed outside destroy/shrink.</summary>
    public int Lost { get; private set; }

    /// <summary>Nodes a converged <c>up</c> left in state after this stack's own interrupted destroy removed them
    /// (<see cref="CheckNodesPresent"/>): printed, not a violation.</summary>
    public int StaleAfterOwnRemoval { get; private set; }

    public List<string> Examples { get; } = [];

    public int Total => ForeignTaken + ForeignRemoved + HeldLocks + OrphansUnreported + StateMismatches + WrongAsks + Duplicates + Lost;

    public string Line(int lifecycles, int foreignActions, int userActions, int freshRunners, int kills, int asks) =>
        $"open-world: lifecycles={lifecycles} actors=2 foreign_actions={foreignActions} user_actions={userActions} fresh_runners={freshRunners} kills={kills} asks={asks} " +
        $"foreign_taken={ForeignTaken} foreign_removed={ForeignRemoved} held_locks={HeldLocks} orphans_unreported={OrphansUnreported} " +
        $"state_mismatches={StateMismatches} wrong_asks={WrongAsks} duplicates={Duplicates} lost={Lost}";

    /// <summary>
    /// One supernode's truth against one stack, at any instant: nothing it claims was created by another (unless the
    /// user adopted it after an ask), nothing another created was removed by it, nothing it created is owned by none
    /// of its resources unless named to the user, and it never holds more than its flavor adds over the original
    /// servers (<paramref name="mostAdded"/>, null when no scale of it is declared there).
    /// </summary>
    /// <param name="judgeOrphans">False before the refresh that follows each converged run: whether an orphan was named
    /// is judged after it. Pulumi answers an operation interrupted by a dead CLI with "refresh" (its pending-operations
    /// warning, pkg/engine lifecycletest TestUpdateShowsWarningWithPendingOperations), and an `up` that declares the
    /// recorded flavor again calls nothing that reads the supernode, so that refresh is where a provider can name the
    /// servers such an update added.</param>
    public void CheckSupernode(string where, StackView stack, string supernodeId, IReadOnlyList<ServerRecord> ledger, int? mostAdded, bool judgeOrphans = true)
    {
        var byId = ledger.ToDictionary(r => r.ServerId, StringComparer.Ordinal);
        var claims = stack.Scales.Where(s => s.SupernodeId == supernodeId).ToList();
        foreach (var (name, _, owned) in claims)
        {
            foreach (var id in owned)
            {
                if (!byId.TryGetValue(id, out var server))
                    StateMismatch(where, stack, name, $"claims server {id}, which supernode {supernodeId} never had", $"unknown:{supernodeId}:{id}");
                else if (server.CreatedBy != stack.AccessKey && !stack.Adopted.Contains(id))
                    Count(Kind.ForeignTaken, where, stack, name, $"claims server {id} of supernode {supernodeId}, created by {Actor(server.CreatedBy)}", $"{name}:{id}");
            }
            foreach (var twice in owned.GroupBy(id => id).Where(g => g.Count() > 1))
                Count(Kind.Duplicates, where, stack, name, $"lists server {twice.Key} twice", $"twice:{name}:{twice.Key}");
        }
        foreach (var shared in claims.SelectMany(c => c.Owned.Select(id => (c.Name, id))).GroupBy(c => c.id).Where(g => g.Count() > 1))
            Count(Kind.Duplicates, where, stack, string.Join("+", shared.Select(s => s.Name)), $"server {shared.Key} is claimed by {shared.Count()} resources", $"shared:{shared.Key}");

        foreach (var removed in ledger.Where(r => r.RemovedBy == stack.AccessKey && r.CreatedBy != stack.AccessKey && !stack.Adopted.Contains(r.ServerId)))
            Count(Kind.ForeignRemoved, where, stack, $"supernode {supernodeId}", $"removed server {removed.ServerId}, created by {Actor(removed.CreatedBy)}", removed.ServerId);

        var owners = claims.SelectMany(c => c.Owned).ToHashSet(StringComparer.Ordinal);
        foreach (var orphan in ledger.Where(r => judgeOrphans && r.CreatedBy == stack.AccessKey && r.RemovedBy is null && !owners.Contains(r.ServerId)))
            ServerOrphan(where, stack, orphan);

        var present = ledger.Count(r => r.CreatedBy == stack.AccessKey && r.RemovedBy is null);
        if (present > (mostAdded ?? 0))
            Count(Kind.Duplicates, where, stack, $"supernode {supernodeId}", $"holds {present} servers it created; its flavor adds at most {mostAdded ?? 0}", $"excess:{supernodeId}:{present}");
    }

    /// <summary>Servers this stack removed during a run that was neither a destroy nor a shrink, while a user had put
    /// them in a status of their own (REBOOT_FAILED, STOPPED): scaling in destroys their disks.</summary>
    public void CheckNoUserDataRemoved(string where, StackView stack, string supernodeId, IReadOnlyList<ServerRecord> before, IReadOnlyList<ServerRecord> after, IReadOnlySet<string> userStatuses)
    {
        var removedBefore = before.Where(r => r.RemovedBy is not null).Select(r => r.ServerId).ToHashSet(StringComparer.Ordinal);
        foreach (var removed in after.Where(r => r.RemovedBy == stack.AccessKey && !removedBefore.Contains(r.ServerId) && userStatuses.Contains(r.ServerId)))
            Count(Kind.Lost, where, stack, $"supernode {supernodeId}", $"removed server {removed.ServerId} a user had put in a status of their own, in a run that removed nothing", $"userdata:{removed.ServerId}");
    }

    /// <summary>
    /// The cluster's truth against one stack: no DAG operator sent to a DAG another actor started, no node scaled in
    /// that the stack never declared, no recorded dagId that another actor's request started, no node scaled out again
    /// while a member, no member it added that none of its resources owns unless named to the user (checked after
    /// its run converged); and after a destroy (<paramref name="afterDestroy"/>) no DAG of it holding the cluster lock.
    /// </summary>
    public void CheckCluster(string where, StackView stack, IReadOnlyList<ObshellRecord> ledger, IReadOnlyList<DagState> dags, IReadOnlySet<string> members, bool afterDestroy)
    {
        var starters = ledger.Where(r => r.DagId is not null && r.Route is ScaleOut or ScaleIn).GroupBy(r => Dag(r.DagId!)).ToDictionary(g => g.Key, g => g.First());
        bool Ours(ObshellRecord r) => stack.Agents.Contains(r.ReceivedBy);

        foreach (var action in ledger.Where(r => Ours(r) && r.Route.StartsWith("dag:", StringComparison.Ordinal)))
            if (starters.TryGetValue(Dag(action.Target), out var start) && !Ours(start))
                Count(Kind.ForeignTaken, where, stack, $"DAG {action.Target}", $"sent {action.Route[4..]} to DAG {action.Target}, which {start.ReceivedBy}'s {start.Route} of {start.Target} started", $"op:{action.Seq}");
        foreach (var (name, agent, _, dagId) in stack.Nodes.Where(n => n.DagId.Length > 0))
            if (starters.TryGetValue(Dag(dagId), out var start) && (!Ours(start) || start.Target != agent))
                Count(Kind.ForeignTaken, where, stack, name, $"records DAG {dagId} as the one that added {agent}; {start.ReceivedBy}'s {start.Route} of {start.Target} started it", $"dag:{name}:{dagId}");
        foreach (var scaleIn in ledger.Where(r => Ours(r) && r.Route == ScaleIn && !stack.DeclaredNodes.Contains(r.Target)))
            Count(Kind.ForeignRemoved, where, stack, scaleIn.Target, $"scaled in {scaleIn.Target}, which it never declared", $"in:{scaleIn.Seq}");

        var states = dags.ToDictionary(d => Dag(d.Id), StringComparer.Ordinal);
        foreach (var twice in OursSucceeded(ledger, Ours, states).GroupBy(r => r.Target))
        {
            var added = false;
            foreach (var change in twice.OrderBy(r => r.Seq))
            {
                if (change.Route == ScaleOut && added)
                    Count(Kind.Duplicates, where, stack, change.Target, $"scaled out {change.Target} again (DAG {change.DagId}) while it was a member", $"twice:{change.Seq}");
                added = change.Route == ScaleOut;
            }
        }
        if (afterDestroy)
            foreach (var start in ledger.Where(r => Ours(r) && r.DagId is not null && r.Route is ScaleOut or ScaleIn))
                if (states.TryGetValue(Dag(start.DagId!), out var dag) && dag.HoldsLock)
                    Count(Kind.HeldLocks, where, stack, start.Target, $"its DAG {dag.Id} ({dag.Name}, {start.Route} of {start.Target}) is {dag.State}/{dag.Operator} at stage {dag.Stage}, holding the cluster lock, after destroy ended", $"held:{dag.Id}:{dag.State}");
        var owned = stack.Nodes.Select(n => n.Agent).ToHashSet(StringComparer.Ordinal);
        foreach (var added in OursSucceeded(ledger, Ours, states).Where(r => r.Route == ScaleOut).Select(r => r.Target).Distinct())
            if (members.Contains(added) && !owned.Contains(added))
                Orphan(where, stack, added, added, $"member {added} it scaled out belongs to none of its resources");
    }

    /// <summary>A node whose Delete just returned success: no DAG of this stack may still be able to add it, and it
    /// must not be a member (the engine forgets it now).</summary>
    public void NodeReportedRemoved(string where, StackView stack, string name, string agent, IReadOnlyList<ObshellRecord> ledger, IReadOnlyList<DagState> dags, IReadOnlySet<string> members)
    {
        var states = dags.ToDictionary(d => Dag(d.Id), StringComparer.Ordinal);
        foreach (var start in ledger.Where(r => stack.Agents.Contains(r.ReceivedBy) && r.Route == ScaleOut && r.Target == agent && r.DagId is not null))
            if (states.TryGetValue(Dag(start.DagId!), out var dag) && !dag.Finished)
                Count(Kind.HeldLocks, where, stack, name, $"reported {agent} removed while its scale-out DAG {dag.Id} was {dag.State}/{dag.Operator}", $"removed-while:{dag.Id}");
        if (members.Contains(agent))
            StateMismatch(where, stack, name, $"reported {agent} removed while it was a member", $"removed-member:{name}:{agent}:{ledger.Count}");
    }

    /// <summary>
    /// After a converged <c>up</c>: every node in state is a member in its zone (else it is lost) — unless this stack's
    /// own scale-in removed it last (<see cref="StaleAfterOwnRemoval"/>): a destroy of it that failed or was cut short
    /// after its scale-in finished leaves the engine's state listing it, and <c>pulumi up</c> reads nothing remote for
    /// a resource whose inputs did not change, so only a refresh can show it gone. Nothing is lost (the user asked for
    /// the removal, and the node is free); the refresh check after it (<see cref="CheckRefreshed"/>) must then drop it.
    /// </summary>
    /// <param name="ledger">The cluster's truth: who removed the node last; printed with a lost node (by whom, which DAG).</param>
    public void CheckNodesPresent(string where, StackView stack, IReadOnlyDictionary<string, string> memberZones, IReadOnlyList<ObshellRecord> ledger, IReadOnlyList<DagState> dags)
    {
        foreach (var (name, agent, zone, dagId) in stack.Nodes)
        {
            if (!memberZones.TryGetValue(agent, out var actual) && RemovedLastByItself(stack, agent, ledger, dags))
                StaleAfterOwnRemoval++;
            else if (actual is null)
                Count(Kind.Lost, where, stack, name, $"{agent} is in state (dagId '{dagId}') after a converged up but not a member; its history: {History(agent, ledger, dags)}", $"lost:{name}:{agent}");
            else if (zone.Length > 0 && actual != zone)
                StateMismatch(where, stack, name, $"{agent} is a member in {actual}, state says {zone}", $"zone:{name}:{agent}:{zone}");
        }
    }

    /// <summary>After a converging refresh: every node in state is a member in the zone state says, and every server
    /// a scale records is present.</summary>
    public void CheckRefreshed(string where, StackView stack, IReadOnlyDictionary<string, string> memberZones, IReadOnlyList<ServerRecord> servers)
    {
        var present = servers.Where(s => s.RemovedBy is null).Select(s => s.ServerId).ToHashSet(StringComparer.Ordinal);
        foreach (var (name, agent, zone, _) in stack.Nodes)
        {
            if (!memberZones.TryGetValue(agent, out var actual))
                StateMismatch(where, stack, name, $"after refresh {agent} is in state but not a member", $"refresh:{name}:{agent}");
            else if (zone.Length > 0 && actual != zone)
                StateMismatch(where, stack, name, $"after refresh {agent} is a member in {actual}, state says {zone}", $"refresh-zone:{name}:{agent}:{zone}");
        }
        foreach (var (name, supernodeId, owned) in stack.Scales)
            foreach (var gone in owned.Where(id => !present.Contains(id)))
                StateMismatch(where, stack, name, $"after refresh still records server {gone} of supernode {supernodeId}, which is gone", $"refresh:{name}:{gone}");
    }

    /// <summary>
    /// An ask must name exactly what is at stake: at least one server or DAG; no server that was there before the
    /// round's actors began (the supernode's original servers); no server or DAG the remote never had; and no server
    /// this stack created that none of its resources owns left out — judged by what they held when the ask was shown:
    /// a server a resource held then was not at stake, and a user giving that resource up later is told of it then.
    /// </summary>
    public void CheckAsk(string where, StackView stack, ProviderAsk ask, string? supernodeId, IReadOnlyList<ServerRecord> supernode, IReadOnlyList<ObshellRecord> cluster)
    {
        var key = $"ask:{ask.Resource}:";
        ask = ask with { ServerIds = ask.ServerIds.Where(id => !string.Equals(id, supernodeId, StringComparison.OrdinalIgnoreCase)).ToList() };
        if (ask.ServerIds.Count == 0 && ask.DagIds.Count == 0)
        {
            Count(Kind.WrongAsks, where, stack, ask.Resource, $"asks without naming a server or DAG: {Short(ask.Text)}", key + "nothing");
            return;
        }
        var known = supernode.ToDictionary(s => s.ServerId, StringComparer.OrdinalIgnoreCase);
        foreach (var id in ask.ServerIds)
        {
            if (!known.TryGetValue(id, out var server))
                Count(Kind.WrongAsks, where, stack, ask.Resource, $"asks about server {id}, which the supernode never had: {Short(ask.Text)}", key + "unknown:" + id);
            else if (server.CreatedBy == "initial")
                Count(Kind.WrongAsks, where, stack, ask.Resource, $"asks to adopt original server {id}: {Short(ask.Text)}", key + "original:" + id);
        }
        if (ask.ServerIds.Count > 0)
        {
            var owned = stack.Scales.SelectMany(s => s.Owned).ToHashSet(StringComparer.OrdinalIgnoreCase);
            // The ledger is read after the ask was shown: a server created after the newest one it names may not have
            // existed yet, so only older ones count as left out.
            var newestNamed = supernode.Where(s => ask.ServerIds.Contains(s.ServerId, StringComparer.OrdinalIgnoreCase)).Select(s => s.CreateAt).DefaultIfEmpty(0).Max();
            foreach (var left in supernode.Where(s => s.CreatedBy == stack.AccessKey && s.RemovedBy is null && s.CreateAt <= newestNamed && !owned.Contains(s.ServerId) && ask.HeldWhenShown?.Contains(s.ServerId) != true && !ask.ServerIds.Contains(s.ServerId, StringComparer.OrdinalIgnoreCase)))
                Count(Kind.WrongAsks, where, stack, ask.Resource, $"asks about {string.Join(", ", ask.ServerIds)} but leaves out {left.ServerId}, which it created and no resource owns: {Short(ask.Text)}", key + "left-out:" + left.ServerId);
        }
        var dags = cluster.Where(r => r.DagId is not null).Select(r => Dag(r.DagId!)).ToHashSet(StringComparer.Ordinal);
        foreach (var id in ask.DagIds.Where(id => !dags.Contains(Dag(id))))
            Count(Kind.WrongAsks, where, stack, ask.Resource, $"asks about DAG {id}, which no scale request started: {Short(ask.Text)}", key + "dag:" + id);
    }

    /// <summary>A server of this stack no resource owns: named to the user, or beyond every provider (<see
    /// cref="UnreachableCreate"/>), or a violation.</summary>
    private void ServerOrphan(string where, StackView stack, ServerRecord orphan)
    {
        var resource = $"supernode {orphan.SupernodeId}";
        if (stack.WasShown(orphan.ServerId) || !stack.BeyondEveryProvider(orphan))
            Orphan(where, stack, resource, orphan.ServerId, $"server {orphan.ServerId} it created belongs to none of its resources");
        else
            Count(Kind.OrphansBeyondProvider, where, stack, resource, $"server {orphan.ServerId} was added by a create killed on a machine no later run used, " +
                "on a supernode this stack never declared again (no provider call reaches it)", "orphan:" + orphan.ServerId);
    }

    private void Orphan(string where, StackView stack, string resource, string thing, string what)
    {
        var named = stack.WasShown(thing);
        Count(named ? Kind.OrphansReported : Kind.OrphansUnreported, where, stack, resource,
            what + (named ? " (named to the user)" : ", and no message named it"), "orphan:" + thing);
    }

    private void StateMismatch(string where, StackView stack, string resource, string what, string key) => Count(Kind.StateMismatches, where, stack, resource, what, key);

    private enum Kind { ForeignTaken, ForeignRemoved, HeldLocks, OrphansUnreported, OrphansReported, OrphansBeyondProvider, StateMismatches, WrongAsks, Duplicates, Lost }

    /// <summary>Every violation of one stack in one round not yet taken (<see cref="Take"/>), whatever the examples
    /// kept: printed with that stack's transcript.</summary>
    private readonly Dictionary<string, List<string>> _untaken = new(StringComparer.Ordinal);

    /// <summary>The violations counted for this stack in this round since the last call.</summary>
    public IReadOnlyList<string> Take(string where, StackView stack)
    {
        lock (_gate) return _untaken.Remove(StackInRound(where, stack), out var lines) ? lines : [];
    }

    /// <summary>"seed S round R run N" and a stack name: the stack in that round (stack names repeat across rounds).</summary>
    private static string StackInRound(string where, StackView stack) =>
        $"{(where.LastIndexOf(" run ", StringComparison.Ordinal) is var at and > 0 ? where[..at] : where)} stack {stack.Name}";

    /// <summary>Counts a violation (or a case counted apart) once per stack, kind and key; keeps a few examples.</summary>
    private void Count(Kind kind, string where, StackView stack, string resource, string what, string key)
    {
        lock (_gate)
        {
            if (!_seen.Add($"{stack.Name}:{kind}:{key}")) return;
            switch (kind)
            {
                case Kind.ForeignTaken: ForeignTaken++; break;
                case Kind.ForeignRemoved: ForeignRemoved++; break;
                case Kind.HeldLocks: HeldLocks++; break;
                case Kind.OrphansUnreported: OrphansUnreported++; break;
                case Kind.OrphansReported: OrphansReported++; return;
                case Kind.OrphansBeyondProvider: OrphansBeyondProvider++; return;
                case Kind.StateMismatches: StateMismatches++; break;
                case Kind.WrongAsks: WrongAsks++; break;
                case Kind.Duplicates: Duplicates++; break;
                case Kind.Lost: Lost++; break;
            }
            var line = $"{Snake(kind)}: {where} stack {stack.Name} resource {resource}: {what}";
            if (kind is not (Kind.OrphansReported or Kind.OrphansBeyondProvider))
            {
                var round = StackInRound(where, stack);
                (_untaken.TryGetValue(round, out var lines) ? lines : _untaken[round] = []).Add(line);
            }
            if (_kept.GetValueOrDefault(kind) >= KeptExamples) return;
            _kept[kind] = _kept.GetValueOrDefault(kind) + 1;
            Examples.Add(line);
        }
    }

    /// <summary>Scale DAGs the stack's requests started that ran to success (not rolled back), in ledger order.</summary>
    private static IEnumerable<ObshellRecord> OursSucceeded(IReadOnlyList<ObshellRecord> ledger, Func<ObshellRecord, bool> ours, IReadOnlyDictionary<string, DagState> states) =>
        ledger.Where(r => ours(r) && r.DagId is not null && r.Route is ScaleOut or ScaleIn && states.TryGetValue(Dag(r.DagId), out var dag) && dag.Succeeded);

    /// <summary>DAG ids as compared: the generic id (a cluster DAG's is "1" + its number), which the ledger and the
    /// simulator's DAG view both carry.</summary>
    private static string Dag(string id) => id;

    /// <summary>The last scale change of <paramref name="agent"/> is a scale-in this stack sent that succeeded.</summary>
    private static bool RemovedLastByItself(StackView stack, string agent, IReadOnlyList<ObshellRecord> ledger, IReadOnlyList<DagState> dags) =>
        ledger.Where(r => r.Target == agent && r.DagId is not null && r.Route is ScaleOut or ScaleIn)
            .Where(r => dags.Any(d => d.Id == Dag(r.DagId!) && d.Succeeded)).MaxBy(r => r.Seq) is { Route: ScaleIn } last
        && stack.Agents.Contains(last.ReceivedBy);

    private static string History(string agent, IReadOnlyList<ObshellRecord> ledger, IReadOnlyList<DagState> dags)
    {
        var states = dags.ToDictionary(d => d.Id, StringComparer.Ordinal);
        return string.Join("; ", ledger.Where(r => r.Target == agent).Select(r =>
            $"#{r.Seq} {r.Route} via {r.ReceivedBy}" + (r.DagId is { } id && states.TryGetValue(id, out var dag) ? $" DAG {id} {dag.State}/{dag.Operator} stage {dag.Stage}" : "")));
    }

    private static string Actor(string createdBy) => createdBy switch { "initial" => "the supernode's creation", "console" => "the console", _ => $"access key {createdBy}" };

    private static string Short(string text) => text.Length > 240 ? text[..240] + "…" : text;

    private static string Snake(Kind kind) => string.Concat(kind.ToString().Select((c, i) => i > 0 && char.IsUpper(c) ? "_" + char.ToLowerInvariant(c) : char.ToLowerInvariant(c).ToString()));
}
