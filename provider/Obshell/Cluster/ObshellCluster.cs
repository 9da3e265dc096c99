using System.Collections.Concurrent;
using ClusterScale.Provider.Coalescing;
using ClusterScale.Provider.Http;
using ClusterScale.Provider.Obshell.Api;
using ClusterScale.Provider.Outcomes;
using ClusterScale.Provider.Protocol;

namespace ClusterScale.Provider.Obshell.Cluster;

/// <summary>
/// The configured agents of one cluster seen as one service: reads fail over between endpoints (any cluster agent
/// answers for the cluster), changes go to one agent and are never re-sent blindly (see <see cref="AmbiguousOutcomeException"/>).
/// </summary>
public sealed class ObshellCluster
{
    /// <summary>One lock per cluster for the whole process: operations on one cluster are serialized here, because
    /// the agent allows only one maintenance DAG at a time and two parallel scale-outs would otherwise race for it.</summary>
    private static readonly ConcurrentDictionary<string, SemaphoreSlim> OperationLocks = new(StringComparer.Ordinal);

    private readonly IReadOnlyList<ObshellAgentClient> _agents;
    private int _preferred;

    /// <summary>Concurrent reads of this cluster's state (a refresh reads every node at once) share one request per
    /// question; see <see cref="SingleFlight{TKey,TValue}"/> for why this never hides drift.</summary>
    private readonly SingleFlight<string, object> _reads = new(ReadCoalescing.FromEnvironment);

    public ObshellCluster(ObshellSettings settings, TimeProvider time, RetryPolicy retryPolicy, DebugLog debug)
    {
        _agents = settings.Endpoints.Select(e => new ObshellAgentClient(e, settings, time, retryPolicy, debug)).ToList();
        OperationLock = OperationLocks.GetOrAdd(settings.ClusterKey, _ => new SemaphoreSlim(1, 1));
        Endpoints = settings.Endpoints;
        Name = string.Join(", ", settings.Endpoints);
    }

    public IReadOnlyList<string> Endpoints { get; }

    /// <summary>The configured endpoints, for messages.</summary>
    public string Name { get; }

    public SemaphoreSlim OperationLock { get; }

    /// <summary>The cluster's view, from the first agent that speaks for it (<see cref="SpeaksForCluster"/>).</summary>
    public Task<ObInfo> ObInfoAsync(CancellationToken cancellation) => SharedReadAsync("ob/info", async ct =>
        (await ReadAsync((api, c) => api.GetObInfoAsync(c), ct, SpeaksForCluster)).Data!, cancellation);

    public Task<IReadOnlyList<DagDetail>> UnfinishedDagsAsync(CancellationToken cancellation) => SharedReadAsync("dags/unfinished", async ct =>
        (IReadOnlyList<DagDetail>)((await ReadAsync((api, c) => api.GetUnfinishedDagsAsync(c), ct)).Data?.Contents ?? []), cancellation);

    public Task<DagDetail> DagAsync(string id, CancellationToken cancellation) => SharedReadAsync("dag/" + id, async ct =>
    {
        var envelope = await ReadAsync((api, c) => api.GetDagAsync(id, c), ct);
        var dag = envelope.Data ?? throw new HttpRequestException($"obshell returned no data for DAG {id}");
        dag.ObservedAt = envelope.Timestamp;
        return dag;
    }, cancellation);

    /// <summary>
    /// Who speaks for the cluster: an agent whose <c>/api/v1/ob/info</c> lists a cluster (non-empty
    /// <c>obcluster_info.version</c>). A SINGLE or SCALING IN agent (a removed node, a spare) answers 200 with only
    /// itself and an empty cluster, and so does a member whose OceanBase query fails (its observer is down)
    /// (obshell@61ee147 agent/executor/ob/info.go:41-44,50-54): such an answer is not the cluster's view, and a node's
    /// absence from it proves nothing. Only an agent reading the cluster's own tables lists a cluster, so a listing
    /// answer comes from a member.
    /// </summary>
    private static bool SpeaksForCluster(ObshellEnvelope<ObInfo> answer) => !string.IsNullOrEmpty(answer.Data?.Cluster?.Version);

    private async Task<T> SharedReadAsync<T>(string question, Func<CancellationToken, Task<T>> read, CancellationToken cancellation) where T : class =>
        (T)await _reads.RunAsync(question, async ct => await read(ct), cancellation);

    /// <summary>Sends scale_out to the agent that last spoke for the cluster. <paramref name="sending"/> gets that
    /// agent's clock just before the request leaves (the envelope time of <c>/api/v1/info</c>): the start of the window
    /// in which the request can create its DAG; if it throws, nothing is sent.</summary>
    public async Task<DagDetail> ScaleOutAsync(ScaleOutRequest request, Func<DateTimeOffset, Task> sending, CancellationToken cancellation)
    {
        var receiver = _agents[_preferred];
        await sending(await receiver.ClockAsync(cancellation));
        return await ChangeAsync(receiver, async (api, ct) => (await api.ScaleOutAsync(request, ct)).Data!, cancellation);
    }

