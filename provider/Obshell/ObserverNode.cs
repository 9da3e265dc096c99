using ClusterScale.Provider.Deadlines;
using ClusterScale.Provider.Journal;
using ClusterScale.Provider.Obshell.Api;
using ClusterScale.Provider.Obshell.Auth;
using ClusterScale.Provider.Obshell.Cluster;
using ClusterScale.Provider.Outcomes;
using ClusterScale.Provider.Protocol;
using ClusterScale.Provider.Waiting;
using Newtonsoft.Json.Linq;

namespace ClusterScale.Provider.Obshell;

/// <summary>
/// <c>clusterscale:obshell:ObserverNode</c>: one OBServer node, id <c>ip:obshellPort</c>. Create scales the cluster
/// out (or adopts an existing member), Delete scales it in, Update applies in-place fields and resumes an unfinished
/// create, Read reports membership. Cluster work lives in <see cref="ScaleOut"/> and <see cref="ScaleIn"/>.
/// </summary>
/// <param name="journal">Where an add in flight is recorded until the engine has it (<see cref="ScaleOutJournal"/>).</param>
public sealed class ObserverNode(ObshellConnection connection, OperationJournal journal) : IResource
{
    public const string TypeToken = "clusterscale:obshell:ObserverNode";

    /// <summary>Default wait for a scale-out when customTimeouts does not say: real scale-outs take minutes; 30 min
    /// also covers waiting for another DAG that holds the cluster lock.</summary>
    public static readonly TimeSpan DefaultCreateTimeout = TimeSpan.FromMinutes(30);

    /// <summary>Default wait for a scale-in: deleting an observer migrates its data and can take about an hour.</summary>
    public static readonly TimeSpan DefaultDeleteTimeout = TimeSpan.FromMinutes(60);

    /// <summary>Default bound of a Read (refresh, import) when customTimeouts.read is not set: one read of a healthy
    /// cluster takes well under a second, and three configured agents hung for a minute each stay inside it.</summary>
    public static readonly TimeSpan DefaultReadTimeout = TimeSpan.FromMinutes(3);

    /// <summary>What a Diff may spend reading the cluster's parameters (the engine gives Diff no timeout): a preview
    /// must not hang on hung agents, and a healthy cluster answers in well under a second.</summary>
    public static readonly TimeSpan PreviewReadBudget = TimeSpan.FromSeconds(30);

    public string Token => TypeToken;

    /// <summary>The adds this plugin process is running (their journal entries are not left behind).</summary>
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, bool> _adding = new(StringComparer.Ordinal);

    /// <summary>1 once this process (one Pulumi run) has reported what killed creates left (<see cref="ReportLeftBehindOnceAsync"/>).</summary>
    private int _leftBehindReported;

    public JObject Schema { get; } = ObserverNodeSchema.Build();

    public Task<CheckResult> CheckAsync(CheckInput request, CancellationToken cancellation) =>
        Task.FromResult(ObserverNodeCheck.Check(request.News));

    /// <summary>
    /// Pure, except when a finished node's obConfigs changed: then Diff READS the cluster's parameters (never changes
    /// anything) to tell which changes the node already has, which can be made in place
    /// (<see cref="ObConfigParameters.WhyNotInPlace"/>) and which need a new node. Agents without the parameters route
    /// (before 4.3.0.0) cannot tell: every such change replaces, the safe answer, since an in-place plan that Update
    /// could not carry out would fail. A read that fails or outlasts <see cref="PreviewReadBudget"/> fails the Diff
    /// naming why: a change the provider cannot classify is never planned as a replace.
    /// </summary>
    public async Task<DiffResult> DiffAsync(DiffInput request, CancellationToken cancellation)
    {
        var olds = ObserverNodeDiff.Olds(request.OldInputs, request.OldOutputs);
        var entries = ObserverNodeDiff.ConfigChanges(olds, request.OldOutputs, request.News);
        if (entries is not { Count: > 0 } || !ObserverNodeState.IsCreateFinished(request.OldOutputs)) return ObserverNodeDiff.Diff(request);
        var parameters = await ReadParametersForDiffAsync(request.Id, entries, cancellation);
        if (parameters is null) return ObserverNodeDiff.Diff(request);
        var address = ObserverNodeArgs.From(olds).Agent;
        var rpcPort = ObserverNodeState.RecordedRpcPort(request.OldOutputs);
        return ObserverNodeDiff.Diff(request, (name, value) =>
            !ObConfigParameters.IsFixedAtScaleOut(name) && rpcPort is { } port
                && ObConfigParameters.ValueOn(parameters, name, address.Ip, port) is { } live && ObConfigParameters.SameValue(live, value) ? ConfigChange.AlreadyLive
            : ObConfigParameters.WhyNotInPlace(name, parameters) is null ? ConfigChange.InPlace
            : ConfigChange.Replace);
    }

