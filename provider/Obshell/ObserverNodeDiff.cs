using ClusterScale.Provider.Protocol;

namespace ClusterScale.Provider.Obshell;

/// <summary>
/// Diff for ObserverNode. ip, obshellPort and zone are the node's identity: a change replaces it, deleting first
/// (the same ip:port cannot be in the cluster twice). targetAgentPassword only matters at scale-out time, so a change
/// also replaces; but writing one down for a finished node that records none (an imported node: obshell never returns
/// it) changes nothing on the node and is no change (the engine records the new inputs all the same). obConfigs is diffed per parameter
/// (<c>obConfigs.&lt;name&gt;</c> in the detailed diff, which is how the preview shows which parameter forces a
/// replace): one the node already has is no change, one that can change in place is updated in place, any other (and
/// a removed one: nothing resets a parameter in place) replaces; values compare by
/// <see cref="ObConfigParameters.SameValue"/>. forceKill and failurePolicy only steer future deletes/failures: updated
/// in place. An unknown new value counts as a change of its kind. A create that did not finish reports a change of
/// dagState so the engine calls Update, which resumes it. Without old inputs (engines that send none) the recorded
/// outputs stand in for them: they hold every input.
/// </summary>
public static class ObserverNodeDiff
{
    private static readonly HashSet<string> ReplaceKeys =
    [
        ObserverNodeArgs.IpKey, ObserverNodeArgs.ObshellPortKey, ObserverNodeArgs.ZoneKey,
        ObserverNodeArgs.ObConfigsKey, ObserverNodeArgs.TargetAgentPasswordKey,
    ];

    /// <summary>The obConfigs port keys (both spellings obshell accepts, spec §3) and the output that records the live port.</summary>
    private static readonly (string Key, string Output)[] LivePortKeys =
    [
        ("rpc_port", ObserverNodeState.RpcPortKey), ("rpcPort", ObserverNodeState.RpcPortKey),
        ("mysql_port", ObserverNodeState.SqlPortKey), ("mysqlPort", ObserverNodeState.SqlPortKey),
    ];

    /// <summary>The old inputs, or the recorded outputs when the engine sent none.</summary>
    public static PropertyMap Olds(PropertyMap oldInputs, PropertyMap oldOutputs) => oldInputs.Count > 0 ? oldInputs : oldOutputs;

