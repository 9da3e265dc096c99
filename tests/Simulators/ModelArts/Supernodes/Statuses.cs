namespace ClusterScale.Simulators.ModelArts.Supernodes;

/// <summary>Supernode `status` values (spec section 2: PY model/server_hyperinstance_response.py:58).</summary>
public static class SupernodeStatus
{
    /// <summary>UNCONFIRMED: upstream documents PROVISIONING for a supernode being created and nothing for one being
    /// scaled; with <see cref="ServerArrival.Together"/> the simulator shows PROVISIONING while sub-nodes are added
    /// or removed, with <see cref="ServerArrival.OneByOne"/> it stays ACTIVE throughout (spec section 5).</summary>
    public const string Provisioning = "PROVISIONING";
    public const string Active = "ACTIVE";
    public const string Error = "ERROR";
    public const string Terminating = "TERMINATING";
    public const string Terminated = "TERMINATED";
}

/// <summary>Server `status` values (spec section 2: PY model/server_response.py:84).</summary>
public static class ServerStatus
{
    public const string Creating = "CREATING";
    public const string Running = "RUNNING";
    public const string Stopped = "STOPPED";
    public const string Starting = "STARTING";
    public const string Stopping = "STOPPING";
    public const string Rebooting = "REBOOTING";
    public const string ChangingOs = "CHANGINGOS";
    public const string ReinstallingOs = "REINSTALLINGOS";
    public const string Deleting = "DELETING";
    public const string Error = "ERROR";
    public const string CreateFailed = "CREATE_FAILED";
    public const string DeleteFailed = "DELETE_FAILED";
    public const string StartFailed = "START_FAILED";
    public const string StopFailed = "STOP_FAILED";
    public const string RebootFailed = "REBOOT_FAILED";
    public const string ChangingOsFailed = "CHANGINGOS_FAILED";
    public const string ReinstallingOsFailed = "REINSTALLINGOS_FAILED";

    /// <summary>Every value a server can show (DELETED is never shown: a deleted server is no longer listed).</summary>
    public static readonly IReadOnlySet<string> All = new HashSet<string>(StringComparer.Ordinal)
    {
        Creating, Running, Stopped, Starting, Stopping, Rebooting, ChangingOs, ReinstallingOs, Deleting, Error,
        CreateFailed, DeleteFailed, StartFailed, StopFailed, RebootFailed, ChangingOsFailed, ReinstallingOsFailed,
    };

    /// <summary>A sub-node in one of these cannot be removed by live-scale-down (user manual "Scaling in": not while a
    /// node to be removed is switching OS, restarting, starting or stopping; spec section 4).</summary>
    public static readonly IReadOnlySet<string> Busy = new HashSet<string>(StringComparer.Ordinal)
    {
        ChangingOs, ReinstallingOs, Rebooting, Starting, Stopping,
    };

    /// <summary>A scale is under way while any sub-node is being added or removed.</summary>
    public static bool IsScaling(string status) => status is Creating or Deleting;
}

/// <summary>How the sub-nodes of a scale-up appear (spec section 5: upstream is silent; simulators offer both).</summary>
public enum ServerArrival
{
    /// <summary>All new sub-nodes are listed CREATING at once and turn RUNNING together; the supernode shows
    /// PROVISIONING meanwhile.</summary>
    Together,

    /// <summary>The new sub-nodes are listed one at a time, each CREATING for the create duration before it turns
    /// RUNNING and the next appears ("trickle"); the supernode stays ACTIVE throughout.</summary>
    OneByOne,
}

/// <summary>Server `charging_mode` values (spec section 2; PY model/server_response.py:68).</summary>
public static class ChargingMode
{
    public const string PostPaid = "POST_PAID";
    public const string PrePaid = "PRE_PAID";
}