    /// <summary>The cluster's parameters for a Diff, read within <see cref="PreviewReadBudget"/>; null when the agents
    /// have no parameters route.</summary>
    private async Task<IReadOnlyList<ClusterParameter>?> ReadParametersForDiffAsync(string id, IReadOnlyList<(string Name, DiffKind Kind)> entries, CancellationToken cancellation)
    {
        var cluster = connection.Cluster();
        using var deadline = OperationDeadline.Start(connection.Time, PreviewReadBudget, PreviewReadBudget, cancellation);
        try
        {
            return await cluster.ParametersAsync(deadline.Token);
        }
        catch (Exception e) when (!cancellation.IsCancellationRequested)
        {
            var changed = string.Join(", ", entries.Select(c => $"obConfigs.{c.Name}"));
            var why = deadline.Explains(e) ? $"no agent answered within {PreviewReadBudget.TotalSeconds:0} s" : e.Message;
            throw new OperationFailedException(
                $"cannot tell how {changed} of {id} can change: the cluster's parameters could not be read ({why}). " +
                "Nothing was changed and no replace is planned; retry later", e);
        }
    }

    public async Task<CreateResult> CreateAsync(CreateInput request, OperationContext operation)
    {
        if (request.Preview)
            return new CreateResult(PreviewId(request.Properties), ObserverNodeState.Preview(request.Properties));
        if (request.Properties.Values.Any(v => v.ContainsUnknowns))
            throw new ProviderInputException("inputs are still unknown outside a preview");
        var node = ObserverNodeArgs.From(request.Properties);
        var outputs = await AddAsync(request.Urn, node, request.Properties, PropertyMap.Empty, request.Timeout, operation);
        return new CreateResult(node.Id, outputs);
    }

    public async Task<PropertyMap> UpdateAsync(UpdateInput request, OperationContext operation)
    {
        // forceKill and failurePolicy are only recorded; run-time obConfigs are set in place; every other change is a
        // replace (see ObserverNodeDiff).
        var finished = ObserverNodeState.IsCreateFinished(request.OldOutputs);
        if (request.Preview)
            return finished ? ObserverNodeState.WithRecorded(request.News, request.OldOutputs) : ObserverNodeState.Preview(request.News);
        if (finished)
        {
            await SetConfigsInPlaceAsync(request, operation);
            return ObserverNodeState.WithRecorded(request.News, request.OldOutputs);
        }
        var node = ObserverNodeArgs.From(request.News);
        return await AddAsync(request.Urn, node, request.News, request.OldOutputs, request.Timeout, operation);
    }

