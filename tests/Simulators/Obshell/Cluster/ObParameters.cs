using System.Globalization;

namespace ClusterScale.Simulators.Obshell.Cluster;

/// <summary>One parameter as GV$OB_PARAMETERS describes it; <see cref="Scope"/> CLUSTER (one value per server) or TENANT (one per server and tenant).</summary>
internal sealed record ObParameter(string Name, string DataType, string DefaultValue, string EditLevel, string Section, string Info, string Scope = ObParameters.ClusterScope)
{
    public bool IsTenantScope => Scope == ObParameters.TenantScope;
}

/// <summary>A tenant as GV$OB_PARAMETERS names it (meta tenants are left out, as obshell leaves them out).</summary>
internal sealed record ObTenant(int Id, string Name);

/// <summary>
/// The cluster parameters the simulated observers have: name, default, <c>EDIT_LEVEL</c> and section as OceanBase's
/// src/share/parameter/ob_parameter_seed.ipp defines them (oceanbase/oceanbase; e.g. rpc_port, mysql_port,
/// datafile_size, memory_limit, cpu_count and syslog_level are DYNAMIC_EFFECTIVE there, net_thread_count is
/// STATIC_EFFECTIVE, data_dir and devname READONLY). <c>DATA_TYPE</c> spellings are UNCONFIRMED.
/// </summary>
internal static class ObParameters
{
    public const string DynamicEffective = "DYNAMIC_EFFECTIVE";
    public const string StaticEffective = "STATIC_EFFECTIVE";
    public const string ReadOnly = "READONLY";
    public const string ClusterScope = "CLUSTER";
    public const string TenantScope = "TENANT";

    /// <summary>sys, and one user tenant (UNCONFIRMED choice: its units sit with sys's, so zones behave as with sys alone).</summary>
    public static readonly ObTenant Sys = new(1, "sys");

    public static readonly IReadOnlyList<ObTenant> Tenants = [Sys, new(1002, "tenant1")];

    /// <summary>What a deployed member starts with when the options name nothing else (a typical obshell deployment; UNCONFIRMED values).</summary>
    public static readonly IReadOnlyDictionary<string, string> DeployedMember = new Dictionary<string, string>
    {
        ["memory_limit"] = "16G",
        ["cpu_count"] = "16",
        ["datafile_size"] = "64G",
        ["log_disk_size"] = "48G",
    };

    public static readonly IReadOnlyList<ObParameter> Catalogue =
    [
        new("cpu_count", "INT", "0", DynamicEffective, "OBSERVER", "the number of CPU\\'s in the system. If this parameter is set to zero, the number will be set according to sysconf; otherwise, this parameter is used. Range: [0,+∞) in integer"),
        new("data_dir", "STRING", "store", ReadOnly, "SSTABLE", "the directory for the data file"),
        new("datafile_size", "CAPACITY", "0M", DynamicEffective, "SSTABLE", "size of the data file. Range: [0, +∞)"),
        new("devname", "STRING", "bond0", ReadOnly, "OBSERVER", "name of network adapter"),
        new("freeze_trigger_percentage", "INT", "20", DynamicEffective, "TENANT", "the threshold of the size of the mem store when freeze will be triggered. Rang:(0,100)", TenantScope),
        new("log_disk_size", "CAPACITY", "0M", DynamicEffective, "LOGSERVICE", "the size of disk space used by the log files. Range: [0, +∞)"),
        new("memory_limit", "CAPACITY", "0M", DynamicEffective, "OBSERVER", "the size of the memory reserved for internal use(for testing purpose), 0 means follow memory_limit_percentage. Range: 0, [1G,)."),
        new("mysql_port", "INT", "2881", DynamicEffective, "OBSERVER", "port number for mysql connection. Range: (1024, 65536) in integer"),
        new("net_thread_count", "INT", "0", StaticEffective, "OBSERVER", "the number of rpc/mysql I/O threads for Libeasy. Range: [0, 64] in integer, 0 stands for max(6, CPU_NUM/8)"),
        new("rpc_port", "INT", "2882", DynamicEffective, "OBSERVER", "the port number for RPC protocol. Range: (1024, 65536) in integer"),
        new("syslog_level", "STRING", "WDIAG", DynamicEffective, "OBSERVER", "specifies the current level of logging. There are DEBUG, TRACE, WDIAG, EDIAG, INFO, WARN, ERROR, seven different log levels."),
        new("writing_throttling_trigger_percentage", "INT", "60", DynamicEffective, "TENANT", "the threshold of the size of the mem store when writing_limit will be triggered. Rang:(0,100]. setting 100 means turn off writing limit", TenantScope),
        new("system_memory", "CAPACITY", "0M", DynamicEffective, "OBSERVER", "the memory reserved for internal use which cannot be allocated to any outer-tenant, and should be determined to guarantee every server functions normally. Range: [0M,)"),
        new("zone", "STRING", "", DynamicEffective, "OBSERVER", "specifies the zone name"),
    ];

    public static ObParameter? Find(string name) => Catalogue.FirstOrDefault(p => string.Equals(p.Name, name, StringComparison.OrdinalIgnoreCase));

    /// <summary>
    /// The value a server shows: what was set on it (at its first start or since), else its own ports and zone,
    /// else the default. A changed port shows at once though the observer keeps listening where it started.
    /// </summary>
    public static string ValueOn(ObServer server, ObParameter parameter) => parameter.IsTenantScope
        ? ValueOn(server, parameter, Sys)
        : server.Parameters.GetValueOrDefault(parameter.Name) ?? parameter.Name switch
        {
            "rpc_port" => server.RpcPort.ToString(CultureInfo.InvariantCulture),
            "mysql_port" => server.SqlPort.ToString(CultureInfo.InvariantCulture),
            "zone" => server.Zone,
            _ => parameter.DefaultValue,
        };

    /// <summary>The value a tenant parameter has for <paramref name="tenant"/> on the server: what was set, else the default.</summary>
    public static string ValueOn(ObServer server, ObParameter parameter, ObTenant tenant) =>
        server.TenantParameters.GetValueOrDefault((parameter.Name, tenant.Id)) ?? parameter.DefaultValue;

    /// <summary>
    /// The parameters a server starts with: the known cluster ones among <paramref name="configs"/>, less what obshell
    /// sets itself (UNCONFIRMED: a tenant parameter in the startup configs is not simulated, it keeps its default).
    /// </summary>
    public static Dictionary<string, string> StartupValues(IReadOnlyDictionary<string, string> configs) => configs
        .Where(c => Find(c.Key) is { IsTenantScope: false, Name: not ("rpc_port" or "mysql_port" or "zone") })
        .ToDictionary(c => Find(c.Key)!.Name, c => c.Value, StringComparer.OrdinalIgnoreCase);
}
