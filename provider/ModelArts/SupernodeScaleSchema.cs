using Newtonsoft.Json.Linq;

namespace ClusterScale.Provider.ModelArts;

/// <summary>The package-schema entry of SupernodeScale and the object types it refers to.</summary>
internal static class SupernodeScaleSchema
{
    public const string Token = "clusterscale:modelarts:SupernodeScale";
    private const string RootVolumeType = "clusterscale:modelarts:RootVolume", DataVolumeType = "clusterscale:modelarts:DataVolume",
        ScaleStepType = "clusterscale:modelarts:ScaleStep", ServerType = "clusterscale:modelarts:SupernodeServer";

    private static JObject Str(string description) => new() { ["type"] = "string", ["description"] = description };
    private static JObject Int(string description) => new() { ["type"] = "integer", ["description"] = description };
    private static JObject Ref(string type, string description) => new() { ["$ref"] = $"#/types/{type}", ["description"] = description };
    private static JObject Array(JObject items, string description) => new() { ["type"] = "array", ["items"] = items, ["description"] = description };
    private static JObject Object(string description, JObject properties, params string[] required) => new()
    {
        ["type"] = "object", ["description"] = description, ["properties"] = properties, ["required"] = new JArray(required),
    };

    public static IReadOnlyDictionary<string, JObject> Types { get; } = new Dictionary<string, JObject>
    {
        [RootVolumeType] = Object("System disk of the servers added by later scale-ups.", new JObject
        {
            ["size"] = Int("Size in GB, 100-1024."),
            ["type"] = Str("ESSD, GPSSD, SAS, SATA or SSD."),
        }),
        [DataVolumeType] = Object("Data disks of the servers added by later scale-ups.", new JObject
        {
            ["size"] = Int("Size in GB, 100-32768."),
            ["type"] = Str("ESSD, GPSSD, SAS, SATA or SSD."),
            ["count"] = Int("Number of data disks, 1-8."),
        }, "size", "type", "count"),
        [ScaleStepType] = Object("One scale-up made by this resource.", new JObject
        {
            ["flavor"] = Str("The flavor the supernode was scaled to."),
            ["serverIds"] = Array(new JObject { ["type"] = "string" }, "The servers that scale-up added."),
        }, "flavor", "serverIds"),
        [ServerType] = Object("A sub-node server of the supernode.", new JObject
        {
            ["id"] = Str("Server id."), ["name"] = Str("Server name."), ["status"] = Str("Server status, e.g. RUNNING."), ["flavor"] = Str("Server flavor."),
        }, "id", "name", "status", "flavor"),
    };

    private static JObject Inputs() => new()
    {
        ["supernodeId"] = Str("The Lite Server supernode (hyperinstance) to scale. Changing it replaces the resource."),
        ["flavor"] = Str("The supernode's target flavor. Larger: live-scale-up. Back to a flavor this resource scaled " +
            "through (or the flavor it started from): live-scale-down of the servers added after it."),
        ["imageId"] = Str("Image of the servers added by scale-ups (36-character UUID). Changing it affects only later scale-ups."),
        ["keyPairName"] = Str("Key pair of the servers added by scale-ups. Changing it affects only later scale-ups."),
        ["rootVolume"] = Ref(RootVolumeType, "System disk of added servers; affects only later scale-ups."),
        ["dataVolume"] = Ref(DataVolumeType, "Data disks of added servers; affects only later scale-ups."),
        ["userdata"] = new JObject
        {
            ["type"] = "string", ["secret"] = true,
            ["description"] = "Base64 user data (at most 32 KB before encoding) for added servers; affects only later scale-ups.",
        },
        ["adoptServerIds"] = Array(new JObject { ["type"] = "string" }, "Servers to treat as added by this resource when the " +
            "provider cannot tell on its own (an ambiguous answer to its scale-up, another actor scaling at the same moment, or a " +
            "create killed before Pulumi recorded it); the error that asks for it names the ids. Of the servers in question, " +
            "those listed become this resource's (destroy removes them) and the others are left to whoever added them."),
    };

    public static JObject Resource { get; } = Build();

    private static JObject Build()
    {
        var outputs = Inputs();
        outputs["addedServerIds"] = Array(new JObject { ["type"] = "string" }, "Servers added by this resource that still exist.");
        outputs["scaleSteps"] = Array(new JObject { ["$ref"] = $"#/types/{ScaleStepType}" }, "The scale-ups this resource made, oldest first.");
        outputs["servers"] = Array(new JObject { ["$ref"] = $"#/types/{ServerType}" }, "Every server of the supernode, sorted by id.");
        outputs["supernodeStatus"] = Str("The supernode's status, e.g. ACTIVE.");
        return new JObject
        {
            ["description"] = "Capacity added to a Huawei Cloud ModelArts Lite Server supernode with live-scale-up; " +
                "delete removes exactly the servers it added. Import id: `<supernodeId>:<serverId>[,<serverId>...]`.",
            ["inputProperties"] = Inputs(),
            ["requiredInputs"] = new JArray("supernodeId", "flavor", "imageId", "keyPairName"),
            ["properties"] = outputs,
            ["required"] = new JArray("supernodeId", "flavor", "imageId", "keyPairName", "addedServerIds", "scaleSteps", "servers", "supernodeStatus"),
        };
    }
}
