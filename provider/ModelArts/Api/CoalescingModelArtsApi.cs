using ClusterScale.Provider.Coalescing;

namespace ClusterScale.Provider.ModelArts.Api;

/// <summary>
/// The ModelArts client with its per-supernode reads shared: concurrent callers asking for the same supernode (a
/// refresh, a function call and a Check at once) wait on one request. Scale requests always go straight through.
/// </summary>
internal sealed class CoalescingModelArtsApi(IModelArtsApi inner, bool enabled) : IModelArtsApi
{
    private readonly SingleFlight<string, object> _reads = new(enabled);

    public Task<SupernodeDetail> ShowSupernodeAsync(string id, CancellationToken cancellation) =>
        SharedAsync("hyperinstance/" + id, ct => inner.ShowSupernodeAsync(id, ct), cancellation);

    public Task<ScaleEvaluations> ScaleEvaluationsAsync(string id, CancellationToken cancellation) =>
        SharedAsync("scale-evaluations/" + id, ct => inner.ScaleEvaluationsAsync(id, ct), cancellation);

    public Task<ServerDetail> ShowServerAsync(string serverId, CancellationToken cancellation) =>
        SharedAsync("server/" + serverId, ct => inner.ShowServerAsync(serverId, ct), cancellation);

    public Task<SupernodePage> ListSupernodesAsync(int limit, int offset, CancellationToken cancellation) =>
        inner.ListSupernodesAsync(limit, offset, cancellation);

    public Task<SupernodeDetail> LiveScaleUpAsync(string id, LiveScaleUpRequest request, CancellationToken cancellation) =>
        inner.LiveScaleUpAsync(id, request, cancellation);

    public Task<SupernodeDetail> LiveScaleDownAsync(string id, LiveScaleDownRequest request, CancellationToken cancellation) =>
        inner.LiveScaleDownAsync(id, request, cancellation);

    private async Task<T> SharedAsync<T>(string question, Func<CancellationToken, Task<T>> read, CancellationToken cancellation) where T : class =>
        (T)await _reads.RunAsync(question, async ct => await read(ct), cancellation);
}
