using ClusterScale.Provider.Coalescing;

namespace ClusterScale.Provider.Tests.Coalescing;

/// <summary>One shared read per key among concurrent callers, never a cached one. Reads are gated by hand-released
/// <see cref="TaskCompletionSource"/>s, so every interleaving is forced, not timed.</summary>
public sealed class SingleFlightTests
{
    /// <summary>A read that counts its calls and finishes only when the test releases it.</summary>
    private sealed class GatedRead
    {
        private readonly List<TaskCompletionSource<string>> _pending = [];
        public int Calls { get; private set; }
        public List<CancellationToken> Tokens { get; } = [];

        public Task<string> ReadAsync(CancellationToken cancellation)
        {
            Calls++;
            Tokens.Add(cancellation);
            var gate = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
            cancellation.Register(() => gate.TrySetCanceled(cancellation));
            _pending.Add(gate);
            return gate.Task;
        }

        public void Finish(string value) => _pending[^1].SetResult(value);
        public void Fail(Exception error) => _pending[^1].SetException(error);
    }

    [Fact]
    public async Task Concurrent_callers_share_one_read_and_its_result()
    {
        var flights = new SingleFlight<string, string>();
        var read = new GatedRead();
        var callers = Enumerable.Range(0, 10).Select(_ => flights.RunAsync("cluster", read.ReadAsync, CancellationToken.None)).ToList();
        read.Finish("v1");
        Assert.All(await Task.WhenAll(callers), v => Assert.Equal("v1", v));
        Assert.Equal(1, read.Calls);
    }

    [Fact]
    public async Task A_caller_starting_after_a_read_finished_sends_its_own()
    {
        var flights = new SingleFlight<string, string>();
        var read = new GatedRead();
        var first = flights.RunAsync("cluster", read.ReadAsync, CancellationToken.None);
        read.Finish("v1");
        Assert.Equal("v1", await first);
        var second = flights.RunAsync("cluster", read.ReadAsync, CancellationToken.None);
        read.Finish("v2");
        Assert.Equal("v2", await second);
        Assert.Equal(2, read.Calls);
    }

    [Fact]
    public async Task Different_keys_read_separately()
    {
        var flights = new SingleFlight<string, string>();
        var read = new GatedRead();
        var a = flights.RunAsync("a", read.ReadAsync, CancellationToken.None);
        read.Finish("a");
        var b = flights.RunAsync("b", read.ReadAsync, CancellationToken.None);
        read.Finish("b");
        Assert.Equal(("a", "b"), (await a, await b));
        Assert.Equal(2, read.Calls);
    }

    [Fact]
    public async Task A_failure_reaches_the_concurrent_callers_only()
    {
        var flights = new SingleFlight<string, string>();
        var read = new GatedRead();
        var one = flights.RunAsync("cluster", read.ReadAsync, CancellationToken.None);
        var two = flights.RunAsync("cluster", read.ReadAsync, CancellationToken.None);
        read.Fail(new HttpRequestException("reset"));
        Assert.Equal("reset", (await Assert.ThrowsAsync<HttpRequestException>(() => one)).Message);
        await Assert.ThrowsAsync<HttpRequestException>(() => two);

        var later = flights.RunAsync("cluster", read.ReadAsync, CancellationToken.None);
        read.Finish("fine");
        Assert.Equal("fine", await later);
        Assert.Equal(2, read.Calls);
    }

    [Fact]
    public async Task One_caller_giving_up_does_not_cancel_the_read_for_the_others()
    {
        var flights = new SingleFlight<string, string>();
        var read = new GatedRead();
        using var impatient = new CancellationTokenSource();
        var leaving = flights.RunAsync("cluster", read.ReadAsync, impatient.Token);
        var staying = flights.RunAsync("cluster", read.ReadAsync, CancellationToken.None);
        impatient.Cancel();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => leaving);
        Assert.False(read.Tokens[0].IsCancellationRequested);
        read.Finish("v1");
        Assert.Equal("v1", await staying);
        Assert.Equal(1, read.Calls);
    }

    [Fact]
    public async Task When_every_caller_gives_up_the_read_is_cancelled_and_the_next_caller_starts_afresh()
    {
        var flights = new SingleFlight<string, string>();
        var read = new GatedRead();
        using var first = new CancellationTokenSource();
        var only = flights.RunAsync("cluster", read.ReadAsync, first.Token);
        first.Cancel();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => only);
        Assert.True(read.Tokens[0].IsCancellationRequested);

        var next = flights.RunAsync("cluster", read.ReadAsync, CancellationToken.None);
        read.Finish("v2");
        Assert.Equal("v2", await next);
        Assert.Equal(2, read.Calls);
    }

    [Fact]
    public async Task Switched_off_every_caller_reads_for_itself()
    {
        var flights = new SingleFlight<string, string>(enabled: false);
        var read = new GatedRead();
        var one = flights.RunAsync("cluster", read.ReadAsync, CancellationToken.None);
        var two = flights.RunAsync("cluster", read.ReadAsync, CancellationToken.None);
        Assert.Equal(2, read.Calls);
        read.Finish("v");
        Assert.Equal("v", await two);
        GC.KeepAlive(one);
    }

    [Theory]
    [InlineData(null, true)]
    [InlineData("on", true)]
    [InlineData("off", false)]
    [InlineData(" OFF ", false)]
    public void The_environment_switch_turns_it_off_only_when_asked(string? value, bool enabled) =>
        Assert.Equal(enabled, ReadCoalescing.Enabled(name => name == ReadCoalescing.EnvironmentVariable ? value : null));
}
