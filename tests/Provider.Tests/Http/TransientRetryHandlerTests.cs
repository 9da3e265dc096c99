using System.Net;
using System.Net.Sockets;
using ClusterScale.Provider.Deadlines;
using ClusterScale.Provider.Http;
using ClusterScale.Provider.Protocol;
using Microsoft.Extensions.Time.Testing;

namespace ClusterScale.Provider.Tests.Http;

public sealed class TransientRetryHandlerTests
{
    private static readonly RetryPolicy Policy = new(MaxAttempts: 4, BaseDelay: TimeSpan.FromMilliseconds(100), MaxDelay: TimeSpan.FromSeconds(1), MaxRetryAfter: TimeSpan.FromSeconds(5));
    private readonly FakeTimeProvider _time = new();

    [Fact]
    public async Task A_read_is_retried_through_server_errors_and_resets()
    {
        var (status, attempts) = await Send(HttpMethod.Get, Fail(HttpStatusCode.InternalServerError), Reset(), Ok());
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(3, attempts);
    }

    [Fact]
    public async Task A_change_is_not_resent_after_a_server_error_because_it_may_have_happened()
    {
        var (status, attempts) = await Send(HttpMethod.Post, Fail(HttpStatusCode.InternalServerError), Ok());
        Assert.Equal(HttpStatusCode.InternalServerError, status);
        Assert.Equal(1, attempts);
    }

    [Fact]
    public async Task A_change_is_not_resent_after_a_reset_because_it_may_have_happened()
    {
        await Assert.ThrowsAsync<HttpRequestException>(() => Send(HttpMethod.Post, Reset(), Ok()));
    }

    [Theory]
    [InlineData(HttpStatusCode.TooManyRequests)]
    [InlineData(HttpStatusCode.ServiceUnavailable)]
    public async Task A_change_is_resent_when_the_server_refused_it(HttpStatusCode refusal)
    {
        var (status, attempts) = await Send(HttpMethod.Post, Fail(refusal), Ok());
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(2, attempts);
    }

    [Fact]
    public async Task A_change_is_resent_when_the_connection_was_refused()
    {
        var (status, attempts) = await Send(HttpMethod.Post, Refused(), Ok());
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(2, attempts);
    }

    [Fact]
    public async Task Gives_up_after_the_maximum_attempts_with_the_last_answer()
    {
        var (status, attempts) = await Send(HttpMethod.Get, Enumerable.Repeat(Fail(HttpStatusCode.BadGateway), 10).ToArray());
        Assert.Equal(HttpStatusCode.BadGateway, status);
        Assert.Equal(Policy.MaxAttempts, attempts);
    }

    [Fact]
    public async Task Honours_retry_after_when_it_asks_for_longer_than_the_backoff()
    {
        var throttled = () => new HttpResponseMessage(HttpStatusCode.TooManyRequests) { Headers = { RetryAfter = new(TimeSpan.FromSeconds(3)) } };
        var inner = new ScriptedHandler([throttled, Ok()]);
        using var client = new HttpClient(new TransientRetryHandler(Policy, _time) { InnerHandler = inner });
        var send = client.GetAsync("http://127.0.0.1:9/x");
        _time.Advance(TimeSpan.FromSeconds(2.9));
        await Task.Yield();
        Assert.Equal(1, inner.Attempts);
        _time.Advance(TimeSpan.FromSeconds(0.2));
        Assert.Equal(HttpStatusCode.OK, (await send).StatusCode);
        Assert.Equal(2, inner.Attempts);
    }

    [Fact]
    public async Task A_retry_after_longer_than_the_cap_is_cut_to_the_cap()
    {
        var throttled = () => new HttpResponseMessage(HttpStatusCode.TooManyRequests) { Headers = { RetryAfter = new(TimeSpan.FromHours(2)) } };
        var inner = new ScriptedHandler([throttled, Ok()]);
        using var client = new HttpClient(new TransientRetryHandler(Policy, _time) { InnerHandler = inner });
        var send = client.GetAsync("http://127.0.0.1:9/x");
        _time.Advance(Policy.MaxRetryAfter - TimeSpan.FromMilliseconds(10));
        await Task.Yield();
        Assert.Equal(1, inner.Attempts);
        _time.Advance(TimeSpan.FromMilliseconds(20));
        Assert.Equal(HttpStatusCode.OK, (await send).StatusCode);
    }

    [Fact]
    public async Task No_retry_is_made_whose_sleep_would_outlast_the_operation_deadline()
    {
        using var deadline = OperationDeadline.Start(_time, TimeSpan.FromSeconds(2), TimeSpan.FromHours(1), CancellationToken.None);
        var throttled = () => new HttpResponseMessage(HttpStatusCode.TooManyRequests) { Headers = { RetryAfter = new(TimeSpan.FromSeconds(3)) } };
        var (status, attempts) = await Send(HttpMethod.Post, throttled, Ok());
        Assert.Equal(HttpStatusCode.TooManyRequests, status);
        Assert.Equal(1, attempts);
        Assert.Equal(TimeSpan.Zero, deadline.Elapsed);
    }

    [Fact]
    public async Task Each_retry_is_logged_at_debug_with_its_reason()
    {
        var log = new StringWriter();
        var inner = new ScriptedHandler([Fail(HttpStatusCode.ServiceUnavailable), Ok()]);
        using var client = new HttpClient(new TransientRetryHandler(Policy, _time, new DebugLog(log)) { InnerHandler = inner });
        var send = client.PostAsync("http://127.0.0.1:9/api/v1/ob/scale_out", new StringContent("{}"));
        for (var i = 0; i < 100 && !send.IsCompleted; i++)
        {
            _time.Advance(TimeSpan.FromMilliseconds(50));
            await Task.Delay(1);
        }
        Assert.Equal(HttpStatusCode.OK, (await send).StatusCode);
        Assert.Contains("retrying POST /api/v1/ob/scale_out", log.ToString());
        Assert.Contains("HTTP 503", log.ToString());
    }

    private async Task<(HttpStatusCode Status, int Attempts)> Send(HttpMethod method, params Func<HttpResponseMessage>[] script)
    {
        var inner = new ScriptedHandler(script);
        using var client = new HttpClient(new TransientRetryHandler(Policy, _time) { InnerHandler = inner });
        var send = client.SendAsync(new HttpRequestMessage(method, "http://127.0.0.1:9/x") { Content = new StringContent("{}") });
        // Polly resumes after a delay on the thread pool: give each step a moment before moving fake time on.
        for (var i = 0; i < 1000 && !send.IsCompleted; i++)
        {
            _time.Advance(TimeSpan.FromMilliseconds(50));
            await Task.Delay(1);
        }
        using var response = await send;
        return (response.StatusCode, inner.Attempts);
    }

    private static Func<HttpResponseMessage> Ok() => () => new HttpResponseMessage(HttpStatusCode.OK);
    private static Func<HttpResponseMessage> Fail(HttpStatusCode status) => () => new HttpResponseMessage(status);
    private static Func<HttpResponseMessage> Reset() => () => throw new HttpRequestException("reset", new IOException("connection reset by peer"));
    private static Func<HttpResponseMessage> Refused() => () => throw new HttpRequestException("refused", new SocketException((int)SocketError.ConnectionRefused));

    private sealed class ScriptedHandler(IEnumerable<Func<HttpResponseMessage>> script) : HttpMessageHandler
    {
        private readonly Queue<Func<HttpResponseMessage>> _script = new(script);
        public int Attempts { get; private set; }

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Attempts++;
            return Task.FromResult(_script.Dequeue()());
        }
    }
}
