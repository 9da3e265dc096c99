using Newtonsoft.Json;

namespace ClusterScale.Provider.ModelArts.Api;

/// <summary>A supernode (hyperinstance) as show, live-scale-up and live-scale-down return it. It has no top-level
/// flavor: each sub-node server has its own.</summary>
public sealed record SupernodeDetail(
    [property: JsonProperty("id")] string Id,
    [property: JsonProperty("name")] string? Name,
    [property: JsonProperty("status")] string? Status,
    [property: JsonProperty("servers")] IReadOnlyList<ServerDetail>? Servers,
    [property: JsonProperty("hps_id")] string? HpsId = null,
    [property: JsonProperty("order_id")] string? OrderId = null,
    [property: JsonProperty("create_at")] long? CreateAt = null,
    [property: JsonProperty("update_at")] long? UpdateAt = null)
{
    [JsonIgnore]
    public IReadOnlyList<ServerDetail> ServerList => Servers ?? [];
}

/// <summary>One sub-node of a supernode (also the answer of the show-server route).</summary>
public sealed record ServerDetail(
    [property: JsonProperty("id")] string Id,
    [property: JsonProperty("name")] string? Name,
    [property: JsonProperty("status")] string? Status,
    [property: JsonProperty("flavor")] string? Flavor,
    [property: JsonProperty("key_pair_name")] string? KeyPairName = null,
    [property: JsonProperty("image")] ServerImage? Image = null,
    [property: JsonProperty("category")] string? Category = null,
    [property: JsonProperty("charging_mode")] string? ChargingMode = null,
    [property: JsonProperty("order_id")] string? OrderId = null,
    [property: JsonProperty("create_at")] long? CreateAt = null);

public sealed record ServerImage([property: JsonProperty("image_id")] string? ImageId);

/// <summary>One page of the list routes.</summary>
public sealed record SupernodePage(
    [property: JsonProperty("current")] int Current,
    [property: JsonProperty("pages")] int Pages,
    [property: JsonProperty("size")] int Size,
    [property: JsonProperty("total")] int Total,
    [property: JsonProperty("data")] IReadOnlyList<SupernodeDetail>? Data);
