namespace ClusterScale.Simulators.ModelArts.Supernodes;

/// <summary>
/// A supernode flavor and the sub-nodes it implies: <paramref name="ServerCount"/> servers of
/// <paramref name="ResourceFlavor"/> (the project's capacity model, UNCONFIRMED upstream).
/// </summary>
public sealed record FlavorSpec(string Flavor, string ResourceFlavor, int ServerCount, bool SoldOut = false);