    private async Task SetConfigsInPlaceAsync(UpdateInput request, OperationContext operation)
    {
        var olds = ObserverNodeDiff.Olds(request.OldInputs, request.OldOutputs);
        var news = request.News.Get(ObserverNodeArgs.ObConfigsKey).Unwrapped();
        var changes = (ObserverNodeDiff.ConfigChanges(olds, request.OldOutputs, request.News) ?? [])
            .Select(e => e.Kind == DiffKind.Delete
                ? throw new OperationFailedException($"obConfigs.{e.Name} was removed: a parameter cannot be reset in place, the node must be replaced")
                : KeyValuePair.Create(e.Name, news.ObjectValue.Get(e.Name).Unwrapped().StringValue))
            .ToList();
        if (changes.Count == 0) return;
        var node = ObserverNodeArgs.From(request.News);
        var rpcPort = ObserverNodeState.RecordedRpcPort(request.OldOutputs)
            ?? throw new OperationFailedException($"updating {node.Id}: its rpc port is not recorded; run `pulumi refresh` first");
        using var deadline = OperationDeadline.Start(operation.Time, request.Timeout, DefaultCreateTimeout, operation.Cancellation);
        await Guarded(() => new ParameterChange(connection.Cluster(), operation, deadline).ApplyAsync(node.Agent, rpcPort, changes),
            $"updating {node.Id}", deadline);
    }

    public async Task DeleteAsync(DeleteInput request, OperationContext operation)
    {
        var node = ObserverNodeArgs.From(ObserverNodeDiff.Olds(request.OldInputs, request.Outputs));
        await ReportLeftBehindOnceAsync(operation);
        var adding = new ScaleOutJournal(journal, request.Urn, node.Id);
        var removing = new ScaleInJournal(journal, request.Urn, node.Id);
        var dags = Dags(node.Agent, request.Outputs, adding.Interrupted());
        dags.RecordedScaleIns.UnionWith(removing.Recorded());
        using var deadline = OperationDeadline.Start(operation.Time, request.Timeout, DefaultDeleteTimeout, operation.Cancellation);
        try
        {
            await Guarded(() => new ScaleIn(Maintenance(deadline, operation), node, ObserverNodeState.RecordedRpcPort(request.Outputs),
                    ObserverNodeState.CreatedZone(request.Outputs), dags, removing).RunAsync(),
                $"removing {node.Id}", deadline);
        }
        catch (AmbiguousOutcomeException e)
        {
            throw new OperationFailedException($"removing {node.Id}: {e.Message}; the node stays in state and the next `pulumi destroy` re-checks the cluster", e);
        }
        // The node is gone and no DAG of ours can add it again or still holds the lock: nothing in flight is left to record.
        adding.Remove();
        removing.Remove();
    }

    /// <summary>
    /// Refresh and import. A node that is not a member (by an agent that speaks for the cluster), has no DAG that is
    /// or may be its own scale-out (<see cref="NodeDags"/>) that can still add it, and no scale-in of its own holding the
    /// cluster lock, is gone (null). On import (no state) only what the cluster knows is recovered: ip,
    /// obshellPort, zone from the topology; obConfigs become {} and targetAgentPassword is absent (obshell never
    /// returns either), forceKill/failurePolicy take defaults. A member found in another zone than the recorded one
    /// reports that zone, so the drift shows. Bounded by customTimeouts.read (ReadRequest.timeout), else
    /// <see cref="DefaultReadTimeout"/>: running out fails cleanly naming the node, and the engine keeps its state as it was.
    /// </summary>
    public Task<ReadResult?> ReadAsync(ReadInput request, OperationContext operation) => Guarded(async () =>
    {
        await ReportLeftBehindOnceAsync(operation);
        using var deadline = OperationDeadline.Start(operation.Time, request.Timeout, DefaultReadTimeout, operation.Cancellation);
        try
        {
            return await ReadMemberAsync(request, deadline.Token);
        }
        catch (OperationCanceledException e) when (deadline.Explains(e))
        {
            var budget = deadline.Budget.TotalSeconds < 120 ? $"{deadline.Budget.TotalSeconds:0.#} s" : $"{deadline.Budget.TotalMinutes:0.#} min";
            throw new OperationFailedException($"reading {request.Id}: the cluster did not answer within {budget} " +
                $"({(request.Timeout is null ? "the default; set customTimeouts.read to change it" : "customTimeouts.read")}); nothing was changed, retry the refresh", e);
        }
    }, $"reading {request.Id}");

