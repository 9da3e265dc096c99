namespace ClusterScale.Provider.ModelArts.Ownership;

/// <summary>
/// When a live-scale-up of this resource could have been accepted, on the CLOUD's clock (epoch milliseconds, the unit
/// of the servers' <c>create_at</c>, spec "Corrections on 2026-12-05"): from just before the request left until its
/// 200 arrived. <see cref="To"/> is null while no 200 arrived (an ambiguous send may still be accepted later, so the
/// window stays open). Both ends already include <see cref="CloudClock.Allowance"/>.
/// </summary>
public sealed record SendWindow(long From, long? To)
{
    public bool Contains(long createAt) => createAt >= From && (To is not { } to || createAt <= to);

    public SendWindow Closed(long to) => this with { To = to };
}
