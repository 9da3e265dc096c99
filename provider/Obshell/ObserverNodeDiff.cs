using ClusterScale.Provider.Protocol;

namespace ClusterScale.Provider.Obshell;

/// <summary>
/// Diff for ObserverNode. ip, obshellPort and zone are the node's identity: a change replaces it, deleting first
/// (the same ip:port cannot be in the cluster twice). obConfigs and targetAgentPassword only matter at scale-out time
/// and obshell cannot change them in place, so a change also replaces (never silently ignored). forceKill and
/// failurePolicy only steer future deletes/failures: updated in place. An unknown new value counts as a change of
/// its kind. A create that did not finish reports a change of dagState so the engine calls Update, which resumes it.
/// </summary>
public static class ObserverNodeDiff
{
    private static readonly HashSet<string> ReplaceKeys =
    [
        ObserverNodeArgs.IpKey, ObserverNodeArgs.ObshellPortKey, ObserverNodeArgs.ZoneKey,
        ObserverNodeArgs.ObConfigsKey, ObserverNodeArgs.TargetAgentPasswordKey,
    ];

    public static DiffResult Diff(DiffInput request)
    {
        var olds = request.OldInputs.Count > 0 ? request.OldInputs : request.OldOutputs;
        var diffs = new Dictionary<string, DiffKind>(StringComparer.Ordinal);
        foreach (var key in ObserverNodeArgs.InputKeys)
        {
            if (request.IgnoreChanges.Contains(key)) continue;
            var (old, now) = (Ignoring(olds.Get(key), key, request.IgnoreChanges), Ignoring(request.News.Get(key), key, request.IgnoreChanges));
            if (!now.ContainsUnknowns && old.Unwrapped().Equals(now.Unwrapped())) continue;
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
