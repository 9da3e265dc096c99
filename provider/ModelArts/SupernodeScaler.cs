using ClusterScale.Provider.Deadlines;
using ClusterScale.Provider.ModelArts.Api;
using ClusterScale.Provider.ModelArts.Ownership;
using ClusterScale.Provider.Outcomes;
using ClusterScale.Provider.Protocol;
using ClusterScale.Provider.Waiting;

namespace ClusterScale.Provider.ModelArts;

/// <summary>
/// The scale operations on one supernode, each split into "start" (the POST; throws when the API certainly did not
/// act) and "wait" (polls until settled), so the resource knows whether a failure left something behind.
/// </summary>
/// <param name="scaleDownFirstPoll">How long after an accepted live-scale-down the first poll comes
/// (<see cref="ModelArtsConnection.ScaleDownFirstPoll"/>).</param>
internal sealed class SupernodeScaler(IModelArtsApi api, string supernodeId, PollSchedule schedule, CloudClock clock, TimeSpan scaleDownFirstPoll)
{
    public string SupernodeId => supernodeId;

    public CloudClock Clock => clock;

    /// <summary>The supernode, or null when ModelArts says it does not exist.</summary>
    public async Task<SupernodeDetail?> FindAsync(CancellationToken cancellation)
    {
        try { return await api.ShowSupernodeAsync(supernodeId, cancellation); }
        catch (ModelArtsApiException e) when (e.IsNotFound) { return null; }
    }

    public async Task<SupernodeDetail> ReadAsync(CancellationToken cancellation) =>
        await FindAsync(cancellation) ?? throw new OperationFailedException($"supernode {supernodeId} does not exist (ModelArts.6404)");

    /// <summary>
    /// Sends live-scale-up to the TARGET flavor (§3). An ambiguous outcome (reset, timeout, 500/502/504 without a
    /// known code) means ModelArts may have acted: the supernode is re-read, and a visible change (new servers, or the
    /// supernode busy) means it did. Only when nothing changed is it sent once more; under the capacity model a
    /// live-scale-up targets a size, so even a late first request cannot make the supernode grow twice (UNCONFIRMED
    /// upstream). An ambiguous resend ends in a re-read too: the wait decides what happened.
    /// </summary>
    /// <returns>What the supernode looked like last, and whether a 200 arrived (the evidence
    /// <see cref="ScaleUpOwnership"/> needs to call what appears this scale-up's).</returns>
    /// <exception cref="ScaleRefusedException">ModelArts refused (a known code): it did not act on that send.</exception>
    /// <exception cref="RequestNotSentException">Throttled until the deadline: nothing reached ModelArts.</exception>
    public async Task<ScaleUpSent> StartScaleUpAsync(LiveScaleUpRequest request, IReadOnlySet<string> before, CancellationToken cancellation)
    {
        Task<SupernodeDetail> Send(CancellationToken token) => api.LiveScaleUpAsync(supernodeId, request, token);
        if (await SendAsync(Send, ambiguousBefore: false, cancellation) is { } answer) return new ScaleUpSent(answer, true);
        var now = await ReadAsync(cancellation);
        if (now.ServerList.Any(s => !before.Contains(s.Id)) || !SupernodeSettling.IsSteady(now)) return new ScaleUpSent(now, false);
        return await SendAsync(Send, ambiguousBefore: true, cancellation) is { } resent
            ? new ScaleUpSent(resent, true) : new ScaleUpSent(await ReadAsync(cancellation), false);
    }

    /// <summary>Sends live-scale-down of exactly <paramref name="request"/>'s servers (§4). Removing listed ids
    /// cannot touch any other server, so after an ambiguous outcome it is resent only for the ids still present and
    /// RUNNING, and only when none of them is leaving yet.</summary>
    public async Task<SupernodeDetail> StartScaleDownAsync(LiveScaleDownRequest request, CancellationToken cancellation)
    {
        var answer = await SendAsync(token => api.LiveScaleDownAsync(supernodeId, request, token), ambiguousBefore: false, cancellation);
        if (answer is not null) return answer;
        var now = await ReadAsync(cancellation);
        var untouched = now.ServerList.Where(s => request.ServerIds.Contains(s.Id) && s.Status == "RUNNING").Select(s => s.Id).ToList();
        if (untouched.Count < request.ServerIds.Count || !SupernodeSettling.IsSteady(now)) return now;
        return await SendAsync(token => api.LiveScaleDownAsync(supernodeId, request, token), ambiguousBefore: true, cancellation)
            ?? await ReadAsync(cancellation);
    }

