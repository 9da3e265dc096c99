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

/// <summary>Body of live-scale-down: exactly the listed servers are removed, and the remaining count must match
/// <paramref name="Flavor"/>.</summary>
public sealed record LiveScaleDownRequest(
    [property: JsonProperty("flavor")] string? Flavor,
    [property: JsonProperty("server_ids")] IReadOnlyList<string> ServerIds);

/// <summary>The flavors a supernode can be scaled to.</summary>
public sealed record ScaleEvaluations([property: JsonProperty("evaluations")] IReadOnlyList<ScaleEvaluation>? Evaluations);

public sealed record ScaleEvaluation(
    [property: JsonProperty("flavor")] string Flavor,
    [property: JsonProperty("resource_flavor")] string? ResourceFlavor,
    [property: JsonProperty("is_sold_out")] bool IsSoldOut);
