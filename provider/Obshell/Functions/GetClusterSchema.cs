using ClusterScale.Provider.Functions;
using Newtonsoft.Json.Linq;

namespace ClusterScale.Provider.Obshell.Functions;

/// <summary>The package-schema entry of <c>clusterscale:obshell:getCluster</c> and the object types its result uses.</summary>
internal static class GetClusterSchema
{
    public const string Token = "clusterscale:obshell:getCluster";
    public const string EndpointsArg = "endpoints";
    public const string MemberType = "clusterscale:obshell:ClusterMember", DagType = "clusterscale:obshell:ClusterDag";

    private static JObject Prop(string type, string description) => new() { ["type"] = type, ["description"] = description };
    private static JObject ListOf(JObject items, string description) => new() { ["type"] = "array", ["items"] = items, ["description"] = description };
    private static JObject Ref(string type) => new() { ["$ref"] = $"#/types/{type}" };

    public static IReadOnlyDictionary<string, JObject> Types { get; } = new Dictionary<string, JObject>
    {
        [MemberType] = FunctionArgs.ObjectSpec("A member of the cluster (never a spare SINGLE agent).", new JObject
        {
            ["ip"] = Prop("string", "The node's IP."),
            ["obshellPort"] = Prop("integer", "The node's obshell port."),
            ["zone"] = Prop("string", "The node's zone."),
            ["status"] = Prop("string", "The observer's status in the topology (ACTIVE, INACTIVE, DELETING, STOPPED); empty when the agent has no observer row yet."),
            ["identity"] = Prop("string", "The agent's identity (MASTER, FOLLOWER, CLUSTER AGENT, SCALING OUT, ...)."),
        }, "ip", "obshellPort", "zone", "status", "identity"),
        [DagType] = FunctionArgs.ObjectSpec("An unfinished cluster DAG (a failed one included: it may hold the maintenance lock).", new JObject
        {
            ["id"] = Prop("string", "The DAG's generic id."),
            ["name"] = Prop("string", "The DAG's name, e.g. Cluster scale out."),
            ["state"] = Prop("string", "READY, RUNNING, FAILED, ..."),
        }, "id", "name", "state"),
    };

    public static JObject Function { get; } = new()
    {
        ["description"] = "Reads an OceanBase cluster through its obshell agents: name, id, version, members, zones, whether it is under maintenance and its unfinished DAGs. Changes nothing.",
        ["inputs"] = FunctionArgs.ObjectSpec("The agents to ask.", new JObject
        {
            [EndpointsArg] = ListOf(new JObject { ["type"] = "string" },
                "obshell agents of the cluster as host:port; default: the provider's obshellEndpoints. The provider's passwords are used either way."),
        }),
        ["outputs"] = FunctionArgs.ObjectSpec("The cluster as its agents report it.", new JObject
        {
            ["clusterName"] = Prop("string", "The cluster's name."),
            ["clusterId"] = Prop("integer", "The cluster's id."),
            ["version"] = Prop("string", "The OceanBase version."),
            ["members"] = ListOf(Ref(MemberType), "The cluster's members, sorted by ip and port."),
            ["zones"] = ListOf(new JObject { ["type"] = "string" }, "The cluster's zones, sorted."),
            ["underMaintenance"] = Prop("boolean", "True when an unfinished DAG holds the cluster's maintenance lock (no scale-out or scale-in can start)."),
            ["unfinishedDags"] = ListOf(Ref(DagType), "Unfinished cluster DAGs, sorted by id."),
        }, "clusterName", "clusterId", "version", "members", "zones", "underMaintenance", "unfinishedDags"),
    };
}
