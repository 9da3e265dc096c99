using ClusterScale.Provider.Deadlines;
using ClusterScale.Provider.Protocol;
using ClusterScale.Provider.Waiting;
using Microsoft.Extensions.Time.Testing;

namespace ClusterScale.Provider.Tests.Waiting;

public sealed class WaiterTests
{
    private static readonly PollSchedule Schedule = new(
        Initial: TimeSpan.FromMilliseconds(200), Minimum: TimeSpan.FromMilliseconds(100), Maximum: TimeSpan.FromSeconds(2), Growth: 2,
        EstimatedMaximum: TimeSpan.FromSeconds(8));

    private readonly FakeTimeProvider _time = new();
    private readonly RecordingProgress _progress = new();
    private readonly List<TimeSpan> _pollTimes = [];
    private readonly DateTimeOffset _start;

    public WaiterTests() => _start = _time.GetUtcNow();

    [Fact]
    public async Task Returns_the_value_once_done_and_reports_each_status_once()
    {
        var answers = new Queue<Poll<string>>([Pending("stage 1/3"), Pending("stage 1/3"), Pending("stage 2/3"), new Poll<string>.Done("ok")]);
        var result = await Run(_ => answers.Dequeue(), TimeSpan.FromMinutes(1));
        Assert.Equal("ok", result);
        Assert.Equal(["stage 1/3", "stage 2/3"], _progress.Statuses);
    }

    [Fact]
    public async Task Without_an_estimate_the_delay_grows_geometrically_up_to_the_maximum()
    {
        await Run(n => n < 7 ? Pending("working") : new Poll<string>.Done("ok"), TimeSpan.FromMinutes(1));
        var gaps = _pollTimes.Zip(_pollTimes.Skip(1), (a, b) => (b - a).TotalMilliseconds).ToArray();
        Assert.Equal([200, 400, 800, 1600, 2000, 2000, 2000], gaps);
    }

    [Fact]
    public async Task With_an_estimate_it_sleeps_until_just_before_the_expected_end()
    {
        // The change is expected to finish 10 s after the first look; it really finishes at 10.1 s.
        var end = TimeSpan.FromSeconds(10.1);
        await Run(_ =>
        {
            var now = _time.GetUtcNow() - _start;
            return now >= end ? new Poll<string>.Done("ok") : Pending("working", TimeSpan.FromSeconds(10) - now);
        }, TimeSpan.FromMinutes(1), Schedule with { EstimatedMaximum = TimeSpan.FromSeconds(30) });
        // One look at the start, one just before 10 s (an estimate lifts the 2 s blind cap), then tight looks until
        // the end: few requests, low latency.
        Assert.InRange(_pollTimes.Count, 3, 5);
        Assert.InRange((_pollTimes[^1] - end).TotalMilliseconds, 0, 150);
    }

    [Fact]
    public async Task A_long_estimate_is_slept_through_in_steps_of_at_most_the_estimated_maximum()
    {
        var end = TimeSpan.FromSeconds(20);
        await Run(_ =>
        {
            var now = _time.GetUtcNow() - _start;
            return now >= end ? new Poll<string>.Done("ok") : Pending("working", end - now);
        }, TimeSpan.FromMinutes(1));
        var gaps = _pollTimes.Zip(_pollTimes.Skip(1), (a, b) => (b - a).TotalSeconds).ToArray();
        Assert.All(gaps, gap => Assert.InRange(gap, 0.1, 8));
        Assert.Equal(8, gaps[0]);
    }

    [Fact]
    public async Task Times_out_at_the_deadline_naming_the_change_and_its_last_status()
    {
        var error = await Assert.ThrowsAsync<WaitTimeoutException>(() => Run(_ => Pending("stage 4/9: Wait remote deploy finish"), TimeSpan.FromSeconds(5)));
        Assert.Contains("the test change", error.Message);
        Assert.Contains("stage 4/9: Wait remote deploy finish", error.Message);
        Assert.InRange(_pollTimes[^1], TimeSpan.FromSeconds(3), TimeSpan.FromSeconds(5));
    }

