namespace ClusterScale.Simulators.Obshell.Cluster;

/// <summary>Agent identities as obshell spells them.</summary>
public static class Identities
{
    public const string Single = "SINGLE";
    public const string ClusterAgent = "CLUSTER AGENT";
    public const string ScalingOut = "SCALING OUT";
    public const string ScalingIn = "SCALING IN";
}

/// <summary>OBServer status in DBA_OB_SERVERS / the topology of <c>/api/v1/ob/info</c>.</summary>
public static class ServerStatuses
{
    public const string Active = "ACTIVE";
    public const string Inactive = "INACTIVE";
    public const string Deleting = "DELETING";
}
