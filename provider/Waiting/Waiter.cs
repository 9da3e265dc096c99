using ClusterScale.Provider.Protocol;

namespace ClusterScale.Provider.Waiting;

/// <summary>
/// The one wait loop both resources use: polls until <see cref="Poll{T}.Done"/>, an exception, the deadline, or
/// cancellation. Status lines go to the user only when they change. All timing goes through <see cref="TimeProvider"/>
/// so tests drive it with fake time.
/// </summary>
public sealed class Waiter(TimeProvider time, PollSchedule schedule)
{
    public Waiter(TimeProvider time) : this(time, PollSchedule.Default) { }

    /// <param name="what">Names the change in timeout messages ("the scale-out DAG 11 of 10.0.0.4:2886").</param>
    /// <param name="poll">One look at the change; throws to fail the wait, <see cref="TransientPollException"/> to retry.</param>
    public async Task<T> WaitAsync<T>(string what, Func<CancellationToken, Task<Poll<T>>> poll, TimeSpan timeout,
        IProgressSink progress, CancellationToken cancellation)
    {
        var started = time.GetTimestamp();
        var lastStatus = "not yet polled";
        var blindDelay = schedule.Initial / schedule.Growth;
        var overdueSince = (long?)null;
        while (true)
        {
            cancellation.ThrowIfCancellationRequested();
            TimeSpan? expectedRemaining = null;
            try
            {
                switch (await poll(cancellation))
                {
                    case Poll<T>.Done done:
                        return done.Value;
                    case Poll<T>.Pending pending:
                        expectedRemaining = pending.ExpectedRemaining;
                        if (pending.Status != lastStatus)
                        {
                            lastStatus = pending.Status;
                            await progress.StatusAsync(pending.Status);
                        }
                        break;
                }
            }
            catch (TransientPollException transient)
            {
                var status = $"{transient.Message}; retrying";
                if (status != lastStatus) await progress.StatusAsync(lastStatus = status);
            }

            overdueSince = expectedRemaining is { } r && r <= TimeSpan.Zero ? overdueSince ?? time.GetTimestamp() : null;
            var overdue = overdueSince is { } since ? time.GetElapsedTime(since) : TimeSpan.Zero;
            var delay = schedule.Next(blindDelay, expectedRemaining, overdue);
            if (expectedRemaining is null) blindDelay = delay;

            var left = timeout - time.GetElapsedTime(started);
            if (left <= TimeSpan.Zero) throw new WaitTimeoutException(what, timeout, lastStatus);
            await Task.Delay(delay < left ? delay : left, time, cancellation);
        }
    }
}
