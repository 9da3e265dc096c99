using System.Diagnostics;
using ClusterScale.Simulators.Obshell.Auth;
using ClusterScale.Simulators.Obshell.Cluster;
using ClusterScale.Simulators.Obshell.Faults;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace ClusterScale.Simulators.Obshell.Api;

/// <summary>
/// What every request goes through on every agent: injected faults, routing, hybrid-encryption auth, the
/// handler (under the cluster gate), the envelope, and the request log.
/// </summary>
internal sealed class RequestPipeline(ClusterState cluster, Router router, ObshellFaults faults)
{
    private readonly List<RecordedRequest> requests = [];

    public IReadOnlyList<RecordedRequest> Requests
    {
        get
        {
            lock (requests)
            {
                return [.. requests];
            }
        }
    }

    public async Task HandleAsync(SimulatedAgent agent, HttpContext context)
    {
        var clock = Stopwatch.StartNew();
        var rawTarget = context.Features.Get<IHttpRequestFeature>()?.RawTarget ?? context.Request.Path + context.Request.QueryString;
        var traceId = Envelope.TraceIdOf(context.Request);
        if (faults.TakeConnectionReset())
        {
            Record(agent, context.Request.Method, rawTarget, 0);
            context.Abort();
            return;
        }

        ApiException? error = faults.TakeRequestFailure() is { } injected
            ? new ApiException(injected, "Common.Unexpected", $"injected failure (HTTP {injected})")
            : null;
        ApiResult? result = null;
        if (error is null)
        {
            var rawBody = await new StreamReader(context.Request.Body).ReadToEndAsync(context.RequestAborted).ConfigureAwait(false);
            try
            {
                result = Dispatch(agent, context.Request, rawTarget, rawBody);
            }
            catch (ApiException e)
            {
                error = e;
            }

            if (faults.TakeSlowness() is { } delay)
            {
                await Task.Delay(delay, cluster.Options.Time, context.RequestAborted).ConfigureAwait(false);
            }
        }

        DateTimeOffset now;
        lock (cluster.Gate)
        {
            now = cluster.Now;
        }

        if (error is not null)
        {
            await Envelope.WriteErrorAsync(context, error, traceId, now, clock.Elapsed).ConfigureAwait(false);
        }
        else
        {
            await Envelope.WriteSuccessAsync(context, result!.Status, result.Data, traceId, now, clock.Elapsed).ConfigureAwait(false);
        }

        Record(agent, context.Request.Method, rawTarget, context.Response.StatusCode);
    }

    private ApiResult Dispatch(SimulatedAgent agent, HttpRequest request, string rawTarget, string rawBody)
    {
        var path = request.Path.Value ?? "/";
        var match = router.Match(request.Method, path) ?? throw Errors.NotFound(path);
        lock (cluster.Gate)
        {
            var body = match.Route.RequiresAuth ? HybridAuthenticator.Authenticate(request, rawTarget, rawBody, agent, cluster) : "";
            return match.Route.Handler(new ApiRequest(agent, match.Values, request.Query, body));
        }
    }

    private void Record(SimulatedAgent agent, string method, string target, int status)
    {
        lock (requests)
        {
            requests.Add(new RecordedRequest(agent.Name, method, target, status));
        }
    }
}
