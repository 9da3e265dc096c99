using System.Diagnostics;
using ClusterScale.Simulators.Obshell.Auth;
using ClusterScale.Simulators.Obshell.Cluster;
using ClusterScale.Simulators.Obshell.Faults;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

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
        var exchange = new Exchange(agent, context, Stopwatch.StartNew());
        if (faults.TakeConnectionReset())
        {
            Abort(exchange);
            return;
        }

        if (faults.TakeRequestFailure() is { } injected)
        {
            await AnswerAsync(exchange, new Outcome(null, new ApiException(injected, "Common.Unexpected", $"injected failure (HTTP {injected})"))).ConfigureAwait(false);
            return;
        }

        var rawBody = await new StreamReader(context.Request.Body).ReadToEndAsync(context.RequestAborted).ConfigureAwait(false);
        var (outcome, mutates) = Process(exchange, rawBody);
        if (mutates is { } route && faults.TakeActThenFail(route) is { } afterActing)
        {
            await AnswerAfterActingAsync(exchange, afterActing).ConfigureAwait(false);
            return;
        }

        if (faults.TakeSlowness() is { } delay && !await HoldBackAsync(delay, context.RequestAborted).ConfigureAwait(false))
        {
            Record(exchange, 0); // the client gave up; the work is done all the same
            return;
        }

        await AnswerAsync(exchange, outcome).ConfigureAwait(false);
    }

    private (Outcome Outcome, MutatingRoute? Mutates) Process(Exchange exchange, string rawBody)
    {
        var request = exchange.Context.Request;
        var path = request.Path.Value ?? "/";
        var match = router.Match(request.Method, path);
        if (match is { Route.Since: { } since } && !exchange.Agent.Since(since))
        {
            match = null; // the agent's version does not have the route yet
        }

        Credentials credentials;
        try
        {
            // obshell's middlewares decrypt the header and the body on every route, even one that does not exist.
            credentials = HybridAuthenticator.Open(request, rawBody, exchange.Agent);
        }
        catch (ApiException e)
        {
            return (new Outcome(null, e) { BeforeJsonContentType = true }, match?.Route.Mutates);
        }

        try
        {
            if (match is not { } matched)
            {
                throw Errors.NotFound();
            }

            lock (cluster.Gate)
            {
                if (matched.Route.RequiresAuth)
                {
                    HybridAuthenticator.Verify(credentials, exchange.RawTarget, exchange.Agent, cluster);
                }

                var handled = matched.Route.Handler(new ApiRequest(exchange.Agent, matched.Values, request.Query, PaddedBody(credentials.Body)));
                return (new Outcome(handled, null), matched.Route.Mutates);
            }
        }
        catch (ApiException e)
        {
            return (new Outcome(null, e), match?.Route.Mutates);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // obshell's panic recovery answers 500
            return (new Outcome(null, Errors.Unexpected("Internal Server Error")), match?.Route.Mutates);
        }
    }

    /// <summary>
    /// obshell's PaddingBody middleware replaces an empty request body with "{}" before any handler binds it
    /// (obshell@61ee147 ob/agent/api/common/middleware.go:299-309), so a body-less POST fails on the
    /// required fields, not with "EOF".
    /// </summary>
    private static string PaddedBody(string body) => body.Length == 0 ? "{}" : body;

    // The request was processed; the client learns nothing reliable about it.
    private async Task AnswerAfterActingAsync(Exchange exchange, AfterActing afterActing)
    {
        switch (afterActing)
        {
            case AfterActing.InternalError:
                await AnswerAsync(exchange, new Outcome(null, Errors.Unexpected("Internal Server Error"))).ConfigureAwait(false);
                break;
            case AfterActing.GatewayTimeout:
                Record(exchange, StatusCodes.Status504GatewayTimeout);
                await GatewayPage.WriteTimeoutAsync(exchange.Context.Response).ConfigureAwait(false);
                break;
            case AfterActing.ResetConnection:
                Abort(exchange);
                break;
            case AfterActing.Stall:
                await StallAsync(exchange.Context).ConfigureAwait(false);
                Record(exchange, 0);
                break;
        }
    }

    // Until the client gives up or the listener stops: never an answer.
    private static async Task StallAsync(HttpContext context)
    {
        var stopping = context.RequestServices.GetRequiredService<IHostApplicationLifetime>().ApplicationStopping;
        using var either = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, stopping);
        try
        {
            await Task.Delay(Timeout.Infinite, either.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // the wait is the whole point
        }

        context.Abort();
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

    private void Abort(Exchange exchange)
    {
        Record(exchange, 0);
        exchange.Context.Abort();
    }

    private async Task AnswerAsync(Exchange exchange, Outcome outcome)
    {
        DateTimeOffset now;
        lock (cluster.Gate)
        {
            now = cluster.Now;
        }

        // Recorded before the answer leaves, so a client that has its response finds its request in the log.
        Record(exchange, outcome.Status);
        var context = exchange.Context;
        var took = exchange.Clock.Elapsed;
        if (outcome.Error is { } error)
        {
            var contentType = outcome.BeforeJsonContentType ? Envelope.GinJsonContentType : Envelope.ObshellContentType;
            await Envelope.WriteErrorAsync(context, error, exchange.Agent.Since(ObshellVersions.StringErrCode), exchange.TraceId, now, took, contentType).ConfigureAwait(false);
        }
        else
        {
            await Envelope.WriteSuccessAsync(context, outcome.Result!.Status, outcome.Result.Data, exchange.TraceId, now, took).ConfigureAwait(false);
        }
    }

    private void Record(Exchange exchange, int status)
    {
        lock (requests)
        {
            requests.Add(new RecordedRequest(exchange.Agent.Name, exchange.Context.Request.Method, exchange.RawTarget, status));
        }
    }

    /// <summary>One request in flight: who received it, its raw target (with the query, as signed) and trace id.</summary>
    private sealed class Exchange(SimulatedAgent agent, HttpContext context, Stopwatch clock)
    {
        public SimulatedAgent Agent { get; } = agent;

        public HttpContext Context { get; } = context;

        public Stopwatch Clock { get; } = clock;

        public string RawTarget { get; } = context.Features.Get<IHttpRequestFeature>()?.RawTarget ?? context.Request.Path + context.Request.QueryString;

        public string TraceId { get; } = Envelope.TraceIdOf(context.Request);
    }

    /// <summary>A handler's result or the error it raised.</summary>
    private sealed record Outcome(ApiResult? Result, ApiException? Error)
    {
        /// <summary>
        /// The header or body decryption refused the request (or panicked): obshell's SetContentType middleware
        /// runs after those (obshell@61ee147 ob/agent/api/agent_route.go:44-61), so gin's own content type shows.
        /// </summary>
        public bool BeforeJsonContentType { get; init; }

        public int Status => Error?.Status ?? Result!.Status;
    }
}
