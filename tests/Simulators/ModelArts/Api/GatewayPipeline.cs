using System.Text.RegularExpressions;
using ClusterScale.Simulators.ModelArts.Auth;
using ClusterScale.Simulators.ModelArts.Faults;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace ClusterScale.Simulators.ModelArts.Api;

/// <summary>
/// What API Gateway does around every ModelArts call, in order: a request id on every response, the AK/SK
/// signature, injected faults (after authentication: the throttle is per user), the project check, then the
/// route; errors become the `{error_code, error_msg}` body (API Gateway's own add `request_id`), and every answer
/// is journaled. The simulator's admin routes (<see cref="AdminRoutes"/>) skip all but the error body.
/// </summary>
internal sealed partial class GatewayPipeline(
    ModelArtsSimulatorOptions options, SignatureAuthentication authentication, ModelArtsFaults faults, RequestJournal journal)
{
    public async Task InvokeAsync(HttpContext context, RequestDelegate next)
    {
        var requestId = Guid.NewGuid().ToString("N");
        context.Response.Headers["X-Request-Id"] = requestId;
        // The answer's Date is the cloud's clock (RFC 9110 section 6.6.1: the origin server's), which a client
        // may use to judge `create_at` against its send window; ClockOffset skews it.
        context.Response.Headers.Date = options.CloudNow().ToString("r", System.Globalization.CultureInfo.InvariantCulture);
        var admin = AdminRoutes.Owns(context.Request.Path);
        string? errorCode = null;
        try
        {
            if (!admin)
            {
                await authentication.VerifyAsync(context);
                await ApplyFaultAsync(context);
                CheckProject(context);
            }
            await next(context);
        }
        catch (ApiErrorException error)
        {
            errorCode = error.Code;
            await WriteErrorAsync(context, error, requestId);
        }
        catch (Exception) when (!context.Response.HasStarted)
        {
            // A simulator bug must still look like a server error to the client, never like success.
            var error = ApiErrorException.Internal(500, "Internal error");
            errorCode = error.Code;
            await WriteErrorAsync(context, error, requestId);
        }
        finally
        {
            var target = context.Features.Get<IHttpRequestFeature>()?.RawTarget ?? context.Request.Path.ToString();
            if (!admin)
                journal.Record(new RecordedRequest(context.Request.Method, target, RequestJournal.AnsweredStatus(context), errorCode));
        }
    }

    private static Task WriteErrorAsync(HttpContext context, ApiErrorException error, string requestId)
    {
        if (error.RetryAfter is { } wait)
            context.Response.Headers.RetryAfter = ((long)wait.TotalSeconds).ToString(System.Globalization.CultureInfo.InvariantCulture);
        return Json.WriteAsync(context, error.Status, new ErrorBody(error.Code, error.Message, error.FromGateway ? requestId : null));
    }

    private async Task ApplyFaultAsync(HttpContext context)
    {
        if (HttpMethods.IsPost(context.Request.Method) && faults.TakePostThrottle() is { } throttle)
            throw ApiErrorException.Throttled(throttle.Limit, "1 minute", throttle.RetryAfter);
        var fault = faults.TakeRequestFault();
        if (fault.Delay > TimeSpan.Zero)
            await Task.Delay(fault.Delay, options.Time); // not cancelled by the client: a late answer, not a lost one
        switch (fault.Kind)
        {
            case RequestFaultKind.Throttle:
                throw ApiErrorException.Throttled();
            case RequestFaultKind.Fail:
                throw ApiErrorException.Internal(fault.Status, "Internal error (injected fault)");
        }
    }

    /// <summary>
    /// UNCONFIRMED how the live gateway answers a foreign project: the simulator refuses a path project that is not
    /// its own, or that differs from a sent X-Project-Id, with 403 ModelArts.6407 (no permission).
    /// </summary>
    private void CheckProject(HttpContext context)
    {
        var segments = context.Request.Path.Value?.Split('/', StringSplitOptions.RemoveEmptyEntries) ?? [];
        if (segments.Length < 2 || segments[0] != "v1")
            return; // not a project-scoped route: the router answers APIGW.0101
        var project = segments[1];
        if (!ProjectIdPattern().IsMatch(project))
            throw ApiErrorException.Parameter("Invalid project_id: 1-64 letters, digits and hyphens");
        var headerProject = context.Request.Headers["X-Project-Id"].ToString();
        if (headerProject.Length > 0 && headerProject != project)
            throw ApiErrorException.Forbidden($"X-Project-Id {headerProject} does not match project {project} in the path");
        if (project != options.ProjectId)
            throw ApiErrorException.Forbidden($"No permission on project {project}");
    }

    [GeneratedRegex("^[A-Za-z0-9-]{1,64}$")]
    private static partial Regex ProjectIdPattern();
}
