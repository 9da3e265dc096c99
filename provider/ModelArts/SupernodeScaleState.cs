using ClusterScale.Provider.ModelArts.Api;
using ClusterScale.Provider.Protocol;

namespace ClusterScale.Provider.ModelArts;

/// <summary>One scale-up this resource made: the flavor it scaled to and the server ids it added.</summary>
public sealed record ScaleStep(string Flavor, IReadOnlyList<string> ServerIds);

/// <summary>
/// A scale operation the API accepted but that was not seen to finish (timeout, cancel, failure). For a scale-up it
/// records the server ids that existed BEFORE the call: the servers it added are then "current minus before", even
/// when the wait was interrupted before any of them appeared. For a scale-down it records the ids being removed.
/// </summary>
public sealed record PendingScale(string Operation, string Flavor, IReadOnlyList<string> ServerIds)
{
    public const string ScaleUp = "scale-up", ScaleDown = "scale-down";
}

/// <summary>The bookkeeping recorded in the outputs: what this resource added, and any unfinished operation.</summary>
public sealed record SupernodeScaleState(IReadOnlyList<ScaleStep> Steps, PendingScale? Pending)
{
    public const string StepsKey = "scaleSteps", PendingKey = "pendingScale", AddedKey = "addedServerIds",
        ServersKey = "servers", StatusKey = "supernodeStatus";

    public static readonly SupernodeScaleState Empty = new([], null);

    /// <summary>Ids recorded as added by completed steps.</summary>
    public IEnumerable<string> StepServerIds => Steps.SelectMany(s => s.ServerIds);

    /// <summary>Every server of <paramref name="supernode"/> this resource added: completed steps plus, for an
    /// unfinished scale-up, whatever appeared since the call. Never a server that existed before.</summary>
    public IReadOnlyList<string> AddedServerIds(SupernodeDetail supernode)
    {
        var present = supernode.ServerList.Select(s => s.Id).ToHashSet();
        var added = StepServerIds.Where(present.Contains);
        // An unfinished scale-up owns what appeared since the call; an unfinished scale-down still owns what it is
        // removing until it is gone. Either way nothing this resource added is forgotten.
        if (Pending is { Operation: PendingScale.ScaleUp } up)
            added = added.Concat(present.Except(up.ServerIds).Except(StepServerIds));
        else if (Pending is { } down)
            added = added.Concat(down.ServerIds.Where(present.Contains));
        return added.Distinct().Order(StringComparer.Ordinal).ToList();
    }

    public SupernodeScaleState WithStep(ScaleStep step) => new([.. Steps, step], null);

    /// <summary>Forgets servers that no longer exist (removed out of band).</summary>
    public SupernodeScaleState Without(IReadOnlyCollection<string> serverIds) =>
        this with { Steps = Steps.Select(s => s with { ServerIds = s.ServerIds.Except(serverIds).ToList() }).ToList() };

    public static SupernodeScaleState FromOutputs(PropertyMap outputs)
    {
        var steps = outputs.Get(StepsKey).Unwrapped() is { Kind: PropertyKind.Array } array
            ? array.ArrayValue.Where(v => v.Kind == PropertyKind.Object).Select(v => v.ObjectValue)
                .Select(o => new ScaleStep(Text(o, "flavor") ?? "", Strings(o.Get("serverIds")))).ToList()
            : [];
        var pending = outputs.Get(PendingKey).Unwrapped() is { Kind: PropertyKind.Object } p
            ? new PendingScale(Text(p.ObjectValue, "operation") ?? PendingScale.ScaleUp, Text(p.ObjectValue, "flavor") ?? "", Strings(p.ObjectValue.Get("serverIds")))
            : null;
        return new SupernodeScaleState(steps, pending);
    }

    /// <summary>The outputs: inputs (secrets kept wrapped), this bookkeeping and what the supernode looks like now.</summary>
    public PropertyMap ToOutputs(PropertyMap inputs, SupernodeDetail supernode) => Bookkeeping()
        .Aggregate(inputs.Without(PendingKey), (outputs, field) => outputs.With(field.Key, field.Value))
        .With(AddedKey, StringArray(AddedServerIds(supernode)))
        .With(ServersKey, PropertyValue.From(supernode.ServerList.OrderBy(s => s.Id, StringComparer.Ordinal).Select(s => PropertyValue.From(new Dictionary<string, PropertyValue>
        {
            ["id"] = PropertyValue.From(s.Id),
            ["name"] = PropertyValue.From(s.Name ?? ""),
            ["status"] = PropertyValue.From(s.Status ?? ""),
            ["flavor"] = PropertyValue.From(s.Flavor ?? ""),
        }))))
        .With(StatusKey, PropertyValue.From(supernode.Status ?? ""));

    /// <summary>Just the bookkeeping (steps and any pending operation), in the shape <see cref="FromOutputs"/> reads:
    /// what the operation journal stores and compares. Plain strings only, never a secret.</summary>
    public PropertyMap Bookkeeping()
    {
        var steps = PropertyMap.Empty.With(StepsKey, PropertyValue.From(Steps.Select(s => PropertyValue.From(new Dictionary<string, PropertyValue>
        {
            ["flavor"] = PropertyValue.From(s.Flavor),
            ["serverIds"] = StringArray(s.ServerIds),
        }))));
        return Pending is null ? steps : steps.With(PendingKey, PropertyValue.From(new Dictionary<string, PropertyValue>
        {
            ["operation"] = PropertyValue.From(Pending.Operation),
            ["flavor"] = PropertyValue.From(Pending.Flavor),
            ["serverIds"] = StringArray(Pending.ServerIds),
        }));
    }

    internal static PropertyValue StringArray(IEnumerable<string> values) => PropertyValue.From(values.Select(v => PropertyValue.From(v)));

    private static string? Text(PropertyMap map, string key) => map.Get(key) is { Kind: PropertyKind.String } s ? s.StringValue : null;

    private static IReadOnlyList<string> Strings(PropertyValue value) => value.Kind == PropertyKind.Array
        ? value.ArrayValue.Where(v => v.Kind == PropertyKind.String).Select(v => v.StringValue).ToList()
        : [];
}
