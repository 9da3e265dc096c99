using ClusterScale.Simulators.ModelArts.Supernodes;

namespace ClusterScale.Simulators.ModelArts;

public sealed record ModelArtsSimulatorOptions
{
    public string AccessKey { get; init; } = "SIMULATORACCESSKEY0001";
    public string SecretKey { get; init; } = "simulator-secret-key";
    public string ProjectId { get; init; } = "0f1e2d3c4b5a69788796a5b4c3d2e1f0";
    public string Region { get; init; } = "cn-southwest-2";

    /// <summary>How long a new sub-node stays CREATING before it is RUNNING (or CREATE_FAILED).</summary>
    public TimeSpan ServerCreateDuration { get; init; } = TimeSpan.FromMilliseconds(100);

    /// <summary>How scale-ups add sub-nodes unless a supernode's <see cref="SupernodeSetup.Arrival"/> says otherwise:
    /// all together (the supernode PROVISIONING meanwhile), or one by one ("trickle", the supernode ACTIVE throughout).</summary>
    public ServerArrival Arrival { get; init; } = ServerArrival.Together;

    /// <summary>How long a removed sub-node stays DELETING before it disappears; also how long a terminated supernode
    /// stays TERMINATING, then TERMINATED, before it is not found.</summary>
    public TimeSpan ServerDeleteDuration { get; init; } = TimeSpan.FromMilliseconds(100);

    /// <summary>How far X-Sdk-Date may be from the simulator's clock, either way.</summary>
    public TimeSpan MaxClockSkew { get; init; } = TimeSpan.FromMinutes(15);

    public IReadOnlyList<FlavorSpec> Flavors { get; init; } = FlavorCatalogue.Default;

    /// <summary>Drives state transitions, signature freshness and injected delays; a FakeTimeProvider makes them deterministic.</summary>
    public TimeProvider Time { get; init; } = TimeProvider.System;

    /// <summary>Kestrel port on 127.0.0.1; 0 picks a free one.</summary>
    public int Port { get; init; }

    /// <summary>How far the cloud's clock is from <see cref="Time"/> (the client's machine): every time the cloud
    /// shows (`create_at`, `update_at`, the `Date` header) and the gateway's check of X-Sdk-Date are on the cloud's
    /// clock, <see cref="Time"/> + this. Durations are unaffected.</summary>
    public TimeSpan ClockOffset { get; init; }

    /// <summary>How long after an accepted live-scale-up its first new server is listed (UNCONFIRMED: upstream is
    /// silent, spec section 5). Zero (the default): from the first read after the acceptance answer on.</summary>
    public TimeSpan ArrivalDelay { get; init; }

    /// <summary>The cloud's clock now.</summary>
    internal DateTimeOffset CloudNow() => Time.GetUtcNow() + ClockOffset;
}
