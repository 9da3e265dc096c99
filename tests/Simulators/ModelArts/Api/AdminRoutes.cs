using ClusterScale.Simulators.ModelArts.Faults;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace ClusterScale.Simulators.ModelArts.Api;

/// <summary>
/// The simulator's own control routes under `/__sim`, a path the real API never serves: unsigned, not journaled and
/// not subject to faults, so a test driving a separate simulator process can arm faults and read counters.
/// </summary>
internal static class AdminRoutes
{
    public const string Prefix = "/__sim";

    public static bool Owns(PathString path) => path.StartsWithSegments(Prefix, StringComparison.Ordinal);

    public static void Map(IEndpointRouteBuilder routes, ModelArtsFaults faults)
    {
        routes.MapGet(Prefix + "/faults", context => Counters(context, faults));
        routes.MapPost(Prefix + "/faults/act-then-fail", context => Admin(context, async body =>
        {
            faults.ActThenFail(
                FaultNames.ParseRoutes(body.RequiredString("route")),
                FaultNames.ParseAnswer(body.RequiredString("answer")),
                body.RequiredInt("requests"));
            await Counters(context, faults);
        }));
        routes.MapPost(Prefix + "/faults/clear", context => Admin(context, async _ =>
        {
            faults.Clear();
            await Counters(context, faults);
        }));
    }

    private static Task Counters(HttpContext context, ModelArtsFaults faults) =>
        Json.WriteAsync(context, 200, new { ActThenFailAnswers = faults.ActThenFailAnswers });

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
