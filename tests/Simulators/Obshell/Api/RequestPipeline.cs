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
            catch (Exception e) when (e is not OperationCanceledException)
            {
                error = Errors.Unexpected($"Internal Server Error: {e.Message}"); // obshell's panic recovery answers 500
            }

            if (faults.TakeSlowness() is { } delay && !await HoldBackAsync(delay, context.RequestAborted).ConfigureAwait(false))
            {
                Record(agent, context.Request.Method, rawTarget, 0); // the client gave up; the work is done all the same
                return;
            }
        }

        DateTimeOffset now;
        lock (cluster.Gate)
        {
            now = cluster.Now;
        }

        if (error is not null)
        {
            await Envelope.WriteErrorAsync(context, error, agent.Since(ObshellVersions.StringErrCode), traceId, now, clock.Elapsed).ConfigureAwait(false);
        }
        else
        {
            await Envelope.WriteSuccessAsync(context, result!.Status, result.Data, traceId, now, clock.Elapsed).ConfigureAwait(false);
        }

        Record(agent, context.Request.Method, rawTarget, context.Response.StatusCode);
    }

    private async Task<bool> HoldBackAsync(TimeSpan delay, CancellationToken clientGone)
    {
        try
        {
            await Task.Delay(delay, cluster.Options.Time, clientGone).ConfigureAwait(false);
            return true;
        }
        catch (OperationCanceledException) when (clientGone.IsCancellationRequested)
        {
            return false;
        }
    }

    private ApiResult Dispatch(SimulatedAgent agent, HttpRequest request, string rawTarget, string rawBody)
    {
        var path = request.Path.Value ?? "/";
        var match = router.Match(request.Method, path) is { } found && (found.Route.Since is not { } since || agent.Since(since))
            ? found
            : throw Errors.NotFound(path);
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
