using System.Text.RegularExpressions;
using ClusterScale.Simulators.ModelArts.Auth;
using ClusterScale.Simulators.ModelArts.Faults;
using ClusterScale.Simulators.ModelArts.Supernodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace ClusterScale.Simulators.ModelArts.Api;

/// <summary>The ModelArts routes under `/v1/{project_id}/dev-servers` (spec section 1). The project was checked
/// by the gateway pipeline already.</summary>
internal static partial class SupernodeRoutes
{
    private const string Prefix = "/v1/{project_id}/dev-servers";

    public static void Map(IEndpointRouteBuilder routes, SupernodeStore store, ScaleResponder responder)
    {
        routes.MapGet(Prefix + "/hyperinstance", context => Json.WriteAsync(context, 200, ListQuery.Parse(context.Request.Query).Page(store.List())));
        // UNCONFIRMED: the simulator has one user per tenant, so "own" and "whole tenant" list the same supernodes.
        routes.MapGet(Prefix + "/hyperinstance/all", context => Json.WriteAsync(context, 200, ListQuery.Parse(context.Request.Query).Page(store.List())));
        routes.MapGet(Prefix + "/hyperinstance/{id}", context => Json.WriteAsync(context, 200, store.Show(Id(context, "id"))));
        routes.MapGet(Prefix + "/hyperinstance/{id}/scale-evaluations", context => Json.WriteAsync(context, 200, store.Evaluate(Id(context, "id"))));
        routes.MapPost(Prefix + "/hyperinstance/{id}/live-scale-up", context => responder.RespondAsync(context, ScaleRoutes.LiveScaleUp, async () =>
        {
            var id = Id(context, "id");
            var order = ScaleRequestParser.ParseScaleUp(await RequestBody.ReadAsync(context));
            return store.ScaleUp(id, order, SignatureAuthentication.SignedBy(context));
        }));
        routes.MapPost(Prefix + "/hyperinstance/{id}/live-scale-down", context => responder.RespondAsync(context, ScaleRoutes.LiveScaleDown, async () =>
        {
            var id = Id(context, "id");
            var order = ScaleRequestParser.ParseScaleDown(await RequestBody.ReadAsync(context));
            return store.ScaleDown(id, order, SignatureAuthentication.SignedBy(context));
        }));
        routes.MapGet(Prefix + "/{server_id}", context => Json.WriteAsync(context, 200, store.ShowServer(Id(context, "server_id"))));
        routes.MapFallback(_ => throw ApiErrorException.NoSuchApi());
    }

    /// <summary>UNCONFIRMED: a malformed id is answered as a parameter error (ModelArts.0104), not as not-found.</summary>
    private static string Id(HttpContext context, string name)
    {
        var id = context.Request.RouteValues[name] as string ?? "";
        return UuidPattern().IsMatch(id) ? id : throw ApiErrorException.Parameter($"Invalid {name} {id}: must be a UUID");
    }

    [GeneratedRegex("^[0-9a-f]{8}-[0-9a-f]{4}-[1-5][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$")]
    private static partial Regex UuidPattern();
}
