namespace ClusterScale.Simulators.ModelArts.Supernodes;

/// <summary>A supernode and its sub-nodes. Mutable; only <see cref="SupernodeStore"/> touches it, under its lock.</summary>
internal sealed class Supernode
{
    public required string Id { get; init; }
    public required string Name { get; init; }
    public required string OrderId { get; init; }
    public required DateTimeOffset CreateAt { get; init; }
    public string HpsId { get; } = Guid.NewGuid().ToString();
    public string HpsClusterId { get; } = Guid.NewGuid().ToString();
    public string VpcId { get; } = Guid.NewGuid().ToString();
    public string SubnetId { get; } = Guid.NewGuid().ToString();
    public required DateTimeOffset UpdateAt { get; set; }

    /// <summary>The flavor of the last successful scale (or of creation): supernode detail has no flavor field,
    /// the simulator keeps it to check live-scale-down's `flavor` and to show tests.</summary>
    public required string Flavor { get; set; }

    public bool InError { get; set; }
    public List<SubNode> Servers { get; } = [];

    /// <summary>Numbers server names `{name}-{n}` and private addresses without reuse.</summary>
    public int ServersEverCreated { get; set; }

    public string Status =>
        InError ? SupernodeStatus.Error
        : Servers.Any(server => server.InTransition) ? SupernodeStatus.Provisioning
        : SupernodeStatus.Active;
}
