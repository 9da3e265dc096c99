namespace ClusterScale.Provider.ModelArts.Ownership;

/// <summary>
/// The cloud's clock as last measured from an answer's HTTP <c>Date</c> header (RFC 9110 §6.6.1: the origin's time
/// when it produced the answer). Servers' <c>create_at</c> is on that clock, so a send window compared with it must be
/// too: the local clock alone may be minutes off. Until an answer was seen the offset is zero.
/// </summary>
public sealed class CloudClock(TimeProvider time)
{
    /// <summary>The <c>Date</c> header has whole seconds and the answer takes time to arrive: the offset is known to
    /// within about a second, so windows are widened by two on each side.</summary>
    public static readonly TimeSpan Allowance = TimeSpan.FromSeconds(2);

    private long _offsetTicks;

    /// <summary>The cloud's time now, by the last measured offset.</summary>
    public DateTimeOffset Now => time.GetUtcNow() + TimeSpan.FromTicks(Interlocked.Read(ref _offsetTicks));

    /// <summary>The window start for a send about to go out.</summary>
    public long WindowStart() => (Now - Allowance).ToUnixTimeMilliseconds();

    /// <summary>The window end for a send whose 200 just arrived.</summary>
    public long WindowEnd() => (Now + Allowance).ToUnixTimeMilliseconds();

    /// <summary>Measures the offset from an answer's <c>Date</c> (null when the answer carried none).</summary>
    public void Observe(DateTimeOffset? date)
    {
        if (date is { } cloud) Interlocked.Exchange(ref _offsetTicks, (cloud - time.GetUtcNow()).Ticks);
    }
}

/// <summary>Feeds every answer's <c>Date</c> header to the <see cref="CloudClock"/>.</summary>
public sealed class CloudClockHandler(CloudClock clock) : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var response = await base.SendAsync(request, cancellationToken);
        clock.Observe(response.Headers.Date);
        return response;
    }
}