    private async Task<ReadResult?> ReadMemberAsync(ReadInput request, CancellationToken cancellation)
    {
        var address = ObserverNodeArgs.ParseId(request.Id)
            ?? throw new ProviderInputException($"'{request.Id}' is not an ObserverNode id: use ip:obshellPort, e.g. 10.0.0.4:2886");
        var cluster = connection.Cluster();
        // A create still in flight keeps its recorded state as it is: the server may already be listed while its
        // DAG (or one that may be its DAG) has stages to go, or is FAILED and may still add it; Update (not refresh)
        // is what completes or resolves it.
        var dags = Dags(address, request.Properties, new ScaleOutJournal(journal, request.Urn, request.Id).Interrupted());
        if (request.Properties.Count > 0 && !ObserverNodeState.IsCreateFinished(request.Properties)
            && dags.ScaleOutAmong(await cluster.UnfinishedDagsAsync(cancellation)) is var claim && (claim.Ours is not null || claim.CannotTell.Count > 0))
            return new ReadResult(request.Id, request.Properties, request.Inputs);
        if (ClusterMember.Find(await cluster.ObInfoAsync(cancellation), address) is not { } member)
            return request.Properties.Count > 0 && await OwnScaleInHoldsTheLockAsync(cluster, dags, request, cancellation)
                ? new ReadResult(request.Id, ObserverNodeState.Removing(request.Properties), request.Inputs)
                : null;
        var inputs = request.Inputs.Count > 0 ? request.Inputs : ImportedInputs(address, member);
        if (inputs.Get(ObserverNodeArgs.ZoneKey).Unwrapped() is { Kind: PropertyKind.String } zone && zone.StringValue != member.Zone)
            inputs = inputs.With(ObserverNodeArgs.ZoneKey, PropertyValue.From(member.Zone));
        inputs = await WithNodeConfigsAsync(inputs, cluster, address, member, cancellation);
        return new ReadResult(address.ToString(), ObserverNodeState.Member(inputs, member, null, request.Properties), inputs);
    }

    /// <summary>
    /// Whether a scale-in of this node (<see cref="NodeDags"/>: its journalled id, or logs naming it) is unfinished and
    /// holds the cluster lock: a destroy cut short while it ran (a kill, Ctrl-C, the CLI dying). The node may be out of
    /// the topology already, but a refresh that dropped it would leave that DAG to nobody (open-world campaign: after
    /// such a refresh on a fresh runner the scale-in FAILED at its last stage and held the lock for good). Refresh
    /// keeps the state instead, marked <see cref="ObserverNodeState.RemovingDagState"/>: the next destroy finishes the
    /// DAG, or, while the node is still declared, the next update settles it and adds the node again.
    /// </summary>
    private async Task<bool> OwnScaleInHoldsTheLockAsync(ObshellCluster cluster, NodeDags dags, ReadInput request, CancellationToken cancellation)
    {
        dags.RecordedScaleIns.UnionWith(new ScaleInJournal(journal, request.Urn, request.Id).Recorded());
        return (await ScaleIn.LeftUnfinishedAsync(cluster, dags, cancellation)).Count > 0;
    }

    /// <summary>The evidence of which DAGs are this node's: the DAG id state recorded, and the journal's entry of an
    /// add whose result the engine may not hold (<see cref="NodeDags"/>). A state that says a scale_out's answer was
    /// lost, with no journal entry (another machine), proves a send at a time nobody recorded: every scale-out that
    /// names no target may then be this node's (open-world campaign: such a destroy on a fresh runner called the node
    /// removed while that FAILED DAG, maybe its own scale-out, held the cluster lock).</summary>
    private static NodeDags Dags(AgentAddress node, PropertyMap outputs, InterruptedScaleOut? interrupted)
    {
        var dags = new NodeDags(node, ObserverNodeState.RecordedRpcPort(outputs))
        {
            RecordedScaleOut = ObserverNodeState.RecordedDagId(outputs) ?? interrupted?.DagId,
        };
        if (interrupted is not null) dags.Sent(interrupted.Send);
        else if (dags.RecordedScaleOut is null && ObserverNodeState.IsOutcomeUnknown(outputs)) dags.Sent(ScaleOutSend.Unknown);
        return dags;
    }

