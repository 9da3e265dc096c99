namespace ClusterScale.Simulators.ModelArts.Supernodes;

/// <summary>
/// A supernode as bought, for a test or the admin route to create: ACTIVE, with the flavor's sub-nodes RUNNING except
/// the last <see cref="StoppedServers"/>, which are STOPPED.
/// </summary>
public sealed record SupernodeSetup(string Flavor)
{
    public string Name { get; init; } = "lite-server-hps";

    /// <summary>Every sub-node's `charging_mode`: POST_PAID (pay per use) or PRE_PAID (yearly/monthly; spec section 3).</summary>
    public string ChargingMode { get; init; } = Supernodes.ChargingMode.PostPaid;

    public int StoppedServers { get; init; }

    /// <summary>How this supernode's scale-ups add sub-nodes; null takes <see cref="ModelArtsSimulatorOptions.Arrival"/>.</summary>
    public ServerArrival? Arrival { get; init; }
}

/// <summary>The names the admin route and the command line use for <see cref="ServerArrival"/>.</summary>
public static class ArrivalNames
{
    public static ServerArrival Parse(string name) => name switch
    {
        "together" => ServerArrival.Together,
        "trickle" => ServerArrival.OneByOne,
        _ => throw new ArgumentException($"arrival {name} is not together or trickle", nameof(name)),
    };
}
