using ClusterScale.Simulators.ModelArts.Auth;
using ClusterScale.Simulators.ModelArts.Faults;
using ClusterScale.Simulators.ModelArts.Supernodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace ClusterScale.Simulators.ModelArts.Api;

/// <summary>
/// The simulator's own control routes under `/__sim`, a path the real API never serves: unsigned, not journaled and
/// not subject to faults, so a test driving a separate simulator process can set up scenarios, arm faults and read
/// counters. Each does what the same-named C# method on <see cref="ModelArtsSimulator"/> or its Faults does.
/// </summary>
internal static class AdminRoutes
{
    public const string Prefix = "/__sim";

    public static bool Owns(PathString path) => path.StartsWithSegments(Prefix, StringComparison.Ordinal);

    public static void Map(IEndpointRouteBuilder routes, ModelArtsFaults faults, SupernodeStore store, Credentials credentials)
    {
        routes.MapPost(Prefix + "/credentials", context => Admin(context, body =>
        {
            credentials.Add(body.RequiredString("ak"), body.RequiredString("sk"));
            return Json.WriteAsync(context, 200, new { Ak = body.RequiredString("ak") });
        }));
        routes.MapGet(Prefix + "/faults", context => Counters(context, faults));
        routes.MapPost(Prefix + "/faults/act-then-fail", context => Admin(context, body =>
        {
            faults.ActThenFail(
                FaultNames.ParseRoutes(body.RequiredString("route")),
                FaultNames.ParseAnswer(body.RequiredString("answer")),
                body.RequiredInt("requests"));
            return Counters(context, faults);
        }));
        routes.MapPost(Prefix + "/faults/post-limit", context => Admin(context, body =>
        {
            var retryAfter = body.OptionalInt("retry_after_seconds") is { } seconds ? TimeSpan.FromSeconds(seconds) : (TimeSpan?)null;
            faults.LimitPostsPerMinute(body.RequiredInt("per_minute"), retryAfter);
            return Counters(context, faults);
        }));
        routes.MapPost(Prefix + "/faults/server-creation-failures", context => Admin(context, body =>
        {
            faults.FailNextServerCreations(body.RequiredInt("count"));
            return Counters(context, faults);
        }));
        routes.MapPost(Prefix + "/faults/clear", context => Admin(context, _ =>
        {
            faults.Clear();
            return Counters(context, faults);
        }));

        routes.MapPost(Prefix + "/supernodes", context => Admin(context, body =>
        {
            var setup = new SupernodeSetup(body.RequiredString("flavor"));
            setup = setup with
            {
                Name = body.OptionalString("name") ?? setup.Name,
                ChargingMode = body.OptionalString("charging_mode") ?? setup.ChargingMode,
                StoppedServers = body.OptionalInt("stopped_servers") ?? 0,
                Arrival = body.OptionalString("arrival") is { } arrival ? ArrivalNames.Parse(arrival) : null,
            };
            return Json.WriteAsync(context, 200, new { Id = store.Create(setup) });
        }));
        routes.MapPost(Prefix + "/supernodes/{id}/terminate", context => Admin(context, _ =>
        {
            store.Terminate(RouteValue(context, "id"));
            return Json.WriteAsync(context, 200, store.View(RouteValue(context, "id")));
        }));
        routes.MapPost(Prefix + "/supernodes/{id}/error", context => Admin(context, _ =>
        {
            store.PutInError(RouteValue(context, "id"));
            return Json.WriteAsync(context, 200, store.View(RouteValue(context, "id")));
        }));
        routes.MapPost(Prefix + "/supernodes/{id}/pay", context => Admin(context, _ =>
            Json.WriteAsync(context, 200, new { Paid = store.PayOrders(RouteValue(context, "id")) })));
        routes.MapPost(Prefix + "/supernodes/{id}/servers/{server_id}/status", context => Admin(context, body =>
        {
            store.SetServerStatus(RouteValue(context, "id"), RouteValue(context, "server_id"), body.RequiredString("status"));
            return Json.WriteAsync(context, 200, store.View(RouteValue(context, "id")));
        }));
        routes.MapPost(Prefix + "/servers/{server_id}/status", context => Admin(context, body =>
        {
            store.SetServerStatus(RouteValue(context, "server_id"), body.RequiredString("status"));
            return Json.WriteAsync(context, 200, store.ShowServer(RouteValue(context, "server_id")));
        }));
        routes.MapPost(Prefix + "/supernodes/{id}/console/scale-up", context => Admin(context, body =>
            Json.WriteAsync(context, 200, store.ConsoleScaleUp(RouteValue(context, "id"), body.RequiredString("flavor")))));
        routes.MapPost(Prefix + "/supernodes/{id}/console/scale-down", context => Admin(context, body =>
            Json.WriteAsync(context, 200, store.ConsoleScaleDown(RouteValue(context, "id"),
                body.OptionalStringArray("server_ids") ?? throw body.Invalid("server_ids", "is required")))));
        routes.MapGet(Prefix + "/supernodes/{id}/ledger", context =>
            Json.WriteAsync(context, 200, store.Ledger(RouteValue(context, "id"))));
    }

    private static string RouteValue(HttpContext context, string name) => context.Request.RouteValues[name] as string ?? "";

    private static Task Counters(HttpContext context, ModelArtsFaults faults) =>
        Json.WriteAsync(context, 200, new { faults.ActThenFailAnswers, faults.PostsThrottled });

    /// <summary>Reads the JSON body (an empty one is `{}`); a bad value is a 400 naming it.</summary>
    private static async Task Admin(HttpContext context, Func<BodyFields, Task> handle)
    {
        var bytes = await RequestBody.ReadAsync(context);
        var body = BodyFields.Parse(bytes.Length == 0 ? "{}"u8.ToArray() : bytes);
        try
        {
            await handle(body);
        }
        catch (ArgumentException error)
        {
            throw ApiErrorException.Parameter(error.Message);
        }
    }
}