    /// <summary>The offered flavor (scale-evaluations) whose sub-node count (§6, UNCONFIRMED) is the supernode's
    /// current count: how import names the flavor a supernode is at, since the detail carries none. Null when no
    /// offered flavor has that count.</summary>
    public async Task<string?> CurrentFlavorAsync(SupernodeDetail supernode, CancellationToken cancellation)
    {
        var offered = (await api.ScaleEvaluationsAsync(supernodeId, cancellation)).Evaluations ?? [];
        return SupernodeFlavor.WithSubNodes(offered.Select(e => e.Flavor), SupernodeSettling.SubNodes(supernode).Count);
    }

    /// <summary>
    /// The live-scale-down body removing exactly <paramref name="removing"/> (§4): the target flavor is
    /// <paramref name="targetFlavor"/> when given, else the offered flavor (scale-evaluations) whose sub-node count (§6)
    /// is what remains; resource_flavor comes from that evaluation entry, else from the removed servers. UNCONFIRMED
    /// when no offered flavor has the remaining count (a CREATE_FAILED server removed alone, or the flavor before this
    /// resource not offered): flavor and resource_flavor are left out, which both SDKs allow.
    /// </summary>
    public async Task<LiveScaleDownRequest> ScaleDownRequestAsync(SupernodeDetail current, IReadOnlyList<string> removing, string? targetFlavor, CancellationToken cancellation)
    {
        var remaining = SupernodeSettling.SubNodes(current).Count - removing.Count;
        var offered = (await api.ScaleEvaluationsAsync(supernodeId, cancellation)).Evaluations ?? [];
        var entry = offered.FirstOrDefault(e => targetFlavor is null ? SupernodeFlavor.SubNodes(e.Flavor) == remaining : e.Flavor == targetFlavor);
        var flavor = targetFlavor ?? entry?.Flavor;
        var resourceFlavor = entry?.ResourceFlavor ?? (flavor is null ? null : current.ServerList.FirstOrDefault(s => removing.Contains(s.Id))?.Flavor);
        return new LiveScaleDownRequest(supernodeId, flavor, removing, resourceFlavor);
    }

    /// <summary>The one place a scale request is sent and its outcome judged (<see cref="ModelArtsRefusals.Classifier"/>):
    /// the answer when accepted; null when ambiguous (the caller re-reads before deciding anything).</summary>
    /// <param name="ambiguousBefore">An earlier send of this change was ambiguous: a refusal now does not prove that
    /// nothing changed, and says so.</param>
    private static async Task<SupernodeDetail?> SendAsync(Func<CancellationToken, Task<SupernodeDetail>> send, bool ambiguousBefore, CancellationToken cancellation)
    {
        try
        {
            return await send(cancellation);
        }
        catch (Exception e) when (!(e is OperationCanceledException && cancellation.IsCancellationRequested))
        {
            switch (ModelArtsRefusals.Classifier.Of(e))
            {
                case SendOutcome.Refused when Innermost<ModelArtsApiException>(e) is { } refusal:
                    throw new ScaleRefusedException(refusal, ambiguousBefore);
                case SendOutcome.NotSent when !ambiguousBefore:
                    throw new RequestNotSentException($"the request was not accepted before the deadline: {e.Message}", e);
                case SendOutcome.NotSent or SendOutcome.Ambiguous:
                    return null;
                default:
                    throw;
            }
        }
    }

    private static T? Innermost<T>(Exception e) where T : Exception
    {
        for (Exception? current = e; current is not null; current = current.InnerException)
            if (current is T found) return found;
        return null;
    }

