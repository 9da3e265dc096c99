using Newtonsoft.Json.Linq;
using Pulumirpc;

namespace ClusterScale.Provider.Protocol;

/// <summary>Renders a resource's <see cref="DiffResult"/> as the engine's DiffResponse.</summary>
public static class DiffResponses
{
    /// <param name="inputProperties">The resource schema's <c>inputProperties</c>. A changed input is an input diff;
    /// a change of an output-only property (drift of <c>dagState</c>, <c>addedServerIds</c>) is not: with
    /// inputDiff=true the engine looks the values up in the input bags, where they are absent, and shows
    /// "null => null" (spec §7, pkg/engine/detailedDiff.go:163-215).</param>
    public static DiffResponse From(DiffResult diff, JObject? inputProperties)
    {
        var response = new DiffResponse
        {
            Changes = diff.HasChanges ? DiffResponse.Types.DiffChanges.DiffSome : DiffResponse.Types.DiffChanges.DiffNone,
            DeleteBeforeReplace = diff.DeleteBeforeReplace,
            // Without this flag the engine ignores detailedDiff and falls back to its own, coarser, comparison.
            HasDetailedDiff = true,
        };
        response.Replaces.AddRange(diff.Replaces);
        response.Stables.AddRange(diff.Stables ?? []);
        response.Diffs.AddRange(diff.DetailedDiff.Keys.Select(TopLevelKey).Distinct().Order(StringComparer.Ordinal));
        foreach (var (path, kind) in diff.DetailedDiff)
            response.DetailedDiff[path] = new PropertyDiff { Kind = ToWire(kind), InputDiff = inputProperties?.ContainsKey(TopLevelKey(path)) == true };
        return response;
    }

    private static string TopLevelKey(string path) => path.Split('.', '[')[0];

    private static PropertyDiff.Types.Kind ToWire(DiffKind kind) => kind switch
    {
        DiffKind.Add => PropertyDiff.Types.Kind.Add,
        DiffKind.AddReplace => PropertyDiff.Types.Kind.AddReplace,
        DiffKind.Delete => PropertyDiff.Types.Kind.Delete,
        DiffKind.DeleteReplace => PropertyDiff.Types.Kind.DeleteReplace,
        DiffKind.Update => PropertyDiff.Types.Kind.Update,
        DiffKind.UpdateReplace => PropertyDiff.Types.Kind.UpdateReplace,
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
    };
}