    /// <param name="classify">For a changed obConfigs entry (name, new value): how the cluster's parameters say it
    /// is made. Null (they could not be listed: agents before 4.3.0.0) = every change replaces.</param>
    public static DiffResult Diff(DiffInput request, Func<string, string, ConfigChange>? classify = null)
    {
        var olds = Olds(request.OldInputs, request.OldOutputs);
        var finished = ObserverNodeState.IsCreateFinished(request.OldOutputs);
        var diffs = new Dictionary<string, DiffKind>(StringComparer.Ordinal);
        foreach (var key in ObserverNodeArgs.InputKeys)
        {
            if (request.IgnoreChanges.Contains(key)) continue;
            var (old, now) = (Ignoring(olds.Get(key), key, request.IgnoreChanges), Ignoring(request.News.Get(key), key, request.IgnoreChanges));
            if (key == ObserverNodeArgs.ObConfigsKey) old = WithLivePorts(old, now, request.OldOutputs);
            if (!now.ContainsUnknowns && old.Unwrapped().Equals(now.Unwrapped())) continue;
            if (key == ObserverNodeArgs.ObConfigsKey && ConfigEntries(old, now) is { } entries)
            {
                var configs = now.Unwrapped().ObjectValue;
                foreach (var (name, kind) in entries)
                {
                    var change = kind == DiffKind.Delete || classify is null ? ConfigChange.Replace : classify(name, configs.Get(name).Unwrapped().StringValue);
                    if (change == ConfigChange.AlreadyLive) continue;
                    diffs[$"{key}.{name}"] = (kind, change) switch
                    {
                        (DiffKind.Add, ConfigChange.InPlace) => DiffKind.Add,
                        (DiffKind.Add, _) => DiffKind.AddReplace,
                        (DiffKind.Update, ConfigChange.InPlace) => DiffKind.Update,
                        (DiffKind.Update, _) => DiffKind.UpdateReplace,
                        _ => DiffKind.DeleteReplace,
                    };
                }
                continue;
            }
            // Not even an in-place change: the schema marks targetAgentPassword replaceOnChanges, so the engine would
            // turn any reported change of it into a replace (pulumi-provider-protocol.md §7).
            if (key == ObserverNodeArgs.TargetAgentPasswordKey && old.IsNull && finished) continue;
            var replace = ReplaceKeys.Contains(key);
            diffs[key] = (old.IsNull, now.IsNull) switch
            {
                (true, _) => replace ? DiffKind.AddReplace : DiffKind.Add,
                (_, true) => replace ? DiffKind.DeleteReplace : DiffKind.Delete,
                _ => replace ? DiffKind.UpdateReplace : DiffKind.Update,
            };
        }
        if (diffs.Count == 0 && !request.OldOutputs.Get(ObserverNodeState.DagStateKey).IsNull && !finished)
            diffs[ObserverNodeState.DagStateKey] = DiffKind.Update;
        if (diffs.Count == 0) return DiffResult.None;
        var replaces = diffs.Values.Any(k => k is DiffKind.AddReplace or DiffKind.DeleteReplace or DiffKind.UpdateReplace);
        return new DiffResult(true, diffs, DeleteBeforeReplace: replaces);
    }

    /// <summary>The per-parameter obConfigs changes from <paramref name="olds"/> to <paramref name="news"/> (see
    /// <see cref="ConfigEntries"/>), the old side completed by <see cref="WithLivePorts"/>.</summary>
    public static IReadOnlyList<(string Name, DiffKind Kind)>? ConfigChanges(PropertyMap olds, PropertyMap oldOutputs, PropertyMap news)
    {
        var now = news.Get(ObserverNodeArgs.ObConfigsKey);
        return ConfigEntries(WithLivePorts(olds.Get(ObserverNodeArgs.ObConfigsKey), now, oldOutputs), now);
    }

    /// <summary>
    /// The old obConfigs plus, for a finished node, its live ports (the recorded rpcPort and sqlPort outputs, from
    /// the topology) under each port key the new obConfigs names and the old do not: an imported node records
    /// obConfigs {} yet listens on its ports, so writing them down is no change; another value still is.
    /// </summary>
    private static PropertyValue WithLivePorts(PropertyValue old, PropertyValue now, PropertyMap oldOutputs)
    {
        var (before, after) = (old.Unwrapped(), now.Unwrapped());
        if (before.Kind != PropertyKind.Object || after.Kind != PropertyKind.Object || !ObserverNodeState.IsCreateFinished(oldOutputs)) return old;
        var configs = before.ObjectValue;
        foreach (var (key, output) in LivePortKeys)
            if (after.ObjectValue.ContainsKey(key) && !configs.ContainsKey(key) && oldOutputs.Get(output).Unwrapped() is { Kind: PropertyKind.Number } port && port.NumberValue > 0)
                configs = configs.With(key, PropertyValue.From(((int)port.NumberValue).ToString(System.Globalization.CultureInfo.InvariantCulture)));
        return PropertyValue.From(configs);
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

/// <summary>How a changed obConfigs entry is made on a running node.</summary>
public enum ConfigChange
{
    /// <summary>The node already has the new value: nothing to do.</summary>
    AlreadyLive,
    /// <summary>A run-time parameter set in place (<see cref="ObConfigParameters.WhyNotInPlace"/> allows it).</summary>
    InPlace,
    /// <summary>Only a new node (scale-out with the new obConfigs) gets it.</summary>
    Replace,
}
