using System.Net;
using ClusterScale.Provider.ModelArts.Api;
using ClusterScale.Provider.Protocol;

namespace ClusterScale.Provider.ModelArts;

/// <summary>Check's read-only look at <c>scale-evaluations</c>: a flavor the supernode cannot be scaled to fails
/// Check (naming <c>flavor</c>) before anything is planned.</summary>
internal static class FlavorCheck
{
    /// <param name="creating">Sold out matters only for a new scale-up; an update may be a scale-down to a flavor that
    /// is sold out now (the scale-up itself reports sold-out flavors).</param>
    public static async Task<IReadOnlyList<CheckFailure>> CheckAsync(IModelArtsApi api, SupernodeScaleArgs args, bool creating, CancellationToken cancellation)
    {
        ScaleEvaluations evaluations;
        try
        {
            evaluations = await api.ScaleEvaluationsAsync(args.SupernodeId, cancellation);
        }
        catch (ModelArtsApiException e) when (e.IsNotFound)
        {
            return [new CheckFailure(SupernodeScaleArgs.SupernodeIdKey, $"supernode {args.SupernodeId} does not exist")];
        }
        catch (ModelArtsApiException e) when (e.Status is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden)
        {
            return [new CheckFailure("", $"ModelArts refused the provider's credentials: {e.Message}")];
        }
        catch (Exception e) when (e is ModelArtsApiException || SupernodeScaler.IsTransient(e, cancellation))
        {
            // The check is advisory: an unavailable API must not block a preview; the scale-up reports real errors.
            return [];
        }
        var offered = evaluations.Evaluations ?? [];
        var match = offered.FirstOrDefault(e => e.Flavor == args.Flavor);
        if (match is null)
            return [new CheckFailure(SupernodeScaleArgs.FlavorKey, $"flavor {args.Flavor} is not offered for supernode {args.SupernodeId}; " +
                $"scale-evaluations lists: {string.Join(", ", offered.Select(e => e.Flavor))}")];
        if (match.IsSoldOut && creating)
            return [new CheckFailure(SupernodeScaleArgs.FlavorKey, $"flavor {args.Flavor} is sold out for supernode {args.SupernodeId}")];
        return [];
    }
}
