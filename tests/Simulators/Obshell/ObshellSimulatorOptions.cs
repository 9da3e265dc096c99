namespace ClusterScale.Simulators.Obshell;

/// <summary>How the simulated cluster is shaped and how fast and how strictly it behaves.</summary>
public sealed record ObshellSimulatorOptions
{
    /// <summary>Initial members, placed round-robin in zones zone1..zone<see cref="ZoneCount"/> (a zone that gets no member is not created).</summary>
    public int ClusterAgents { get; init; } = 3;

    public int ZoneCount { get; init; } = 3;

    /// <summary>
    /// The sys tenant's units sit in zone1..zone<c>N</c> (null: every initial zone). A zone beyond them was added
    /// to the cluster without a tenant replica: its servers can all leave and then the zone can be deleted. The only
    /// server of a zone with units cannot leave (OceanBase refuses DELETE SERVER; spec Corrections 2026-12-05).
    /// </summary>
    public int? ZonesWithUnits { get; init; }

    /// <summary>SINGLE agents (not in the cluster) that can be scaled out.</summary>
    public int SpareAgents { get; init; } = 2;

    /// <summary>The root@sys password the cluster checks in <c>X-OCS-Header</c>.</summary>
    public string RootPassword { get; init; } = "";

    /// <summary>The cluster's agent password ("" = none, <c>security: false</c>).</summary>
    public string AgentPassword { get; init; } = "";

    /// <summary>The agent password of every spare: what <c>targetAgentPassword</c> must be.</summary>
    public string SpareAgentPassword { get; init; } = "";

    /// <summary>How long each DAG node runs.</summary>
    public TimeSpan StageDuration { get; init; } = TimeSpan.FromMilliseconds(50);

    public string ObVersion { get; init; } = "4.3.5.0";

    /// <summary>The observer parameters the initial members started with (shown by <c>GET /api/v1/obcluster/parameters</c>).</summary>
    public IReadOnlyDictionary<string, string> MemberParameters { get; init; } = Cluster.ObParameters.DeployedMember;

    public string ObshellVersion { get; init; } = "4.3.5.0";

    /// <summary>1024 since obshell 4.4.2.0, 512 before.</summary>
    public int RsaKeyBits { get; init; } = 1024;

    /// <summary>
    /// The port of the admin listener that switches act-then-fail faults from outside the process
    /// (<c>/__sim/...</c>, see the README); 0 picks a free port, null (the default) starts none.
    /// </summary>
    public int? AdminPort { get; init; }

    /// <summary>
    /// The agents' clock runs this far ahead (negative: behind) of <see cref="Time"/>: DAG times, envelope
    /// <c>timestamp</c>, <c>/api/v1/time</c>, auth expiry and the ledger all use the agents' clock. A client decides
    /// what a DAG's <c>start_time</c> means only on that clock (spec Corrections 2026-12-05, "No DAG names its target").
    /// </summary>
    public TimeSpan ClockOffset { get; init; }

    /// <summary>Drives DAG timing, auth expiry and timestamps, so tests can run on fake time.</summary>
    public TimeProvider Time { get; init; } = TimeProvider.System;
}
