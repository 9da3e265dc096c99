using ClusterScale.Provider.Http;
using ClusterScale.Provider.ModelArts.Auth;
using ClusterScale.Provider.ModelArts.Ownership;
using ClusterScale.Provider.Protocol;
using Refit;

namespace ClusterScale.Provider.ModelArts.Api;

/// <summary>
/// Builds the HTTP pipeline: retry (outermost, backoff with jitter on 429 and — for reads — 5xx) → AK/SK signing
/// (re-signed per attempt) → sockets. Errors become <see cref="ModelArtsApiException"/>.
/// </summary>
public static class ModelArtsClientFactory
{
    public static IModelArtsApi Create(ModelArtsSettings settings, TimeProvider time, RetryPolicy retry, HttpMessageHandler? transport = null, DebugLog? debug = null, CloudClock? clock = null)
    {
        var sockets = transport ?? new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5) };
        var signing = new SigningHandler(settings.Credentials, settings.ProjectId, time)
        {
            InnerHandler = clock is null ? sockets : new CloudClockHandler(clock) { InnerHandler = sockets },
        };
        var client = new HttpClient(new TransientRetryHandler(retry, time, debug) { InnerHandler = signing })
        {
            BaseAddress = new Uri(settings.Endpoint.ToString().TrimEnd('/') + $"/v1/{Uri.EscapeDataString(settings.ProjectId)}/dev-servers"),
            Timeout = TimeSpan.FromMinutes(2),
        };
        return RestService.For<IModelArtsApi>(client, new RefitSettings
        {
            ContentSerializer = new NewtonsoftContentSerializer(),
            ExceptionFactory = ModelArtsApiException.FromResponseAsync,
        });
    }
}
