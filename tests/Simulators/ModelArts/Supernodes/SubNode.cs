namespace ClusterScale.Simulators.ModelArts.Supernodes;

/// <summary>One server of a supernode. Mutable; only <see cref="SupernodeStore"/> touches it, under its lock.</summary>
internal sealed class SubNode
{
    public required string Id { get; init; }
    public required string Name { get; init; }
    public required string Flavor { get; init; }
    public required string ChargingMode { get; init; }
    public required string OrderId { get; init; }
    public required string KeyPairName { get; init; }
    public required string ImageId { get; init; }
    public required string PrivateIp { get; init; }
    public required IReadOnlyList<ServerVolumeInfo> Volumes { get; init; }
    public string CloudServerId { get; } = Guid.NewGuid().ToString();
    public string HpsEcsId { get; } = Guid.NewGuid().ToString();

    /// <summary>`create_at`: when the scale-up that ordered it was accepted, on the cloud's clock (spec Corrections
    /// 2026-12-05: set at acceptance, the only evidence besides the count of which scale created it).</summary>
    public required DateTimeOffset CreateAt { get; init; }

    /// <summary>When the server first shows in the supernode's list: after the acceptance answer, later still with
    /// <see cref="ModelArtsSimulatorOptions.ArrivalDelay"/> or when it arrives one by one.</summary>
    public required DateTimeOffset ListedAt { get; init; }
    public required DateTimeOffset UpdateAt { get; set; }
    public required string Status { get; set; }

    /// <summary>When a CREATING or DELETING server leaves that state; null when it waits for nothing the clock brings.</summary>
    public DateTimeOffset? SettlesAt { get; set; }

    /// <summary>What a CREATING server becomes: RUNNING, or CREATE_FAILED when a fault was armed.</summary>
    public string CreationOutcome { get; init; } = ServerStatus.Running;

    /// <summary>A PRE_PAID server whose order nobody paid: it stays CREATING until <see cref="SupernodeStore.PayOrders"/>.</summary>
    public bool AwaitingPayment { get; set; }

    public bool IsListedAt(DateTimeOffset now) => ListedAt <= now;

    public ServerView ToView() => new(Id, Name, Status, Flavor);
}