    [Fact]
    public async Task The_deadline_also_ends_a_poll_that_hangs_past_it()
    {
        var error = await Assert.ThrowsAsync<WaitTimeoutException>(() => RunPolls(async token =>
        {
            await Task.Delay(Timeout.InfiniteTimeSpan, _time, token);
            return Pending("never");
        }, TimeSpan.FromSeconds(5)));
        Assert.Contains("the test change", error.Message);
        Assert.True(_time.GetUtcNow() - _start >= TimeSpan.FromSeconds(5));
    }

    [Fact]
    public async Task Time_spent_before_the_wait_counts_against_the_same_deadline()
    {
        using var deadline = OperationDeadline.Start(_time, TimeSpan.FromSeconds(10), TimeSpan.FromHours(1), CancellationToken.None);
        _time.Advance(TimeSpan.FromSeconds(8));
        var wait = new Waiter(_time, Schedule).WaitAsync("the test change", _ =>
        {
            _pollTimes.Add(_time.GetUtcNow() - _start);
            return Task.FromResult(Pending("working"));
        }, deadline, _progress);
        for (var step = 0; step < 1000 && !wait.IsCompleted; step++) _time.Advance(TimeSpan.FromMilliseconds(10));
        await Assert.ThrowsAsync<WaitTimeoutException>(() => wait);
        Assert.All(_pollTimes, t => Assert.True(t < TimeSpan.FromSeconds(10)));
        Assert.True(_pollTimes.Count < 10, "two seconds of budget leave room for a few looks only");
    }

    [Fact]
    public async Task Transient_failures_are_retried_and_shown_until_the_change_settles()
    {
        var answers = new Queue<Func<Poll<string>>>([() => throw new TransientPollException("agent 10.0.0.1:2886 unreachable"), () => new Poll<string>.Done("ok")]);
        Assert.Equal("ok", await Run(_ => answers.Dequeue()(), TimeSpan.FromMinutes(1)));
        Assert.Equal(["agent 10.0.0.1:2886 unreachable; retrying"], _progress.Statuses);
    }

    [Fact]
    public async Task Any_other_failure_ends_the_wait_at_once()
    {
        await Assert.ThrowsAsync<OperationFailedException>(() => Run(_ => throw new OperationFailedException("DAG failed"), TimeSpan.FromMinutes(1)));
        Assert.Single(_pollTimes);
    }

    [Fact]
    public async Task Cancellation_ends_a_sleeping_wait_without_advancing_time()
    {
        using var cancel = new CancellationTokenSource();
        using var deadline = OperationDeadline.Start(_time, TimeSpan.FromHours(1), TimeSpan.FromHours(1), cancel.Token);
        var waiter = new Waiter(_time, Schedule);
        var wait = waiter.WaitAsync("the test change", _ => Task.FromResult(Pending("working")), deadline, _progress);
        await cancel.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => wait);
    }

    private static Poll<string> Pending(string status, TimeSpan? remaining = null) => new Poll<string>.Pending(status, remaining);

    /// <summary>Runs a wait to completion, advancing fake time in small steps; <paramref name="answer"/> gets the
    /// 0-based poll number.</summary>
    private Task<string> Run(Func<int, Poll<string>> answer, TimeSpan timeout, PollSchedule? schedule = null) =>
        RunPolls(_ =>
        {
            _pollTimes.Add(_time.GetUtcNow() - _start);
            return Task.FromResult(answer(_pollTimes.Count - 1));
        }, timeout, schedule);

    private async Task<string> RunPolls(Func<CancellationToken, Task<Poll<string>>> poll, TimeSpan timeout, PollSchedule? schedule = null)
    {
        using var deadline = OperationDeadline.Start(_time, timeout, TimeSpan.FromHours(1), CancellationToken.None);
        var wait = new Waiter(_time, schedule ?? Schedule).WaitAsync("the test change", poll, deadline, _progress);
        for (var step = 0; step < 100_000 && !wait.IsCompleted; step++)
            _time.Advance(TimeSpan.FromMilliseconds(10));
        return await wait;
    }

    private sealed class RecordingProgress : IProgressSink
    {
        public List<string> Statuses { get; } = [];
        public Task StatusAsync(string message) { Statuses.Add(message); return Task.CompletedTask; }
        public Task InfoAsync(string message) => Task.CompletedTask;
        public Task WarningAsync(string message) => Task.CompletedTask;
    }
}