    /// <summary>Adds the node, or finishes adding it: from the state's record of an earlier run (<paramref name="previous"/>),
    /// or from the journal when a killed plugin never returned one.</summary>
    private async Task<PropertyMap> AddAsync(string urn, ObserverNodeArgs node, PropertyMap inputs, PropertyMap previous, TimeSpan? timeout, OperationContext operation)
    {
        _adding[urn] = true;
        try
        {
            await ReportLeftBehindOnceAsync(operation);
            return await AddOnceAsync(urn, node, inputs, previous, timeout, operation);
        }
        finally
        {
            _adding.TryRemove(urn, out _);
        }
    }

    private async Task<PropertyMap> AddOnceAsync(string urn, ObserverNodeArgs node, PropertyMap inputs, PropertyMap previous, TimeSpan? timeout, OperationContext operation)
    {
        using var deadline = OperationDeadline.Start(operation.Time, timeout, DefaultCreateTimeout, operation.Cancellation);
        var adding = new ScaleOutJournal(journal, urn, node.Id, connection.Cluster().Endpoints);
        var interrupted = adding.Interrupted();
        if (interrupted is not null)
            await operation.Progress.WarningAsync($"an earlier run was interrupted while adding {node.Id}, after its scale_out was sent and before Pulumi " +
                $"recorded it (found in the operation journal{(interrupted.DagId is null ? "" : $": DAG {interrupted.DagId}")}): continuing it instead of starting again");
        try
        {
            var removing = new ScaleInJournal(journal, urn, node.Id);
            var dags = Dags(node.Agent, previous, interrupted);
            dags.RecordedScaleIns.UnionWith(removing.Recorded());
            var status = await Guarded(() => new ScaleOut(Maintenance(deadline, operation), node, adding, dags).RunAsync(), $"adding {node.Id}", deadline);
            adding.Remove();
            removing.Remove();
            return ObserverNodeState.Member(inputs, status.Member, status.Dag, previous);
        }
        // A clean failure of this run alone (refused, nothing sent, or rolled back) left nothing in flight; one that
        // followed a killed run keeps its entry, which may be the only record that the killed run sent a scale_out.
        catch (OperationFailedException) when (interrupted is null)
        {
            adding.Remove();
            throw;
        }
        // The engine records the partial state this returns, with the DAG id: the journal entry has done its work.
        catch (DagUnfinishedException e)
        {
            adding.Remove();
            throw new ResourceInitFailedException(node.Id, ObserverNodeState.Unfinished(inputs, e.Dag, previous), inputs, [Naming($"adding {node.Id}", e.Message)]);
        }
        // The outcome is unknown: the entry stays, its send window is what can later tie a DAG to this send.
        catch (AmbiguousOutcomeException e)
        {
            adding.InPartialState();
            throw new ResourceInitFailedException(node.Id, ObserverNodeState.Unfinished(inputs, null, previous), inputs,
                [$"adding {node.Id}: {e.Message}; the cluster could not be re-read, the next `pulumi up` checks whether the node was added"]);
        }
    }

