using System.Net;
using ClusterScale.Provider.Deadlines;
using ClusterScale.Provider.ModelArts.Api;
using ClusterScale.Provider.Protocol;
using ClusterScale.Provider.Waiting;

namespace ClusterScale.Provider.ModelArts;

/// <summary>
/// The scale operations on one supernode, each split into "start" (the POST; throws when the API certainly did not
/// act) and "wait" (polls until settled), so the resource knows whether a failure left something behind.
/// </summary>
internal sealed class SupernodeScaler(IModelArtsApi api, string supernodeId, PollSchedule schedule)
{
    public string SupernodeId => supernodeId;

    /// <summary>The supernode, or null when ModelArts says it does not exist.</summary>
    public async Task<SupernodeDetail?> FindAsync(CancellationToken cancellation)
    {
        try { return await api.ShowSupernodeAsync(supernodeId, cancellation); }
        catch (ModelArtsApiException e) when (e.IsNotFound) { return null; }
    }

    public async Task<SupernodeDetail> ReadAsync(CancellationToken cancellation) =>
        await FindAsync(cancellation) ?? throw new OperationFailedException($"supernode {supernodeId} does not exist (ModelArts.6404)");

    /// <summary>
    /// Sends live-scale-up. When the outcome is ambiguous (connection reset after sending, a 5xx other than 503, a
    /// client timeout) the request is NOT blindly resent: the supernode is re-read first, and a visible change
    /// (new servers, or the supernode busy) means the API accepted it. Only when nothing changed is it sent once more;
    /// under the capacity model a live-scale-up targets a size (the flavor's sub-node count), so even a late first
    /// request cannot make the supernode grow twice (UNCONFIRMED upstream: the project's capacity model).
    /// </summary>
    public async Task<SupernodeDetail> StartScaleUpAsync(LiveScaleUpRequest request, IReadOnlySet<string> before, CancellationToken cancellation)
    {
        try { return await api.LiveScaleUpAsync(supernodeId, request, cancellation); }
        catch (Exception e) when (IsAmbiguous(e, cancellation))
        {
            var now = await ReadAsync(cancellation);
            if (now.ServerList.Any(s => !before.Contains(s.Id)) || !SupernodeSettling.IsSteady(now)) return now;
            return await api.LiveScaleUpAsync(supernodeId, request, cancellation);
        }
    }

    /// <summary>Sends live-scale-down of exactly <paramref name="serverIds"/>. Removing listed ids cannot touch any
    /// other server, so after an ambiguous outcome it is resent only for the ids still present and not DELETING.</summary>
    public async Task<SupernodeDetail> StartScaleDownAsync(string? flavor, IReadOnlyList<string> serverIds, CancellationToken cancellation)
    {
        try { return await api.LiveScaleDownAsync(supernodeId, new LiveScaleDownRequest(flavor, serverIds), cancellation); }
        catch (Exception e) when (IsAmbiguous(e, cancellation))
        {
            var now = await ReadAsync(cancellation);
            var untouched = now.ServerList.Where(s => serverIds.Contains(s.Id) && s.Status == "RUNNING").Select(s => s.Id).ToList();
            if (untouched.Count < serverIds.Count || !SupernodeSettling.IsSteady(now)) return now;
            return await api.LiveScaleDownAsync(supernodeId, new LiveScaleDownRequest(flavor, untouched), cancellation);
        }
    }

    public Task<SupernodeDetail> WaitScaleUpAsync(IReadOnlySet<string> before, IReadOnlySet<string> expected, OperationDeadline deadline, OperationContext operation) =>
        WaitAsync($"the scale-up of supernode {supernodeId}", s => SupernodeSettling.ScaleUp(s, before, expected), deadline, operation);

    public Task<SupernodeDetail> WaitScaleDownAsync(IReadOnlySet<string> removing, OperationDeadline deadline, OperationContext operation) =>
        WaitAsync($"the scale-down of supernode {supernodeId}", s => SupernodeSettling.ScaleDown(s, removing), deadline, operation);

    public Task<SupernodeDetail> WaitSteadyAsync(OperationDeadline deadline, OperationContext operation) =>
        WaitAsync($"supernode {supernodeId} to become ACTIVE", SupernodeSettling.Steady, deadline, operation);

    private Task<SupernodeDetail> WaitAsync(string what, Func<SupernodeDetail, Poll<SupernodeDetail>> judge, OperationDeadline deadline, OperationContext operation) =>
        new Waiter(operation.Time, schedule).WaitAsync(what, async cancellation =>
        {
            try { return judge(await ReadAsync(cancellation)); }
            catch (Exception e) when (IsAmbiguous(e, cancellation) || e is ModelArtsApiException { Status: HttpStatusCode.TooManyRequests })
            {
                throw new TransientPollException($"reading supernode {supernodeId} failed: {e.Message}", e);
            }
        }, deadline, operation.Progress);

    /// <summary>Failures after which the request may or may not have been acted on. Refit wraps transport
    /// failures in <see cref="Refit.ApiRequestException"/>.</summary>
    internal static bool IsAmbiguous(Exception e, CancellationToken cancellation) => e switch
    {
        Refit.ApiRequestException { InnerException: { } inner } => IsAmbiguous(inner, cancellation),
        HttpRequestException or IOException => true,
        OperationCanceledException => !cancellation.IsCancellationRequested,
        ModelArtsApiException api => (int)api.Status >= 500,
        _ => false,
    };
}
