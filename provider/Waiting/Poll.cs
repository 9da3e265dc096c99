namespace ClusterScale.Provider.Waiting;

/// <summary>What one look at a long-running change found.</summary>
public abstract record Poll<T>
{
    private Poll() { }

    /// <summary>The change reached its successful terminal state.</summary>
    public sealed record Done(T Value) : Poll<T>;

    /// <summary>Still in progress. <paramref name="Status"/> is shown to the user when it changes;
    /// <paramref name="ExpectedRemaining"/>, when the poller can estimate it (e.g. from finished DAG stages), lets the
    /// waiter sleep until the change is likely done instead of polling blindly.</summary>
    public sealed record Pending(string Status, TimeSpan? ExpectedRemaining = null) : Poll<T>;
}

/// <summary>Thrown by a poller for a failure worth another look (an unreachable agent, a 5xx after the client's own
/// retries): the waiter keeps polling until its deadline. Any other exception ends the wait at once.</summary>
public sealed class TransientPollException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>The deadline passed before the change settled. The change itself may still be running remotely.</summary>
public sealed class WaitTimeoutException(string what, TimeSpan timeout, string lastStatus)
    : Exception($"timed out after {Format(timeout)} waiting for {what}; last status: {lastStatus}")
{
    public string LastStatus { get; } = lastStatus;
    private static string Format(TimeSpan t) => t.TotalMinutes >= 1 ? $"{t.TotalMinutes:0.#} min" : $"{t.TotalSeconds:0.#} s";
}