    /// <summary>The clock of the agent that last spoke for the cluster (DAG start times are on the cluster's clock).</summary>
    public Task<DateTimeOffset> AgentClockAsync(CancellationToken cancellation) => _agents[_preferred].ClockAsync(cancellation);

    /// <summary>The configured agent that receives the node's scale_in: a cluster member (only a member's 204 proves the
    /// node gone, spec §7) other than the node (an agent refuses to remove itself).</summary>
    public async Task<ObshellAgentClient> ScaleInReceiverAsync(AgentAddress node, CancellationToken cancellation)
    {
        var members = (await ObInfoAsync(cancellation)).Agents.Select(a => new AgentAddress(a.Ip, a.Port)).ToList();
        return await AgentAsync(a => !AgentAddresses.Same(a, node) && members.Any(m => AgentAddresses.Same(m, a)), cancellation)
            ?? throw new OperationFailedException(
                $"cannot remove {node}: an agent cannot remove itself and no other configured obshell endpoint ({Name}) is a reachable cluster member; add another member to {ObshellSettings.EndpointsKey}");
    }

    /// <summary>Sends scale_in to <paramref name="receiver"/>. Null = 204, the node is not in the cluster.</summary>
    public Task<DagDetail?> ScaleInAsync(ObshellAgentClient receiver, ScaleInRequest request, CancellationToken cancellation) =>
        ChangeAsync(receiver, async (api, ct) => (await api.ScaleInAsync(request, ct))?.Data, cancellation);

    /// <summary>Deletes a zone (and, per spec §9, any server still in it: callers check it is empty first).
    /// Null = 204, the zone does not exist.</summary>
    public async Task<DagDetail?> DeleteZoneAsync(string zone, CancellationToken cancellation) =>
        await ChangeAsync(_agents[_preferred], async (api, ct) => (await api.DeleteZoneAsync(zone, ct))?.Data, cancellation);

    /// <summary>The cluster parameters, or null when the agents have no parameters route (before 4.3.0.0: 404).</summary>
    public async Task<IReadOnlyList<ClusterParameter>?> ParametersAsync(CancellationToken cancellation)
    {
        try
        {
            return (await ReadAsync((api, ct) => api.GetParametersAsync(ct), cancellation)).Data?.Contents ?? [];
        }
        catch (ObshellApiException e) when (e.Status == System.Net.HttpStatusCode.NotFound)
        {
            return null;
        }
    }

    public Task SetParametersAsync(SetParametersRequest request, CancellationToken cancellation) =>
        ChangeAsync(_agents[_preferred], (api, ct) => api.SetParametersAsync(request, ct), cancellation);

    public Task OperateDagAsync(string id, string dagOperator, CancellationToken cancellation) =>
        ChangeAsync(_agents[_preferred], (api, ct) => api.OperateDagAsync(id, new DagOperatorRequest(dagOperator), ct), cancellation);

    /// <summary>The first configured agent whose identity passes <paramref name="wanted"/>, starting with the one that
    /// answered last, so a resend after a lost answer goes to one that works.</summary>
    private async Task<ObshellAgentClient?> AgentAsync(Func<AgentAddress, bool> wanted, CancellationToken cancellation)
    {
        foreach (var agent in _agents.Skip(_preferred).Concat(_agents.Take(_preferred)))
        {
            try
            {
                if (wanted(await agent.IdentityAsync(cancellation))) return agent;
            }
            catch (Exception e) when (IsUnreachable(e, cancellation))
            {
                // Try the next configured endpoint.
            }
        }
        return null;
    }

    /// <summary>
    /// A read from the first agent that speaks for the cluster, starting with the one that answered last (which then
    /// also receives the changes). An endpoint is skipped when it cannot be reached, when it answers as an agent that
    /// does not hold the cluster (<see cref="HoldsNoCluster"/>), or when <paramref name="speaks"/> rejects its answer;
    /// with none left the read fails naming every endpoint tried and what it said, never as an empty answer.
    /// </summary>
    private async Task<T> ReadAsync<T>(Func<IObshellApi, CancellationToken, Task<T>> call, CancellationToken cancellation, Func<T, bool>? speaks = null)
    {
        var tried = new List<string>();
        var notFound = new List<ObshellApiException>();
        for (var i = 0; i < _agents.Count; i++)
        {
            var index = (_preferred + i) % _agents.Count;
            var agent = _agents[index];
            try
            {
                var result = await call(agent.Api, cancellation);
                if (speaks?.Invoke(result) == false)
                {
                    tried.Add($"{agent.Endpoint}: answered for itself only (not a cluster member, or its observer is down)");
                    continue;
                }
                _preferred = index;
                return result;
            }
            catch (Exception e) when (IsUnreachable(e, cancellation) || e is ObshellApiException api && HoldsNoCluster(api))
            {
                tried.Add($"{agent.Endpoint}: {e.Message}");
                if (e is ObshellApiException { ErrCode: null, Code: ObshellErrors.LegacyTaskNotFoundCode } legacy) notFound.Add(legacy);
            }
        }
        // Every agent answered the pre-4.3.1 "task not found": the DAG is not there, as the member among them says.
        if (notFound.Count == tried.Count) throw notFound[^1];
        throw new ClusterUnreachableException(
            $"no configured obshell agent spoke for the cluster ({string.Join("; ", tried)}); add a reachable cluster member to {ObshellSettings.EndpointsKey}");
    }

