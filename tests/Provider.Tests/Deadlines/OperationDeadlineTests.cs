using ClusterScale.Provider.Deadlines;
using Microsoft.Extensions.Time.Testing;

namespace ClusterScale.Provider.Tests.Deadlines;

public sealed class OperationDeadlineTests
{
    private readonly FakeTimeProvider _time = new();

    [Fact]
    public void The_requested_timeout_wins_over_the_default()
    {
        using var requested = OperationDeadline.Start(_time, TimeSpan.FromMinutes(3), TimeSpan.FromMinutes(30), CancellationToken.None);
        using var fallback = OperationDeadline.Start(_time, null, TimeSpan.FromMinutes(30), CancellationToken.None);
        Assert.Equal(TimeSpan.FromMinutes(3), requested.Budget);
        Assert.Equal(TimeSpan.FromMinutes(30), fallback.Budget);
    }

    [Fact]
    public void The_token_fires_when_the_budget_is_spent_and_the_expiry_is_told_apart_from_a_cancel()
    {
        using var deadline = OperationDeadline.Start(_time, TimeSpan.FromSeconds(10), TimeSpan.FromHours(1), CancellationToken.None);
        _time.Advance(TimeSpan.FromSeconds(9));
        Assert.False(deadline.Token.IsCancellationRequested);
        Assert.Equal(TimeSpan.FromSeconds(1), deadline.Remaining);
        _time.Advance(TimeSpan.FromSeconds(1));
        Assert.True(deadline.Token.IsCancellationRequested);
        Assert.True(deadline.Explains(new OperationCanceledException()));
        Assert.False(deadline.CancelledByEngine);
    }

    [Fact]
    public void The_engines_cancel_fires_the_token_but_is_not_an_expiry()
    {
        using var engine = new CancellationTokenSource();
        using var deadline = OperationDeadline.Start(_time, TimeSpan.FromSeconds(10), TimeSpan.FromHours(1), engine.Token);
        engine.Cancel();
        Assert.True(deadline.Token.IsCancellationRequested);
        Assert.True(deadline.CancelledByEngine);
        Assert.False(deadline.Explains(new OperationCanceledException()));
    }

    [Fact]
    public async Task It_is_current_for_the_code_the_operation_calls_and_only_until_disposed()
    {
        Assert.Null(OperationDeadline.Current);
        var deadline = OperationDeadline.Start(_time, TimeSpan.FromSeconds(10), TimeSpan.FromHours(1), CancellationToken.None);
        Assert.Same(deadline, await Task.Run(() => OperationDeadline.Current));
        deadline.Dispose();
        Assert.Null(OperationDeadline.Current);
    }
}
