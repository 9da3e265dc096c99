using ClusterScale.Simulators.ModelArts.Supernodes;

namespace ClusterScale.Simulators.ModelArts.Faults;

/// <summary>
/// Fault injection. Request-level faults (throttle, failure, slowness) hit authenticated requests in arrival order
/// and happen before the request is handled, except slowness, which delays and then handles it even if the client
/// gave up meanwhile (as a real backend would).
/// </summary>
public sealed class ModelArtsFaults : ISupernodeFaults
{
    private readonly object gate = new();
    private readonly Action<string> putInError;
    private readonly HashSet<string> soldOut = new(StringComparer.Ordinal);
    private int serverCreationFailures;
    private int throttled;
    private int failures;
    private int failureStatus;
    private int slow;
    private TimeSpan slowDelay;
    private readonly Dictionary<ScaleRoutes, ArmedActThenFail> actThenFail = [];
    private int actThenFailAnswers;
    private readonly TimeProvider time;
    private PostRateLimit? postLimit;
    private int postsThrottled;

    internal ModelArtsFaults(Action<string> putInError, TimeProvider time)
    {
        this.putInError = putInError;
        this.time = time;
    }

    /// <summary>The next <paramref name="count"/> servers a scale-up creates end CREATE_FAILED instead of RUNNING.</summary>
    public void FailNextServerCreations(int count) => Locked(() => serverCreationFailures = NonNegative(count));

    /// <summary>The supernode shows ERROR from now on and refuses scaling (Clear does not repair it).</summary>
    public void PutSupernodeInError(string id) => putInError(id);

    /// <summary>The next <paramref name="requests"/> requests get 429 APIGW.0308.</summary>
    public void Throttle(int requests) => Locked(() => throttled = NonNegative(requests));

    /// <summary>
    /// From now on API Gateway lets at most <paramref name="perMinute"/> POSTs through in any minute of the
    /// simulator's clock; the others get 429 `APIGW.0308` "...limit:N,time:1 minute" with the gateway body, and a
    /// `Retry-After` header only when <paramref name="retryAfter"/> is given (undocumented upstream). Reads are not
    /// limited. <see cref="Clear"/> lifts the limit.
    /// </summary>
    public void LimitPostsPerMinute(int perMinute, TimeSpan? retryAfter = null)
    {
        var limit = NonNegative(perMinute);
        if (retryAfter is { } wait && (wait < TimeSpan.Zero || wait.Ticks % TimeSpan.TicksPerSecond != 0))
            throw new ArgumentOutOfRangeException(nameof(retryAfter), retryAfter, "Retry-After is a whole number of seconds");
        Locked(() => postLimit = new PostRateLimit(limit, retryAfter));
    }

    /// <summary>How many POSTs the per-minute limit refused since the start.</summary>
    public int PostsThrottled
    {
        get
        {
            lock (gate)
                return postsThrottled;
        }
    }

    /// <summary>The next <paramref name="count"/> requests fail with <paramref name="status"/> and change nothing.</summary>
    public void FailNextRequests(int count, int status = 500)
    {
        if (status is < 400 or > 599)
            throw new ArgumentOutOfRangeException(nameof(status), status, "an injected failure is a 4xx or 5xx status");
        Locked(() => { failures = NonNegative(count); failureStatus = status; });
    }

    /// <summary>The next <paramref name="count"/> requests wait <paramref name="delay"/> (on the simulator's clock) first.</summary>
    public void SlowResponses(TimeSpan delay, int count) => Locked(() => { slowDelay = delay; slow = NonNegative(count); });

    /// <summary>
    /// The next <paramref name="requests"/> requests to each route in <paramref name="routes"/> are handled in full
    /// (the scale is applied, or refused as usual) and then answered as <paramref name="answer"/> says instead of with
    /// the result, so resends within the count get it too. Arming a route again replaces what was armed on it.
    /// </summary>
    public void ActThenFail(ScaleRoutes routes, AfterActing answer, int requests)
    {
        if ((routes & ~ScaleRoutes.Both) != 0 || routes == ScaleRoutes.None)
            throw new ArgumentOutOfRangeException(nameof(routes), routes, "choose live-scale-up, live-scale-down or both");
        if (!Enum.IsDefined(answer))
            throw new ArgumentOutOfRangeException(nameof(answer), answer, "not a known answer");
        var count = NonNegative(requests);
        Locked(() =>
        {
            foreach (var route in new[] { ScaleRoutes.LiveScaleUp, ScaleRoutes.LiveScaleDown }.Where(route => routes.HasFlag(route)))
                actThenFail[route] = new ArmedActThenFail(answer, count);
        });
    }

    /// <summary>How many requests were handled and then answered with a failure (or not answered) since the start.</summary>
    public int ActThenFailAnswers
    {
        get
        {
            lock (gate)
                return actThenFailAnswers;
        }
    }

    /// <summary>scale-evaluations reports the flavor sold out and live-scale-up refuses it.</summary>
    public void SoldOut(string flavor) => Locked(() => soldOut.Add(flavor));

    /// <summary>Disarms every pending fault and sold-out mark.</summary>
    public void Clear() => Locked(() =>
    {
        soldOut.Clear();
        actThenFail.Clear();
        postLimit = null;
        serverCreationFailures = throttled = failures = slow = 0;
    });

    /// <summary>Takes the faults due for the next request, in the order they act: delay, then throttle or failure.</summary>
    internal RequestFault TakeRequestFault()
    {
        lock (gate)
        {
            var delay = Take(ref slow) ? slowDelay : TimeSpan.Zero;
            if (Take(ref throttled))
                return new RequestFault(delay, RequestFaultKind.Throttle, 429);
            if (Take(ref failures))
                return new RequestFault(delay, RequestFaultKind.Fail, failureStatus);
            return new RequestFault(delay, RequestFaultKind.None, 0);
        }
    }

    /// <summary>Whether the per-minute limit refuses this POST; an admitted one is counted against the limit.</summary>
    internal PostThrottle? TakePostThrottle()
    {
        lock (gate)
        {
            if (postLimit is null || postLimit.TryAdmit(time.GetUtcNow()))
                return null;
            postsThrottled++;
            return new PostThrottle(postLimit.Limit, postLimit.RetryAfter);
        }
    }

    /// <summary>The answer to give instead of the result, if an act-then-fail is armed on <paramref name="route"/>;
    /// taking it counts it as given.</summary>
    internal AfterActing? TakeActThenFail(ScaleRoutes route)
    {
        lock (gate)
        {
            if (!actThenFail.TryGetValue(route, out var armed) || armed.Remaining == 0)
                return null;
            actThenFail[route] = armed with { Remaining = armed.Remaining - 1 };
            actThenFailAnswers++;
            return armed.Answer;
        }
    }

    bool ISupernodeFaults.TakeServerCreationFailure()
    {
        lock (gate)
            return Take(ref serverCreationFailures);
    }

    bool ISupernodeFaults.IsSoldOut(string flavor)
    {
        lock (gate)
            return soldOut.Contains(flavor);
    }

    private static bool Take(ref int remaining)
    {
        if (remaining == 0)
            return false;
        remaining--;
        return true;
    }

    private static int NonNegative(int count) =>
        count >= 0 ? count : throw new ArgumentOutOfRangeException(nameof(count), count, "a fault count cannot be negative");

    private void Locked(Action action)
    {
        lock (gate)
            action();
    }
}

internal sealed record ArmedActThenFail(AfterActing Answer, int Remaining);

internal enum RequestFaultKind { None, Throttle, Fail }

internal sealed record RequestFault(TimeSpan Delay, RequestFaultKind Kind, int Status);