    /// <summary>Waits until every server <paramref name="evidence"/>'s scale-up adds is this resource's and RUNNING.</summary>
    public Task<SupernodeDetail> WaitScaleUpAsync(ScaleUpEvidence evidence, OperationDeadline deadline, OperationContext operation, Action<SupernodeDetail> seen) =>
        WaitAsync($"the scale-up of supernode {supernodeId}", s => SupernodeSettling.ScaleUp(s, evidence), deadline, operation, seen);

    /// <summary>Waits until every server of an interrupted scale-up is known (see <see cref="SupernodeSettling.ScaleUpSettled"/>).</summary>
    public Task<SupernodeDetail> WaitScaleUpSettledAsync(ScaleUpEvidence evidence, OperationDeadline deadline, OperationContext operation, Action<SupernodeDetail> seen) =>
        WaitAsync($"every server of the scale-up of supernode {supernodeId} to settle", s => SupernodeSettling.ScaleUpSettled(s, evidence), deadline, operation, seen);

    /// <summary>The 200 (and the first reads) still list the removed servers: the first poll comes after a delay.</summary>
    public async Task<SupernodeDetail> WaitScaleDownAsync(IReadOnlySet<string> removing, OperationDeadline deadline, OperationContext operation, Action<SupernodeDetail> seen)
    {
        if (deadline.Remaining > scaleDownFirstPoll) await Task.Delay(scaleDownFirstPoll, operation.Time, deadline.Token);
        return await WaitAsync($"the scale-down of supernode {supernodeId}", s => SupernodeSettling.ScaleDown(s, removing), deadline, operation, seen);
    }

    public Task<SupernodeDetail> WaitSteadyAsync(OperationDeadline deadline, OperationContext operation) =>
        WaitAsync($"supernode {supernodeId} to become ACTIVE", SupernodeSettling.Steady, deadline, operation, _ => { });

    /// <summary>A supernode that is gone (not found) ends any wait at once, like one going away (§5 step 3).</summary>
    /// <param name="seen">Told every read, so a wait that fails still leaves what was last read to report.</param>
    private Task<SupernodeDetail> WaitAsync(string what, Func<SupernodeDetail, Poll<SupernodeDetail>> judge, OperationDeadline deadline, OperationContext operation,
        Action<SupernodeDetail> seen) =>
        new Waiter(operation.Time, schedule).WaitAsync(what, async cancellation =>
        {
            SupernodeDetail? supernode;
            try { supernode = await FindAsync(cancellation); }
            catch (Exception e) when (IsTransient(e, cancellation))
            {
                throw new TransientPollException($"reading supernode {supernodeId} failed: {e.Message}", e);
            }
            if (supernode is null)
                throw new ScaleFailedException($"supernode {supernodeId} no longer exists (ModelArts.6404): it was deleted while {what} was awaited");
            seen(supernode);
            return judge(supernode);
        }, deadline, operation.Progress);

    /// <summary>A failed read that proves nothing (throttled, unavailable, reset, timeout, 5xx): poll again. A refusal
    /// (a 4xx with a known code) is not transient.</summary>
    internal static bool IsTransient(Exception e, CancellationToken cancellation) =>
        !(e is OperationCanceledException && cancellation.IsCancellationRequested)
        && ModelArtsRefusals.Classifier.Of(e) is SendOutcome.NotSent or SendOutcome.Ambiguous;
}

/// <summary>What a live-scale-up send left: the supernode as last seen, and whether a 200 arrived for it.</summary>
internal sealed record ScaleUpSent(SupernodeDetail Now, bool Acknowledged);

/// <summary>ModelArts refused a scale request with a known code: it did not act on that send.</summary>
/// <param name="AfterAmbiguousSend">An earlier send of the same change was ambiguous, so the supernode may have changed
/// anyway: the bookkeeping must keep the pending scale.</param>
internal sealed class ScaleRefusedException(ModelArtsApiException error, bool afterAmbiguousSend) : Exception(error.Message, error)
{
    public ModelArtsApiException Error => error;
    public bool AfterAmbiguousSend => afterAmbiguousSend;
}
