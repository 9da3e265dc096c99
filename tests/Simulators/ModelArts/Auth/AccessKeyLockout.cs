namespace ClusterScale.Simulators.ModelArts.Auth;

/// <summary>
/// API Gateway locks an access key for five minutes after repeated failed AK/SK authentications: every request
/// signed with it is then refused, even a correctly signed one, with "AK access failed to reach the limit,forbidden"
/// (devg-apisign/api-sign-0001.html, sis_faq/sis_04_0082.html, ocr_faq/ocr_01_0063.html; spec section 7 "don't retry").
/// UNCONFIRMED: the docs say "more than five" consecutive failures; the simulator locks after the fifth (the stricter
/// reading), counts every authentication failure of the known key (signature, date, unsigned header), lets a success
/// reset the count, and times the lock from the failure that set it (requests during the lock do not extend it).
/// </summary>
internal sealed class AccessKeyLockout(TimeProvider time)
{
    public const int ConsecutiveFailuresAllowed = 5;
    public static readonly TimeSpan LockDuration = TimeSpan.FromMinutes(5);

    private readonly object gate = new();
    private int consecutiveFailures;
    private DateTimeOffset lockedUntil = DateTimeOffset.MinValue;

    public bool IsLocked
    {
        get
        {
            lock (gate)
                return time.GetUtcNow() < lockedUntil;
        }
    }

    public void RecordFailure()
    {
        lock (gate)
        {
            if (++consecutiveFailures < ConsecutiveFailuresAllowed)
                return;
            consecutiveFailures = 0;
            lockedUntil = time.GetUtcNow() + LockDuration;
        }
    }

    public void RecordSuccess()
    {
        lock (gate)
            consecutiveFailures = 0;
    }
}
