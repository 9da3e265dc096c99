using ClusterScale.Provider.ModelArts.Api;
using ClusterScale.Provider.ModelArts.Ownership;
using ClusterScale.Provider.Protocol;

namespace ClusterScale.Provider.ModelArts;

/// <summary>One scale-up this resource made: the flavor it scaled to and the server ids it added.</summary>
public sealed record ScaleStep(string Flavor, IReadOnlyList<string> ServerIds);

/// <summary>
/// A scale operation sent but not seen to finish (timeout, cancel, failure, or not yet answered). For a scale-up it
/// records the server ids that existed BEFORE the call, when it could have been accepted (<see cref="Window"/>, cloud
/// clock) and whether a 200 for it arrived (<see cref="Acknowledged"/>): the evidence <see cref="ScaleUpOwnership"/>
/// judges the servers that appear by. For a scale-down it records the ids being removed.
/// </summary>
public sealed record PendingScale(string Operation, string Flavor, IReadOnlyList<string> ServerIds, SendWindow? Window = null, bool Acknowledged = false)
{
    public const string ScaleUp = "scale-up", ScaleDown = "scale-down";

    /// <summary>How many sub-nodes this scale-up adds: the target's (§6) minus those listed before; null when the
    /// flavor has no known count.</summary>
    public int? Adds => SupernodeFlavor.SubNodes(Flavor) is { } target ? Math.Max(0, target - ServerIds.Count) : null;

    /// <param name="held">The servers this resource's completed steps record.</param>
    public ScaleUpEvidence Evidence(IReadOnlySet<string>? adopted, IEnumerable<string> held) =>
        new(ServerIds.ToHashSet(), Adds, Window, Acknowledged, adopted, held.ToHashSet());
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
    /// unfinished scale-up, what <see cref="ScaleUpOwnership"/> proves it added so far. Never a server that existed
    /// before, nor one it cannot prove its own.</summary>
    /// <param name="adopted">The servers the user declared this resource's (<c>adoptServerIds</c>).</param>
    public IReadOnlyList<string> AddedServerIds(SupernodeDetail supernode, IReadOnlySet<string>? adopted = null)
    {
        var present = supernode.ServerList.Select(s => s.Id).ToHashSet();
        var added = StepServerIds.Where(present.Contains);
        // An unfinished scale-down still owns what it is removing until it is gone: nothing this resource added is
        // forgotten.
        if (Pending is { Operation: PendingScale.ScaleUp } up)
            added = added.Concat(ScaleUpOwnership.Decide(up.Evidence(adopted, StepServerIds), supernode).Owned.Select(s => s.Id));
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
            ? new PendingScale(Text(p.ObjectValue, "operation") ?? PendingScale.ScaleUp, Text(p.ObjectValue, "flavor") ?? "",
                Strings(p.ObjectValue.Get("serverIds")), WindowOf(p.ObjectValue), p.ObjectValue.Get(AcknowledgedKey) is { Kind: PropertyKind.Bool } b && b.BoolValue)
            : null;
        return new SupernodeScaleState(steps, pending);
    }

    private const string WindowFromKey = "sentFrom", WindowToKey = "sentTo", AcknowledgedKey = "acknowledged";

    /// <summary>Epoch milliseconds fit a double exactly (below 2^53), so the window survives the engine's numbers.</summary>
    private static SendWindow? WindowOf(PropertyMap pending) =>
        pending.Get(WindowFromKey) is { Kind: PropertyKind.Number } from
            ? new SendWindow((long)from.NumberValue, pending.Get(WindowToKey) is { Kind: PropertyKind.Number } to ? (long)to.NumberValue : null)
            : null;

    /// <summary>The outputs: inputs (secrets kept wrapped), this bookkeeping and what the supernode looks like now.</summary>
    public PropertyMap ToOutputs(PropertyMap inputs, SupernodeDetail supernode) => Bookkeeping()
        .Aggregate(inputs.Without(PendingKey), (outputs, field) => outputs.With(field.Key, field.Value))
        .With(AddedKey, StringArray(AddedServerIds(supernode, SupernodeScaleArgs.AdoptedOf(inputs))))
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
        if (Pending is null) return steps;
        var pending = new Dictionary<string, PropertyValue>
        {
            ["operation"] = PropertyValue.From(Pending.Operation),
            ["flavor"] = PropertyValue.From(Pending.Flavor),
            ["serverIds"] = StringArray(Pending.ServerIds),
        };
        if (Pending.Operation == PendingScale.ScaleUp) pending[AcknowledgedKey] = PropertyValue.From(Pending.Acknowledged);
        if (Pending.Window is { } window) pending[WindowFromKey] = PropertyValue.From(window.From);
        if (Pending.Window?.To is { } sentTo) pending[WindowToKey] = PropertyValue.From(sentTo);
        return steps.With(PendingKey, PropertyValue.From(pending));
    }

    internal static PropertyValue StringArray(IEnumerable<string> values) => PropertyValue.From(values.Select(v => PropertyValue.From(v)));

    private static string? Text(PropertyMap map, string key) => map.Get(key) is { Kind: PropertyKind.String } s ? s.StringValue : null;

    private static IReadOnlyList<string> Strings(PropertyValue value) => value.Kind == PropertyKind.Array
        ? value.ArrayValue.Where(v => v.Kind == PropertyKind.String).Select(v => v.StringValue).ToList()
        : [];
}
