namespace ClusterScale.Simulators.ModelArts.Faults;

/// <summary>
/// API Gateway's per-user flow control on POSTs: at most <see cref="Limit"/> in any minute of the simulator's clock.
/// UNCONFIRMED whether the gateway's window slides or is fixed to clock minutes; a sliding window is the stricter,
/// so a client that copes with it copes with both. Refused POSTs do not count.
/// </summary>
internal sealed class PostRateLimit(int limit, TimeSpan? retryAfter)
{
    private static readonly TimeSpan Window = TimeSpan.FromMinutes(1);
    private readonly Queue<DateTimeOffset> admitted = new();

    public int Limit { get; } = limit;

    /// <summary>Sent as `Retry-After` when set; upstream documents no such header (spec section 7), so null by default.</summary>
    public TimeSpan? RetryAfter { get; } = retryAfter;

    public bool TryAdmit(DateTimeOffset now)
    {
        while (admitted.Count > 0 && admitted.Peek() <= now - Window)
            admitted.Dequeue();
        if (admitted.Count >= Limit)
            return false;
        admitted.Enqueue(now);
        return true;
    }
}

/// <summary>A POST refused by the per-minute limit.</summary>
internal sealed record PostThrottle(int Limit, TimeSpan? RetryAfter);
