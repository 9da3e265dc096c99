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
        Name = string.Join(", ", settings.Endpoints);
    }

    /// <summary>The configured endpoints, for messages.</summary>
    public string Name { get; }

    public SemaphoreSlim OperationLock { get; }

    public Task<ObInfo> ObInfoAsync(CancellationToken cancellation) => SharedReadAsync("ob/info", async ct =>
        (await ReadAsync((api, c) => api.GetObInfoAsync(c), ct)).Data ?? new ObInfo(), cancellation);

    public Task<IReadOnlyList<DagDetail>> UnfinishedDagsAsync(CancellationToken cancellation) => SharedReadAsync("dags/unfinished", async ct =>
        (IReadOnlyList<DagDetail>)((await ReadAsync((api, c) => api.GetUnfinishedDagsAsync(c), ct)).Data?.Contents ?? []), cancellation);

    public Task<DagDetail> DagAsync(string id, CancellationToken cancellation) => SharedReadAsync("dag/" + id, async ct =>
    {
        var envelope = await ReadAsync((api, c) => api.GetDagAsync(id, c), ct);
        var dag = envelope.Data ?? throw new HttpRequestException($"obshell returned no data for DAG {id}");
        dag.ObservedAt = envelope.Timestamp;
        return dag;
    }, cancellation);

    private async Task<T> SharedReadAsync<T>(string question, Func<CancellationToken, Task<T>> read, CancellationToken cancellation) where T : class =>
        (T)await _reads.RunAsync(question, async ct => await read(ct), cancellation);

    public Task<DagDetail> ScaleOutAsync(ScaleOutRequest request, CancellationToken cancellation) =>
        ChangeAsync(_agents[_preferred], async (api, ct) => (await api.ScaleOutAsync(request, ct)).Data!, cancellation);

    /// <summary>The configured member that receives the node's scale_in: any other than the node (an agent refuses
    /// to remove itself).</summary>
    public async Task<ObshellAgentClient> ScaleInReceiverAsync(AgentAddress node, CancellationToken cancellation) =>
        await AgentOtherThanAsync(node, cancellation)
            ?? throw new OperationFailedException(
                $"cannot remove {node}: an agent cannot remove itself and no other configured obshell endpoint ({Name}) is reachable; add another member to {ObshellSettings.EndpointsKey}");

    /// <summary>Sends scale_in to <paramref name="receiver"/>. Null = 204, the node is not in the cluster.</summary>
    public Task<DagDetail?> ScaleInAsync(ObshellAgentClient receiver, ScaleInRequest request, CancellationToken cancellation) =>
        ChangeAsync(receiver, async (api, ct) => (await api.ScaleInAsync(request, ct))?.Data, cancellation);

    /// <summary>Deletes a zone (and, per spec §9, any server still in it: callers check it is empty first).
    /// Null = 204, the zone does not exist.</summary>
    public async Task<DagDetail?> DeleteZoneAsync(string zone, CancellationToken cancellation) =>
        await ChangeAsync(_agents[_preferred], async (api, ct) => (await api.DeleteZoneAsync(zone, ct))?.Data, cancellation);

    /// <summary>The cluster parameters, or null when the agents have no parameters route (before 4.3.0.0; such an
    /// agent answers an unknown route with 400 "404 not found", see <see cref="ObshellErrors.IsUnknownRoute"/>).</summary>
    public async Task<IReadOnlyList<ClusterParameter>?> ParametersAsync(CancellationToken cancellation)
    {
        try
        {
            return (await ReadAsync((api, ct) => api.GetParametersAsync(ct), cancellation)).Data?.Contents ?? [];
        }
        catch (ObshellApiException e) when (ObshellErrors.IsUnknownRoute(e))
        {
            return null;
        }
    }

    public Task SetParametersAsync(SetParametersRequest request, CancellationToken cancellation) =>
        ChangeAsync(_agents[_preferred], (api, ct) => api.SetParametersAsync(request, ct), cancellation);

    public Task OperateDagAsync(string id, string dagOperator, CancellationToken cancellation) =>
        ChangeAsync(_agents[_preferred], (api, ct) => api.OperateDagAsync(id, new DagOperatorRequest(dagOperator), ct), cancellation);

    /// <summary>Starts with the agent that answered last, so a resend after a lost answer goes to one that works.</summary>
    private async Task<ObshellAgentClient?> AgentOtherThanAsync(AgentAddress node, CancellationToken cancellation)
    {
        foreach (var agent in _agents.Skip(_preferred).Concat(_agents.Take(_preferred)))
        {
            try
            {
                if (!AgentAddresses.Same(await agent.IdentityAsync(cancellation), node)) return agent;
            }
            catch (Exception e) when (IsUnreachable(e, cancellation))
            {
                // Try the next configured endpoint.
            }
        }
        return null;
    }

    /// <summary>A read from the first agent that answers, starting with the one that answered last.</summary>
    private async Task<T> ReadAsync<T>(Func<IObshellApi, CancellationToken, Task<T>> call, CancellationToken cancellation)
    {
        Exception? last = null;
        for (var i = 0; i < _agents.Count; i++)
        {
            var index = (_preferred + i) % _agents.Count;
            try
            {
                var result = await call(_agents[index].Api, cancellation);
                _preferred = index;
                return result;
            }
            catch (Exception e) when (IsUnreachable(e, cancellation))
            {
                last = e;
            }
        }
        throw new ClusterUnreachableException($"no configured obshell agent answered ({Name}): {last!.Message}", last);
    }

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

/// <summary>No configured agent could be reached.</summary>
public sealed class ClusterUnreachableException(string message, Exception inner) : Exception(message, inner);

/// <summary>A change request got an ambiguous answer (<see cref="SendOutcome.Ambiguous"/>): the agent may have acted;
/// re-read the cluster before re-sending or deciding anything.</summary>
public sealed class AmbiguousOutcomeException(string message, Exception inner) : Exception(message, inner);