    /// <summary>
    /// Once per run (plugin process), on the first operation on the configured cluster: a warning (engine log) for each
    /// add a killed plugin left on this machine that the engine never recorded (a create is recorded only when it
    /// returns, spec pulumi-provider-protocol Corrections 2026-12-05), naming the node, its DAG, since when, and the
    /// commands that recover it; the id to give them is the node's ip:obshellPort, printed here. The entry itself
    /// stays until a resource owns the node (the next create of that URN adopts or continues it) or the user deletes it.
    /// </summary>
    private async Task ReportLeftBehindOnceAsync(OperationContext operation)
    {
        if (Interlocked.Exchange(ref _leftBehindReported, 1) != 0) return;
        var endpoints = connection.Cluster().Endpoints;
        foreach (var left in ScaleOutJournal.LeftBehind(journal, endpoints, _adding.Keys.ToHashSet(StringComparer.Ordinal)))
        {
            var dag = left.Add.DagId is { } id ? $"DAG {id}" : "a DAG whose id never arrived";
            var dagPath = left.Add.DagId is { } known ? $"/api/v1/task/dag/{known}" : "/api/v1/task/dag/<id>";
            await operation.Progress.WarningAsync(
                $"a create of ObserverNode {left.NodeId} ({left.Urn}) was interrupted after its scale_out was sent ({dag}, journalled {left.Since:u}) and " +
                $"Pulumi never recorded it: the node may be a cluster member that no resource owns. To recover it: run `pulumi up` with that node " +
                $"still in the program (it adopts the node, or continues its DAG); or `pulumi import {TypeToken} <name> {left.NodeId}`; if `pulumi` " +
                $"itself died and the stack lists a pending create, `pulumi refresh --import-pending-creates {left.Urn} {left.NodeId}`. " +
                "If you no longer want the node: once it is a member, import it and destroy it; if its DAG FAILED (it then holds the cluster lock), " +
                $"roll it back: POST {dagPath} {{\"operator\":\"ROLLBACK\"}}. " +
                $"The journal entry is in {journal.Directory}");
        }
    }

    /// <summary>
    /// Refresh reads the node's own values of the parameters its obConfigs names, so drift shows in
    /// <c>pulumi preview --refresh</c>: a value that differs (by <see cref="ObConfigParameters.SameValue"/>, so the
    /// inputs keep their spelling when only the spelling differs) is replaced by the node's. Keys the cluster does not
    /// list, and the ones fixed at scale-out (ports, zone: their truth is rpcPort/sqlPort), are kept as they are; so
    /// is everything on agents without the parameters route.
    /// </summary>
    private static async Task<PropertyMap> WithNodeConfigsAsync(PropertyMap inputs, ObshellCluster cluster, AgentAddress address, ClusterMember member, CancellationToken cancellation)
    {
        var configs = inputs.Get(ObserverNodeArgs.ObConfigsKey).Unwrapped();
        if (configs.Kind != PropertyKind.Object || configs.ObjectValue.Count == 0) return inputs;
        if (await cluster.ParametersAsync(cancellation) is not { } parameters) return inputs;
        var live = configs.ObjectValue;
        foreach (var (name, value) in configs.ObjectValue)
        {
            if (value.Unwrapped().Kind != PropertyKind.String || ObConfigParameters.IsFixedAtScaleOut(name)) continue;
            if (ObConfigParameters.ValueOn(parameters, name, address.Ip, member.Server.SvrPort) is { } now && !ObConfigParameters.SameValue(now, value.Unwrapped().StringValue))
                live = live.With(name, PropertyValue.From(now));
        }
        return inputs.With(ObserverNodeArgs.ObConfigsKey, PropertyValue.From(live));
    }

    private ClusterMaintenance Maintenance(OperationDeadline deadline, OperationContext operation) => new(connection.Cluster(), operation, deadline);

