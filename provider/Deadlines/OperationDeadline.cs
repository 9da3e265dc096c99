using ClusterScale.Provider.Waiting;

namespace ClusterScale.Provider.Deadlines;

/// <summary>
/// The one time budget of a Create, Update or Delete (customTimeouts, else the resource's documented default). It
/// covers everything the operation does: waiting for the in-provider cluster lock, every HTTP call, every retry sleep
/// and every wait. <see cref="Token"/> fires when the budget is spent or the engine cancels, whichever comes first,
/// and is what every call of the operation is given. What an expiry means is the resource's to say: before the first
/// send, nothing was changed (a clean failure); after it, the resource reports what it knows as partial state.
/// </summary>
public sealed class OperationDeadline : IDisposable
{
    private static readonly AsyncLocal<OperationDeadline?> Ambient = new();

    private readonly TimeProvider _time;
    private readonly long _started;
    private readonly CancellationTokenSource _expiry;
    private readonly CancellationTokenSource _linked;
    private readonly CancellationToken _engine;
    private readonly OperationDeadline? _outer;

    private OperationDeadline(TimeProvider time, TimeSpan budget, CancellationToken engine)
    {
        _time = time;
        _started = time.GetTimestamp();
        Budget = budget;
        _engine = engine;
        _expiry = new CancellationTokenSource(budget, time);
        _linked = CancellationTokenSource.CreateLinkedTokenSource(engine, _expiry.Token);
        _outer = Ambient.Value;
        Ambient.Value = this;
    }

    /// <summary>Starts the budget of one operation: <paramref name="requested"/> (customTimeouts) when set, else
    /// <paramref name="fallback"/>. While it is not disposed it is also <see cref="Current"/> for the code it calls,
    /// which is how the retry layer bounds its sleeps without every API method carrying it.</summary>
    public static OperationDeadline Start(TimeProvider time, TimeSpan? requested, TimeSpan fallback, CancellationToken engine) =>
        new(time, requested ?? fallback, engine);

    /// <summary>The deadline of the operation running on this async flow, if any.</summary>
    public static OperationDeadline? Current => Ambient.Value;

    public TimeSpan Budget { get; }

    public TimeSpan Elapsed => _time.GetElapsedTime(_started);

    public TimeSpan Remaining => Budget - Elapsed is var left && left > TimeSpan.Zero ? left : TimeSpan.Zero;

    /// <summary>The budget is spent: by the clock, or because the expiry timer fired (a system timer ticks in whole
    /// milliseconds and may fire a fraction of one before the clock agrees; the timer's word is final).</summary>
    public bool IsExpired => _expiry.IsCancellationRequested || Remaining <= TimeSpan.Zero;

    /// <summary>True when the engine cancelled (Ctrl-C, or it abandoned the call), as opposed to the budget running out.</summary>
    public bool CancelledByEngine => _engine.IsCancellationRequested;

    /// <summary>Fires at expiry or on the engine's cancellation.</summary>
    public CancellationToken Token => _linked.Token;

    /// <summary>Whether <paramref name="error"/> is this deadline's own expiry surfacing from a call it bounded.</summary>
    public bool Explains(Exception error) => error is OperationCanceledException && IsExpired && !CancelledByEngine;

    /// <summary>The error for an expiry while doing <paramref name="what"/>.</summary>
    public WaitTimeoutException Exceeded(string what, string lastStatus) => new(what, Budget, lastStatus);

    public void Dispose()
    {
        if (Ambient.Value == this) Ambient.Value = _outer;
        _linked.Dispose();
        _expiry.Dispose();
    }
}
