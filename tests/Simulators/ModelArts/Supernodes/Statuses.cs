namespace ClusterScale.Simulators.ModelArts.Supernodes;

public static class SupernodeStatus
{
    /// <summary>UNCONFIRMED: the live API's status while sub-nodes are being added or removed is undocumented;
    /// the simulator shows PROVISIONING ("in progress" in the spec) and returns to ACTIVE once all settle.</summary>
    public const string Provisioning = "PROVISIONING";
    public const string Active = "ACTIVE";
    public const string Error = "ERROR";
}

public static class ServerStatus
{
    public const string Creating = "CREATING";
    public const string Running = "RUNNING";
    public const string CreateFailed = "CREATE_FAILED";
    public const string Deleting = "DELETING";
}
