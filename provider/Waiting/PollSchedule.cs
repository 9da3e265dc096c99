namespace ClusterScale.Provider.Waiting;

/// <summary>
/// When to look next. Without an estimate, the delay grows geometrically from <see cref="Initial"/> to
/// <see cref="Maximum"/>: quick changes are noticed quickly and long ones are not hammered. With an estimate of the
/// remaining time, the waiter sleeps until just before the expected end (at most <see cref="EstimatedMaximum"/>, so a
/// change that fails early is still noticed within that), then looks at <see cref="Minimum"/> steps that widen again
/// the longer the change overruns.
/// </summary>
public sealed record PollSchedule(TimeSpan Initial, TimeSpan Minimum, TimeSpan Maximum, double Growth, TimeSpan EstimatedMaximum)
{
    /// <summary>Defaults for remote operations that take seconds to hours (DAGs, server provisioning).</summary>
    public static readonly PollSchedule Default = new(
        Initial: TimeSpan.FromMilliseconds(250), Minimum: TimeSpan.FromMilliseconds(100),
        Maximum: TimeSpan.FromSeconds(5), Growth: 1.5, EstimatedMaximum: TimeSpan.FromSeconds(30));

    /// <summary>The delay after a pending poll. <paramref name="blindDelay"/> is the previous delay without an
    /// estimate, <paramref name="overdue"/> how long polls have been finding the change past its estimate.</summary>
    public TimeSpan Next(TimeSpan blindDelay, TimeSpan? expectedRemaining, TimeSpan overdue)
    {
        if (expectedRemaining is { } remaining && remaining > Minimum)
            return Clamp(remaining - Minimum / 2, EstimatedMaximum);
        if (expectedRemaining is not null)
            return Clamp(Minimum + overdue / 4, Maximum);
        return Clamp(blindDelay * Growth, Maximum);
    }

    private TimeSpan Clamp(TimeSpan delay, TimeSpan maximum) => delay < Minimum ? Minimum : delay > maximum ? maximum : delay;
}
