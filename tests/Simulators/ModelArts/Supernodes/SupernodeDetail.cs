namespace ClusterScale.Simulators.ModelArts.Supernodes;

// The wire shapes of spec section 3, serialized snake_case. Timestamps are epoch milliseconds.

public sealed record SupernodeDetail(
    string Id, string HpsId, string HpsClusterId, string Name, string OrderId, string Status,
    IReadOnlyList<ServerDetail> Servers, long CreateAt, long UpdateAt);

public sealed record ServerDetail(
    string Id, string Name, string Status, string Flavor, string ChargingMode, string OrderId, string KeyPairName,
    string VpcId, string SubnetId, string Category, CloudServerInfo CloudServer, ServerHpsInfo ServerHps,
    ServerImageInfo Image, IReadOnlyList<ServerVolumeInfo> Volumes, IReadOnlyList<EndpointInfo> Endpoints,
    long CreateAt, long UpdateAt);

public sealed record CloudServerInfo(string Id, string Type, string HpsId, string HpsEcsId);

public sealed record ServerHpsInfo(string Id, string Name);

public sealed record ServerImageInfo(string ImageId, string Arch, string ServerType)
{
    /// <summary>`arch` is `ARM` or `X86` (huaweicloud-sdk-python-v3 huaweicloudsdkmodelarts/v1/model/server_image_response.py:38,
    /// the Go SDK's ServerImageResponseArchEnum), never a kernel name such as `aarch64`. The SEED example omits it;
    /// ARM is the simulator's choice for Ascend supernode sub-nodes.</summary>
    public const string Arm = "ARM";
}

public sealed record ServerVolumeInfo(int Size, string Type, string EvsType, string EvsId)
{
    /// <summary>`type` is `ROOT` (system disk) or `DATA` (data disk): huaweicloud-sdk-python-v3
    /// huaweicloudsdkmodelarts/v1/model/server_volume.py:38. The disk's storage class is `evs_type`.</summary>
    public const string RootDisk = "ROOT";

    public const string DataDisk = "DATA";
}

public sealed record EndpointInfo(string Service, string Uri);

/// <summary>`scale-evaluations` answer: which flavors the supernode can be scaled to, and whether they are sold out.</summary>
public sealed record ScaleEvaluations(IReadOnlyList<ScaleEvaluation> Evaluations);

public sealed record ScaleEvaluation(bool IsSoldOut, string Flavor, string ResourceFlavor);

/// <summary>A test's snapshot of a supernode: its id, status, the flavor it was last scaled to, and its sub-nodes.</summary>
public sealed record SupernodeView(string Id, string Status, string Flavor, IReadOnlyList<ServerView> Servers);

public sealed record ServerView(string Id, string Name, string Status, string Flavor);
