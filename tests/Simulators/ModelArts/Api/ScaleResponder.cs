using ClusterScale.Simulators.ModelArts.Faults;
using Microsoft.AspNetCore.Http;

namespace ClusterScale.Simulators.ModelArts.Api;

/// <summary>
/// Answers a mutating request: normally with the result, but when an act-then-fail is armed on the route the
/// request is handled in full first (applied, or refused by the backend) and the client then gets a 500, a 504, a
/// reset or nothing at all — the "maybe acted" answers a client must resolve by re-reading (issue 10 item 6).
/// </summary>
internal sealed class ScaleResponder(ModelArtsFaults faults, CancellationToken simulatorStopping)
{
    public async Task RespondAsync(HttpContext context, ScaleRoutes route, Func<Task<object>> handle)
    {
        if (faults.TakeActThenFail(route) is not { } answer)
        {
            await Json.WriteAsync(context, 200, await handle());
            return;
        }
        try
        {
            await handle();
        }
        catch (ApiErrorException)
        {
            // The backend refused it; the client does not learn that either.
        }
        switch (answer)
        {
            case AfterActing.InternalError500:
                throw ApiErrorException.Internal(500, "Internal error");
            case AfterActing.GatewayTimeout504:
                throw ApiErrorException.GatewayTimeout();
            case AfterActing.Stall:
                await StallAsync(context);
                break;
        }
        RequestJournal.MarkUnanswered(context);
        context.Abort();
    }

    /// <summary>Holds the answer back until the client gives up or the simulator stops, whichever is first.</summary>
    private async Task StallAsync(HttpContext context)
    {
        using var either = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, simulatorStopping);
        try
        {
            await Task.Delay(Timeout.Infinite, either.Token);
        }
        catch (OperationCanceledException)
        {
        }
    }
}
