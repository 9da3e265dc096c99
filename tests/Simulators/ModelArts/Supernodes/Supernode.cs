namespace ClusterScale.Simulators.ModelArts.Supernodes;

/// <summary>A supernode and its sub-nodes. Mutable; only <see cref="SupernodeStore"/> touches it, under its lock.</summary>
internal sealed class Supernode
{
    public required string Id { get; init; }
    public required string Name { get; init; }
    public required string OrderId { get; init; }
    public required DateTimeOffset CreateAt { get; init; }
    public required string ChargingMode { get; init; }
    public required ServerArrival Arrival { get; init; }
    public string HpsId { get; } = Guid.NewGuid().ToString();
    public string HpsClusterId { get; } = Guid.NewGuid().ToString();
    public string VpcId { get; } = Guid.NewGuid().ToString();
    public string SubnetId { get; } = Guid.NewGuid().ToString();
    public required DateTimeOffset UpdateAt { get; set; }

    /// <summary>The flavor of the last successful scale (or of creation): supernode detail has no flavor field,
    /// the simulator keeps it to check live-scale-down's `flavor` and to show tests.</summary>
    public required string Flavor { get; set; }

    public bool InError { get; set; }

    /// <summary>Who created and removed each of its servers (kept by the store after the supernode is gone).</summary>
    public SupernodeLedger Ledger { get; } = new();

    /// <summary>Every sub-node ordered, including those not listed yet (one-by-one arrival).</summary>
    public List<SubNode> Servers { get; } = [];

    /// <summary>Numbers server names `{name}-{n}` and private addresses without reuse.</summary>
    public int ServersEverCreated { get; set; }

    /// <summary>Set when the supernode is being released: TERMINATING from then, TERMINATED from
    /// <see cref="TerminatedAt"/>, not found from <see cref="GoneAt"/>.</summary>
    public DateTimeOffset? TerminatingSince { get; set; }
    public DateTimeOffset TerminatedAt { get; set; }
    public DateTimeOffset GoneAt { get; set; }
    public bool Terminated { get; set; }

    public bool IsScaling => Servers.Any(server => ServerStatus.IsScaling(server.Status));

    public string Status =>
        Terminated ? SupernodeStatus.Terminated
        : TerminatingSince is not null ? SupernodeStatus.Terminating
        : InError ? SupernodeStatus.Error
        : IsScaling && Arrival == ServerArrival.Together ? SupernodeStatus.Provisioning
        : SupernodeStatus.Active;
}
