using System.Collections.Concurrent;
using ClusterScale.Provider.Coalescing;
using ClusterScale.Provider.Http;
using ClusterScale.Provider.Obshell.Api;
using ClusterScale.Provider.Protocol;

namespace ClusterScale.Provider.Obshell.Cluster;

/// <summary>
/// The configured agents of one cluster seen as one service: reads fail over between endpoints (any cluster agent
/// answers for the cluster), changes go to one agent and are never re-sent blindly (see <see cref="OutcomeUnknownException"/>).
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

    /// <summary>Sends scale_in to a configured member other than the node (an agent refuses to remove itself).
    /// Null = 204, the node is not in the cluster.</summary>
    public async Task<DagDetail?> ScaleInAsync(ScaleInRequest request, CancellationToken cancellation)
    {
        var receiver = await AgentOtherThanAsync(request.AgentInfo, cancellation)
            ?? throw new OperationFailedException(
                $"cannot remove {request.AgentInfo}: an agent cannot remove itself and no other configured obshell endpoint ({Name}) is reachable; add another member to {ObshellSettings.EndpointsKey}");
        return await ChangeAsync(receiver, async (api, ct) => (await api.ScaleInAsync(request, ct))?.Data, cancellation);
    }

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

    /// <summary>A change is sent once, to one agent. If the transport fails after sending, the agent may have acted:
    /// the caller must re-read the cluster before deciding to send again.</summary>
    private static async Task<T> ChangeAsync<T>(ObshellAgentClient agent, Func<IObshellApi, CancellationToken, Task<T>> call, CancellationToken cancellation)
    {
        try
        {
            return await call(agent.Api, cancellation);
        }
        catch (Exception e) when (IsUnreachable(e, cancellation))
        {
            throw new OutcomeUnknownException($"obshell {agent.Endpoint} did not answer a change request: {e.Message}", e);
        }
        catch (ObshellApiException e) when (IsUnexpectedServerError(e))
        {
            throw new OutcomeUnknownException($"obshell {agent.Endpoint} failed a change request: {e.Message}", e);
        }
        catch (OperationCanceledException e)
        {
            throw new OutcomeUnknownException($"cancelled while a change request to obshell {agent.Endpoint} was in flight", e);
        }
    }

    /// <summary>A 5xx that is not one of the answers the operations act on: the agent may or may not have acted.</summary>
    private static bool IsUnexpectedServerError(ObshellApiException e) =>
        (int)e.Status >= 500 && !e.Is(ObshellErrors.UnderMaintenance) && !e.Is(ObshellErrors.AlreadyExists);

    private static async Task ChangeAsync(ObshellAgentClient agent, Func<IObshellApi, CancellationToken, Task> call, CancellationToken cancellation) =>
        await ChangeAsync(agent, async (api, ct) => { await call(api, ct); return true; }, cancellation);

    /// <summary>Transport failures and per-request timeouts (not the caller's cancellation).</summary>
    internal static bool IsUnreachable(Exception e, CancellationToken cancellation) =>
        e is HttpRequestException or IOException || e is TaskCanceledException && !cancellation.IsCancellationRequested;
}

/// <summary>No configured agent could be reached.</summary>
public sealed class ClusterUnreachableException(string message, Exception inner) : Exception(message, inner);

/// <summary>A change request's transport failed after it may have been sent; re-read state before re-sending.</summary>
public sealed class OutcomeUnknownException(string message, Exception inner) : Exception(message, inner);
