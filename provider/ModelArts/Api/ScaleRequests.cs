using Newtonsoft.Json;

namespace ClusterScale.Provider.ModelArts.Api;

/// <summary>Body of live-scale-up. There is deliberately no admin password field: supernodes log in with key pairs
/// and the API schema has none.</summary>
public sealed record LiveScaleUpRequest(
    [property: JsonProperty("flavor")] string Flavor,
    [property: JsonProperty("image_id")] string ImageId,
    [property: JsonProperty("key_pair_name")] string KeyPairName,
    [property: JsonProperty("root_volume")] RootVolume? RootVolume,
    [property: JsonProperty("data_volume")] DataVolume? DataVolume,
    [property: JsonProperty("userdata")] string? Userdata)
{
    /// <summary>Userdata is a secret: keep it out of any rendering of the request.</summary>
    public override string ToString() => $"live-scale-up to {Flavor}";
}

/// <summary>System disk of the new servers; both fields are optional in the API.</summary>
public sealed record RootVolume([property: JsonProperty("size")] int? Size, [property: JsonProperty("type")] string? Type);

public sealed record DataVolume(
    [property: JsonProperty("size")] int Size, [property: JsonProperty("type")] string Type, [property: JsonProperty("count")] int Count);

/// <summary>Body of live-scale-down (§4): all four fields are sent — the supernode <paramref name="Id"/> (= the path's),
/// the TARGET <paramref name="Flavor"/> of the whole supernode, exactly the servers to remove (current − target), and
/// the sub-node <paramref name="ResourceFlavor"/> from the same scale-evaluations entry. A flavor (and so its
/// resource flavor) is left out only when no offered flavor has the remaining count (both are optional in the SDKs).</summary>
public sealed record LiveScaleDownRequest(
    [property: JsonProperty("id")] string Id,
    [property: JsonProperty("flavor", NullValueHandling = NullValueHandling.Ignore)] string? Flavor,
    [property: JsonProperty("server_ids")] IReadOnlyList<string> ServerIds,
    [property: JsonProperty("resource_flavor", NullValueHandling = NullValueHandling.Ignore)] string? ResourceFlavor);

/// <summary>The flavors a supernode can be scaled to.</summary>
public sealed record ScaleEvaluations([property: JsonProperty("evaluations")] IReadOnlyList<ScaleEvaluation>? Evaluations);

public sealed record ScaleEvaluation(
    [property: JsonProperty("flavor")] string Flavor,
    [property: JsonProperty("resource_flavor")] string? ResourceFlavor,
    [property: JsonProperty("is_sold_out")] bool IsSoldOut);
