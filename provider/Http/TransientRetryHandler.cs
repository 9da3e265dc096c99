using System.Net;
using System.Net.Sockets;

namespace ClusterScale.Provider.Http;

/// <summary>Which failures are worth sending the same request again.</summary>
public sealed record RetryPolicy(int MaxAttempts, TimeSpan BaseDelay, TimeSpan MaxDelay)
{
    public static readonly RetryPolicy Default = new(MaxAttempts: 5, BaseDelay: TimeSpan.FromMilliseconds(200), MaxDelay: TimeSpan.FromSeconds(5));

    /// <summary>
    /// Reads are retried on any transport failure, 429 and 5xx. A request that changes something (POST, PUT,
    /// DELETE) is retried only when the server certainly did not act on it: the connection was refused, or it
    /// answered 429/503. After a reset or another 5xx a change may have happened; the caller re-reads state instead
    /// (that is what makes scale-out and scale-up idempotent), so a node is never added twice by a retry.
    /// </summary>
    public bool ShouldRetry(HttpMethod method, HttpStatusCode? status, Exception? error)
    {
        var safe = method == HttpMethod.Get || method == HttpMethod.Head;
        if (error is not null)
            return safe || IsConnectionRefused(error);
        return status switch
        {
            HttpStatusCode.TooManyRequests or HttpStatusCode.ServiceUnavailable => true,
            >= HttpStatusCode.InternalServerError => safe,
            _ => false,
        };
    }

    private static bool IsConnectionRefused(Exception error) =>
        error is HttpRequestException { InnerException: SocketException { SocketErrorCode: SocketError.ConnectionRefused } };
}

/// <summary>Retries transient failures with exponential backoff and full jitter, honouring Retry-After. Sits below
/// the auth handlers so every attempt is signed afresh (timestamps, nonces).</summary>
public sealed class TransientRetryHandler(RetryPolicy policy, TimeProvider time) : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            HttpResponseMessage? response = null;
            Exception? error = null;
            try
            {
                response = await base.SendAsync(request, cancellationToken);
            }
            catch (HttpRequestException e) { error = e; }
            catch (IOException e) { error = e; }

            if (attempt >= policy.MaxAttempts || !policy.ShouldRetry(request.Method, response?.StatusCode, error))
                return response ?? throw error!;

            var delay = Backoff(attempt, response?.Headers.RetryAfter?.Delta);
            response?.Dispose();
            await Task.Delay(delay, time, cancellationToken);
        }
    }

    private TimeSpan Backoff(int attempt, TimeSpan? retryAfter)
    {
        var ceiling = Math.Min(policy.MaxDelay.TotalMilliseconds, policy.BaseDelay.TotalMilliseconds * Math.Pow(2, attempt - 1));
        var jittered = TimeSpan.FromMilliseconds(ceiling / 2 + Random.Shared.NextDouble() * ceiling / 2);
        return retryAfter is { } after && after > jittered ? after : jittered;
    }
}
