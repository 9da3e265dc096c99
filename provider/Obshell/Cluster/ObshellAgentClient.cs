using System.Net;
using ClusterScale.Provider.Http;
using ClusterScale.Provider.Obshell.Api;
using ClusterScale.Provider.Obshell.Auth;
using ClusterScale.Provider.Protocol;
using Refit;

namespace ClusterScale.Provider.Obshell.Cluster;

/// <summary>
/// The API of one configured endpoint: retry → hybrid-encryption auth → sockets. With <c>obshellUseTls</c> the agent's
/// certificate goes through normal .NET validation (trust store, host name): there is no option to skip it, a
/// self-signed agent certificate must be trusted on the machine running Pulumi.
/// </summary>
public sealed class ObshellAgentClient
{
    /// <summary>Per request; waits are made of many short requests, so a hung agent is noticed quickly.</summary>
    private static readonly TimeSpan RequestTimeout = TimeSpan.FromSeconds(60);

    private static readonly RefitSettings Settings = new(new NewtonsoftContentSerializer())
    {
        ExceptionFactory = ObshellErrors.FromResponseAsync,
        // Keep transport failures as they are (HttpRequestException, IOException, timeouts): the cluster client
        // decides from them whether to fail over or re-read, and they carry no request content.
        TransportExceptionFactory = (_, error, _) => error,
    };

    private AgentAddress? _identity;

    public ObshellAgentClient(string endpoint, ObshellSettings settings, TimeProvider time, RetryPolicy retryPolicy, DebugLog debug)
    {
        Endpoint = endpoint;
        var network = new SocketsHttpHandler { AllowAutoRedirect = false, AutomaticDecompression = DecompressionMethods.All };
        var auth = new ObshellAuthHandler(new ObshellCredentials(settings.RootPassword, settings.AgentPassword), time) { InnerHandler = network };
        var retry = new TransientRetryHandler(retryPolicy, time, debug) { InnerHandler = auth };
        var http = new HttpClient(retry) { BaseAddress = new Uri($"{(settings.UseTls ? "https" : "http")}://{endpoint}"), Timeout = RequestTimeout };
        Api = RestService.For<IObshellApi>(http, Settings);
    }

    /// <summary>The configured listener address (host:port).</summary>
    public string Endpoint { get; }

    public IObshellApi Api { get; }

    /// <summary>The agent's own ip:port (how the cluster names it), from <c>/api/v1/info</c>; cached, it never changes.</summary>
    public async Task<AgentAddress> IdentityAsync(CancellationToken cancellation)
    {
        if (_identity is not null) return _identity;
        var info = (await Api.GetInfoAsync(cancellation)).Data
            ?? throw new HttpRequestException($"obshell {Endpoint} returned no /api/v1/info data");
        return _identity = info.Address;
    }

    /// <summary>The agent's clock now: the timestamp every envelope carries (spec §2), read from <c>/api/v1/info</c>
    /// (no auth, every version).</summary>
    public async Task<DateTimeOffset> ClockAsync(CancellationToken cancellation) =>
        (await Api.GetInfoAsync(cancellation)).Timestamp
        ?? throw new HttpRequestException($"obshell {Endpoint} answered without its clock (no envelope timestamp)");

    public override string ToString() => Endpoint;
}
