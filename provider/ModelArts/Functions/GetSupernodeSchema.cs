using ClusterScale.Provider.Functions;
using Newtonsoft.Json.Linq;

namespace ClusterScale.Provider.ModelArts.Functions;

/// <summary>The package-schema entry of <c>clusterscale:modelarts:getSupernode</c> and the object type of its scale options.</summary>
internal static class GetSupernodeSchema
{
    public const string Token = "clusterscale:modelarts:getSupernode";
    public const string SupernodeIdArg = "supernodeId";
    public const string ScaleOptionType = "clusterscale:modelarts:ScaleOption";
    /// <summary>The server type SupernodeScale's <c>servers</c> output already uses.</summary>
    private const string ServerType = "clusterscale:modelarts:SupernodeServer";

    private static JObject Prop(string type, string description) => new() { ["type"] = type, ["description"] = description };
    private static JObject ListOf(JObject items, string description) => new() { ["type"] = "array", ["items"] = items, ["description"] = description };

    public static IReadOnlyDictionary<string, JObject> Types { get; } = new Dictionary<string, JObject>
    {
        [ScaleOptionType] = FunctionArgs.ObjectSpec("A flavor the supernode can be scaled to (scale-evaluations).", new JObject
        {
            ["flavor"] = Prop("string", "The supernode flavor."),
            ["resourceFlavor"] = Prop("string", "The flavor of the servers it adds; empty when ModelArts does not say."),
            ["soldOut"] = Prop("boolean", "True when the flavor is sold out (a scale-up to it would be refused)."),
        }, "flavor", "resourceFlavor", "soldOut"),
    };

    public static JObject Function { get; } = new()
    {
        ["description"] = "Reads a ModelArts Lite Server supernode: status, flavor, charging mode, its servers and the flavors it can be scaled to. Changes nothing.",
        ["inputs"] = FunctionArgs.ObjectSpec("The supernode to read.", new JObject
        {
            [SupernodeIdArg] = Prop("string", "The supernode (hyperinstance) id."),
        }, SupernodeIdArg),
        ["outputs"] = FunctionArgs.ObjectSpec("The supernode as ModelArts reports it.", new JObject
        {
            [SupernodeIdArg] = Prop("string", "The supernode id."),
            ["name"] = Prop("string", "The supernode's name."),
            ["status"] = Prop("string", "The supernode's status, e.g. ACTIVE."),
            ["flavor"] = Prop("string", "The supernode's flavor: the offered flavor (scale-evaluations) whose sub-node count equals its current count (ModelArts reports no flavor for the supernode itself); empty when none does."),
            ["chargingMode"] = Prop("string", "POST_PAID, PRE_PAID or COMMON, from its servers when they all agree, else empty."),
            ["servers"] = ListOf(new JObject { ["$ref"] = $"#/types/{ServerType}" }, "Every server of the supernode, sorted by id."),
            ["scaleOptions"] = ListOf(new JObject { ["$ref"] = $"#/types/{ScaleOptionType}" }, "The flavors it can be scaled to, as scale-evaluations lists them (sold-out ones marked)."),
        }, SupernodeIdArg, "name", "status", "flavor", "chargingMode", "servers", "scaleOptions"),
    };
}
