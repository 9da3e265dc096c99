using ClusterScale.Provider.Protocol;

namespace ClusterScale.Provider.Obshell;

/// <summary>
/// Diff for ObserverNode. ip, obshellPort and zone are the node's identity: a change replaces it, deleting first
/// (the same ip:port cannot be in the cluster twice). targetAgentPassword only matters at scale-out time, so a change
/// also replaces. obConfigs is diffed per parameter (<c>obConfigs.&lt;name&gt;</c> in the detailed diff, which is how
/// the preview shows which parameter forces a replace): one that <paramref name="whyNotInPlace"/> allows is updated in
/// place, any other (and a removed one: nothing resets a parameter in place) replaces; values compare by
/// <see cref="ObConfigParameters.SameValue"/>. forceKill and failurePolicy only steer future deletes/failures: updated
/// in place. An unknown new value counts as a change of its kind. A create that did not finish reports a change of
/// dagState so the engine calls Update, which resumes it.
/// </summary>
public static class ObserverNodeDiff
{
    private static readonly HashSet<string> ReplaceKeys =
    [
        ObserverNodeArgs.IpKey, ObserverNodeArgs.ObshellPortKey, ObserverNodeArgs.ZoneKey,
        ObserverNodeArgs.ObConfigsKey, ObserverNodeArgs.TargetAgentPasswordKey,
    ];

    /// <param name="whyNotInPlace">For a changed obConfigs entry: null when it can change in place, else why not.
    /// Null itself (the cluster's parameters could not be read) = every change replaces.</param>
    public static DiffResult Diff(DiffInput request, Func<string, string?>? whyNotInPlace = null)
    {
        var olds = request.OldInputs.Count > 0 ? request.OldInputs : request.OldOutputs;
        var diffs = new Dictionary<string, DiffKind>(StringComparer.Ordinal);
        foreach (var key in ObserverNodeArgs.InputKeys)
        {
            if (request.IgnoreChanges.Contains(key)) continue;
            var (old, now) = (Ignoring(olds.Get(key), key, request.IgnoreChanges), Ignoring(request.News.Get(key), key, request.IgnoreChanges));
            if (!now.ContainsUnknowns && old.Unwrapped().Equals(now.Unwrapped())) continue;
            if (key == ObserverNodeArgs.ObConfigsKey && ConfigEntries(old, now) is { } entries)
            {
                foreach (var (name, kind) in entries)
                {
                    var inPlace = whyNotInPlace is not null && whyNotInPlace(name) is null;
                    diffs[$"{key}.{name}"] = (kind, inPlace) switch
                    {
                        (DiffKind.Add, true) => DiffKind.Add,
                        (DiffKind.Add, false) => DiffKind.AddReplace,
                        (DiffKind.Update, true) => DiffKind.Update,
                        (DiffKind.Update, false) => DiffKind.UpdateReplace,
                        _ => DiffKind.DeleteReplace,
                    };
                }
                continue;
            }
            var replace = ReplaceKeys.Contains(key);
            diffs[key] = (old.IsNull, now.IsNull) switch
            {
                (true, _) => replace ? DiffKind.AddReplace : DiffKind.Add,
                (_, true) => replace ? DiffKind.DeleteReplace : DiffKind.Delete,
                _ => replace ? DiffKind.UpdateReplace : DiffKind.Update,
            };
        }
        if (diffs.Count == 0 && !request.OldOutputs.Get(ObserverNodeState.DagStateKey).IsNull && !ObserverNodeState.IsCreateFinished(request.OldOutputs))
            diffs[ObserverNodeState.DagStateKey] = DiffKind.Update;
        if (diffs.Count == 0) return DiffResult.None;
        var replaces = diffs.Values.Any(k => k is DiffKind.AddReplace or DiffKind.DeleteReplace or DiffKind.UpdateReplace);
        return new DiffResult(true, diffs, DeleteBeforeReplace: replaces);
    }

    /// <summary>The per-parameter changes between two known obConfigs maps (Add, Update or Delete), or null when
    /// either side is not a known map (then the whole property is compared).</summary>
    public static IReadOnlyList<(string Name, DiffKind Kind)>? ConfigEntries(PropertyValue old, PropertyValue now)
    {
        var (before, after) = (old.Unwrapped(), now.Unwrapped());
        if (before.Kind != PropertyKind.Object || after.Kind != PropertyKind.Object || now.ContainsUnknowns) return null;
        var (o, n) = (before.ObjectValue, after.ObjectValue);
        if (o.Values.Concat(n.Values).Any(v => v.Unwrapped().Kind != PropertyKind.String)) return null;
        var changes = new List<(string, DiffKind)>();
        foreach (var (name, value) in n)
            if (o.Get(name).IsNull) changes.Add((name, DiffKind.Add));
            else if (!ObConfigParameters.SameValue(o.Get(name).Unwrapped().StringValue, value.Unwrapped().StringValue)) changes.Add((name, DiffKind.Update));
        foreach (var (name, _) in o)
            if (n.Get(name).IsNull) changes.Add((name, DiffKind.Delete));
        return changes;
    }

    /// <summary>Drops the map entries named by nested ignoreChanges paths (<c>obConfigs.memory_limit</c> or
    /// <c>obConfigs["memory_limit"]</c>) so they never count as a change.</summary>
    private static PropertyValue Ignoring(PropertyValue value, string key, IReadOnlyList<string> ignoreChanges)
    {
        if (value.Kind != PropertyKind.Object) return value;
        var map = value.ObjectValue;
        foreach (var path in ignoreChanges)
        {
            var sub = path.StartsWith(key + ".", StringComparison.Ordinal) ? path[(key.Length + 1)..]
                : path.StartsWith(key + "[\"", StringComparison.Ordinal) && path.EndsWith("\"]", StringComparison.Ordinal) ? path[(key.Length + 2)..^2]
                : null;
            if (sub is not null) map = map.Without(sub);
        }
        return PropertyValue.From(map);
    }
}
