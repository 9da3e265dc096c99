using ClusterScale.Provider.Deadlines;
using ClusterScale.Provider.Protocol;

namespace ClusterScale.Provider.Waiting;

/// <summary>
/// The one wait loop both resources use: polls until <see cref="Poll{T}.Done"/>, an exception, the operation's
/// deadline, or the engine's cancellation. Status lines go to the user only when they change. All timing goes through
/// <see cref="TimeProvider"/> so tests drive it with fake time.
/// </summary>
public sealed class Waiter(TimeProvider time, PollSchedule schedule)
{
    public Waiter(TimeProvider time) : this(time, PollSchedule.Default) { }

    /// <param name="what">Names the change in timeout messages ("the scale-out DAG 11 of 10.0.0.4:2886").</param>
    /// <param name="poll">One look at the change; throws to fail the wait, <see cref="TransientPollException"/> to retry.</param>
    /// <param name="deadline">The operation's budget: its expiry (even inside a poll) ends the wait with
    /// <see cref="WaitTimeoutException"/>; the engine's cancellation with <see cref="OperationCanceledException"/>.</param>
    public async Task<T> WaitAsync<T>(string what, Func<CancellationToken, Task<Poll<T>>> poll, OperationDeadline deadline, IProgressSink progress)
    {
        var lastStatus = "not yet polled";
        var blindDelay = schedule.Initial / schedule.Growth;
        var overdueSince = (long?)null;
        while (true)
        {
            TimeSpan? expectedRemaining = null;
            try
            {
                deadline.Token.ThrowIfCancellationRequested();
                switch (await poll(deadline.Token))
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
            catch (Exception e) when (deadline.Explains(e))
            {
                throw deadline.Exceeded(what, lastStatus);
            }

            overdueSince = expectedRemaining is { } r && r <= TimeSpan.Zero ? overdueSince ?? time.GetTimestamp() : null;
            var overdue = overdueSince is { } since ? time.GetElapsedTime(since) : TimeSpan.Zero;
            var delay = schedule.Next(blindDelay, expectedRemaining, overdue);
            if (expectedRemaining is null) blindDelay = delay;

            var left = deadline.Remaining;
            if (left <= TimeSpan.Zero) throw deadline.Exceeded(what, lastStatus);
            try
            {
                await Task.Delay(delay < left ? delay : left, time, deadline.Token);
            }
            catch (OperationCanceledException e) when (deadline.Explains(e))
            {
                throw deadline.Exceeded(what, lastStatus);
            }
        }
    }
}
