namespace ClusterScale.Simulators.ModelArts.Supernodes;

/// <summary>A validated live-scale-up body.</summary>
internal sealed record ScaleUpOrder(
    string Flavor, string ImageId, string? KeyPairName, VolumeRequest? RootVolume, DataVolumeRequest? DataVolume);

internal sealed record VolumeRequest(int? Size, string? Type);

internal sealed record DataVolumeRequest(int Size, string Type, int Count);

/// <summary>A validated live-scale-down body; the optional fields are null when absent.</summary>
internal sealed record ScaleDownOrder(string? Id, string? Flavor, IReadOnlyList<string> ServerIds, string? ResourceFlavor);
