using ClusterScale.Provider.Deadlines;
using ClusterScale.Provider.Outcomes;
using ClusterScale.Provider.Protocol;
using Polly;
using Polly.Retry;

namespace ClusterScale.Provider.Http;

/// <summary>How often and how long to retry a request that failed transiently.</summary>
/// <param name="MaxRetryAfter">A server's Retry-After is honoured up to this; a larger one (or a hostile one) is cut.</param>
public sealed record RetryPolicy(int MaxAttempts, TimeSpan BaseDelay, TimeSpan MaxDelay, TimeSpan MaxRetryAfter)
{
    public static readonly RetryPolicy Default = new(MaxAttempts: 5, BaseDelay: TimeSpan.FromMilliseconds(200), MaxDelay: TimeSpan.FromSeconds(5),
        MaxRetryAfter: TimeSpan.FromSeconds(60));

    /// <summary>
    /// Reads are retried whenever the answer proves nothing (<see cref="SendOutcome.NotSent"/> or
    /// <see cref="SendOutcome.Ambiguous"/>). A request that changes something (POST, PUT, PATCH, DELETE) is resent
    /// only when <see cref="OutcomeClassifier"/> says it surely was not acted on; after an ambiguous answer the
    /// resource re-reads the remote instead, so a node is never added twice by a retry.
    /// </summary>
    public static bool ShouldRetry(HttpMethod method, SendOutcome outcome) =>
        outcome == SendOutcome.NotSent || IsRead(method) && outcome == SendOutcome.Ambiguous;

    public static bool IsRead(HttpMethod method) => method == HttpMethod.Get || method == HttpMethod.Head;

    /// <summary>Exponential backoff from <see cref="BaseDelay"/> with jitter (between half and all of the step),
    /// capped at <see cref="MaxDelay"/>; a longer Retry-After wins, up to <see cref="MaxRetryAfter"/>.</summary>
    public TimeSpan Delay(int retry, TimeSpan? retryAfter, double jitter)
    {
        var step = Math.Min(MaxDelay.TotalMilliseconds, BaseDelay.TotalMilliseconds * Math.Pow(2, retry));
        var backoff = TimeSpan.FromMilliseconds(step / 2 + jitter * step / 2);
        var after = retryAfter is { } a ? (a < MaxRetryAfter ? a : MaxRetryAfter) : TimeSpan.Zero;
        return after > backoff ? after : backoff;
    }
}

/// <summary>
/// Retries transient failures through a Polly retry pipeline, sitting below the auth handlers so every attempt is
/// signed afresh (timestamps, nonces). Sleeps are bounded by the operation's <see cref="OperationDeadline"/>: a retry
/// whose delay would outlast it is not made, and the last answer is returned as it is. Each retry is written to the
/// debug log with its reason.
/// </summary>
public sealed class TransientRetryHandler : DelegatingHandler
{
    private static readonly ResiliencePropertyKey<HttpRequestMessage> RequestKey = new("clusterscale.request");
    private static readonly ResiliencePropertyKey<TimeSpan> PlannedDelayKey = new("clusterscale.delay");

    private readonly ResiliencePipeline<HttpResponseMessage> _pipeline;
    private readonly TimeProvider _time;

    public TransientRetryHandler(RetryPolicy policy, TimeProvider time, DebugLog? log = null)
    {
        _time = time;
        var debug = log ?? DebugLog.Off;
        _pipeline = new ResiliencePipelineBuilder<HttpResponseMessage> { TimeProvider = time }
            .AddRetry(new RetryStrategyOptions<HttpResponseMessage>
            {
                MaxRetryAttempts = Math.Max(1, policy.MaxAttempts - 1),
                MaxDelay = policy.MaxDelay > policy.MaxRetryAfter ? policy.MaxDelay : policy.MaxRetryAfter,
                ShouldHandle = args =>
                {
                    var request = args.Context.Properties.GetValue(RequestKey, null!);
                    if (policy.MaxAttempts <= 1 || !RetryPolicy.ShouldRetry(request.Method, Classify(args.Outcome))) return ValueTask.FromResult(false);
                    var delay = policy.Delay(args.AttemptNumber, RetryAfter(args.Outcome.Result), Random.Shared.NextDouble());
                    if (OperationDeadline.Current is { } deadline && delay >= deadline.Remaining) return ValueTask.FromResult(false);
                    args.Context.Properties.Set(PlannedDelayKey, delay);
                    return ValueTask.FromResult(true);
                },
                DelayGenerator = args => ValueTask.FromResult<TimeSpan?>(args.Context.Properties.GetValue(PlannedDelayKey, TimeSpan.Zero)),
                OnRetry = args =>
                {
                    var request = args.Context.Properties.GetValue(RequestKey, null!);
                    debug.Write($"retrying {request.Method} {request.RequestUri?.AbsolutePath} in {args.RetryDelay.TotalMilliseconds:0} ms " +
                        $"(attempt {args.AttemptNumber + 2}): {Reason(args.Outcome)}");
                    return ValueTask.CompletedTask;
                },
            })
            .Build();
    }

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var context = ResilienceContextPool.Shared.Get(cancellationToken);
        context.Properties.Set(RequestKey, request);
        try
        {
            var outcome = await _pipeline.ExecuteOutcomeAsync(async (ctx, handler) =>
            {
                try
                {
                    return Outcome.FromResult(await handler.SendInnerAsync(request, ctx.CancellationToken));
                }
                catch (Exception e) when (e is HttpRequestException or IOException || e is OperationCanceledException && !ctx.CancellationToken.IsCancellationRequested)
                {
                    return Outcome.FromException<HttpResponseMessage>(e);
                }
            }, context, this);
            outcome.ThrowIfException();
            return outcome.Result!;
        }
        finally
        {
            ResilienceContextPool.Shared.Return(context);
        }
    }

    private Task<HttpResponseMessage> SendInnerAsync(HttpRequestMessage request, CancellationToken cancellation) => base.SendAsync(request, cancellation);

    private static SendOutcome Classify(Outcome<HttpResponseMessage> outcome) =>
        outcome.Exception is { } error ? OutcomeClassifier.OfTransport(error) : OutcomeClassifier.OfStatus(outcome.Result!.StatusCode);

    private TimeSpan? RetryAfter(HttpResponseMessage? response) => response?.Headers.RetryAfter switch
    {
        { Delta: { } delta } => delta,
        { Date: { } date } => date - _time.GetUtcNow(),
        _ => null,
    };

    private static string Reason(Outcome<HttpResponseMessage> outcome) =>
        outcome.Exception is { } error ? $"{error.GetType().Name}: {error.Message}" : $"HTTP {(int)outcome.Result!.StatusCode} {outcome.Result.ReasonPhrase}";
}