    /// <summary>Turns failures that left nothing changed into clean, readable errors; partial-state exceptions
    /// (<see cref="DagUnfinishedException"/>, <see cref="AmbiguousOutcomeException"/>) pass. Only failures before the
    /// first change was accepted reach the clean branches: after it the cluster code reports partial state.</summary>
    private static async Task<T> Guarded<T>(Func<Task<T>> action, string what, OperationDeadline? deadline = null)
    {
        try
        {
            return await action();
        }
        catch (ObshellApiException e) when (e.ErrCode?.StartsWith(ObshellErrors.AuthPrefix, StringComparison.Ordinal) == true || e.Code == ObshellErrors.UnauthorizedCode)
        {
            throw new OperationFailedException($"{what}: {AuthHint(e)} ({e.Message})", e);
        }
        catch (ObshellApiException e)
        {
            throw new OperationFailedException($"{what}: {e.Message}", e);
        }
        catch (Exception e) when (e is ClusterUnreachableException or RequestNotSentException)
        {
            throw new OperationFailedException($"{what}: nothing was sent: {e.Message}", e);
        }
        catch (WaitTimeoutException e)
        {
            throw new OperationFailedException($"{what}: nothing was changed: {e.Message}", e);
        }
        catch (OperationCanceledException e) when (deadline is { CancelledByEngine: false, Token.IsCancellationRequested: true })
        {
            throw new OperationFailedException(
                $"{what}: the operation's time budget of {deadline.Budget.TotalMinutes:0.#} min (customTimeouts) ran out before any change was sent; nothing was sent", e);
        }
        catch (OperationCanceledException e)
        {
            throw new OperationFailedException($"{what}: cancelled before any change was sent", e);
        }
        catch (OperationFailedException e) when (Naming(what, e.Message) != e.Message)
        {
            throw new OperationFailedException(Naming(what, e.Message), e);
        }
    }

    /// <summary>A message that names the node: cluster-wide failures (another DAG holding the lock, a DAG of ours we
    /// lost track of) do not know which node was being worked on, so <paramref name="what"/> ("adding 10.0.0.4:2886",
    /// ending with the node id) goes in front.</summary>
    private static string Naming(string what, string message) =>
        message.Contains(what[(what.LastIndexOf(' ') + 1)..], StringComparison.Ordinal) ? message : $"{what}: {message}";

    private static Task Guarded(Func<Task> action, string what, OperationDeadline? deadline = null) =>
        Guarded(async () => { await action(); return true; }, what, deadline);

    private static string AuthHint(ObshellApiException e) => e.ErrCode switch
    {
        ObshellErrors.AuthExpired => "the agent rejected the request as expired: its clock and this machine's differ by more than "
            + $"{ObshellAuthHandler.HeaderLifetime.TotalSeconds:0} s; synchronise the clocks (NTP)",
        "Security.Authentication.IncorrectAgentPassword" => $"wrong agent password: check {ObshellSettings.AgentPasswordKey}",
        "Security.Authentication.IncorrectOceanbasePassword" => $"wrong root@sys password: check {ObshellSettings.RootPasswordKey}",
        "Security.Authentication.WithAgentPassword" => $"the agent has an agent password: set {ObshellSettings.AgentPasswordKey}",
        _ => $"authentication failed: check {ObshellSettings.RootPasswordKey} / {ObshellSettings.AgentPasswordKey}",
    };

    private static string PreviewId(PropertyMap inputs)
    {
        var ip = inputs.Get(ObserverNodeArgs.IpKey).Unwrapped();
        var port = inputs.Get(ObserverNodeArgs.ObshellPortKey).Unwrapped();
        return ip.Kind == PropertyKind.String && port.Kind == PropertyKind.Number ? new AgentAddress(ip.StringValue, (int)port.NumberValue).ToString() : "";
    }

    private static PropertyMap ImportedInputs(AgentAddress address, ClusterMember member) => new(new Dictionary<string, PropertyValue>
    {
        [ObserverNodeArgs.IpKey] = PropertyValue.From(address.Ip),
        [ObserverNodeArgs.ObshellPortKey] = PropertyValue.From(address.Port),
        [ObserverNodeArgs.ZoneKey] = PropertyValue.From(member.Zone),
        [ObserverNodeArgs.ObConfigsKey] = PropertyValue.From(PropertyMap.Empty),
        [ObserverNodeArgs.ForceKillKey] = PropertyValue.From(false),
        [ObserverNodeArgs.FailurePolicyKey] = PropertyValue.From(FailurePolicies.Rollback),
    });
}