    /// <summary>
    /// The answers of an agent that does not hold the cluster's OceanBase, however it is asked: 500
    /// <c>Agent.OceanBase.NotHold</c> for a DAG (obshell@61ee147 agent/executor/task/dag.go:96-119), 500
    /// <c>Common.Unexpected</c> for the unfinished-DAG list (dag.go:522-526, middleware.go:296) and 400/500
    /// <c>Agent.Identify.NotSupportOperation</c> for cluster-only routes. None is transient there: another member answers.
    /// Before 4.3.1 (no errCode) the first was 404/2300, as for an unknown DAG, and the second 500/1002; a read has no
    /// lock to be refused, so 1002 is the same "no answer here".
    /// </summary>
    private static bool HoldsNoCluster(ObshellApiException e) =>
        e.Is(ObshellErrors.OceanBaseNotHeld) || e.Is(ObshellErrors.NotSupportOperation)
        || e.Status == System.Net.HttpStatusCode.InternalServerError && (e.Is(ObshellErrors.Unexpected) || e.ErrCode is null && e.Code == ObshellErrors.LegacyUnexpectedCode)
        || e.ErrCode is null && e.Code == ObshellErrors.LegacyTaskNotFoundCode;

    /// <summary>
    /// The one place every change (scale_out, scale_in, DAG operators) is sent and judged, by
    /// <see cref="ObshellRefusals.Classifier"/>: accepted → its answer; a documented refusal (also as HTTP 500: the
    /// lock, AlreadyExists, ...) → the <see cref="ObshellApiException"/> itself, the agent did not act; not sent →
    /// <see cref="Outcomes.RequestNotSentException"/>; ambiguous (reset, timeout, 5xx without a known code, cancelled in
    /// flight) → <see cref="AmbiguousOutcomeException"/>: the agent may have acted, the caller must re-read the cluster
    /// before deciding anything. A change is never re-sent here (the retry layer resends only what was not sent).
    /// </summary>
    private static async Task<T> ChangeAsync<T>(ObshellAgentClient agent, Func<IObshellApi, CancellationToken, Task<T>> call, CancellationToken cancellation)
    {
        // Cancelled before sending: nothing left this machine, which the caller reports as such.
        cancellation.ThrowIfCancellationRequested();
        try
        {
            return await call(agent.Api, cancellation);
        }
        catch (Exception e)
        {
            switch (ObshellRefusals.Classifier.Of(e))
            {
                case SendOutcome.Refused when e is ObshellApiException:
                    throw;
                case SendOutcome.NotSent:
                    throw e as RequestNotSentException ?? new RequestNotSentException($"obshell {agent.Endpoint} could not be reached, the change was not sent: {e.Message}", e);
                default:
                    throw new AmbiguousOutcomeException(e is OperationCanceledException
                        ? $"cancelled while a change request to obshell {agent.Endpoint} was in flight"
                        : $"obshell {agent.Endpoint} gave no usable answer to a change request, it may have acted: {e.Message}", e);
            }
        }
    }

    private static async Task ChangeAsync(ObshellAgentClient agent, Func<IObshellApi, CancellationToken, Task> call, CancellationToken cancellation) =>
        await ChangeAsync(agent, async (api, ct) => { await call(api, ct); return true; }, cancellation);

    /// <summary>Transport failures and per-request timeouts (not the caller's cancellation).</summary>
    internal static bool IsUnreachable(Exception e, CancellationToken cancellation) =>
        e is HttpRequestException or IOException || e is TaskCanceledException && !cancellation.IsCancellationRequested;
}

/// <summary>No configured agent that speaks for the cluster could be reached.</summary>
public sealed class ClusterUnreachableException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>A change request got an ambiguous answer (<see cref="SendOutcome.Ambiguous"/>): the agent may have acted;
/// re-read the cluster before re-sending or deciding anything.</summary>
public sealed class AmbiguousOutcomeException(string message, Exception inner) : Exception(message, inner);
