using Newtonsoft.Json.Linq;

namespace ClusterScale.Provider.Obshell;

/// <summary>The package-schema entry of <c>clusterscale:obshell:ObserverNode</c>.</summary>
public static class ObserverNodeSchema
{
    public static JObject Build()
    {
        var inputs = new JObject
        {
            ["ip"] = Property("string", "IP address of the node's obshell agent (an IPv4 or IPv6 literal). Replaces the node when changed.", replace: true),
            ["obshellPort"] = Property("integer", "obshell port of the node's agent (1025-65535). Replaces the node when changed.", replace: true, defaultValue: 2886),
            ["zone"] = Property("string", "Zone the node joins; a zone new to the cluster is created and started. Replaces the node when changed.", replace: true),
            ["obConfigs"] = Property("object", "Observer parameters for the scale-out (rpc_port, mysql_port, memory_limit, datafile_size, ...), values as strings. On agents with the parameters route (obshell 4.3.0.0+) a change of a parameter OceanBase reports DYNAMIC_EFFECTIVE (not the ports) is set on the running node in place and refresh reads the node's values back; any other change (a parameter that needs a restart, a removed one, older agents) replaces the node, and the detailed diff names the parameter.", extra: new JObject { ["additionalProperties"] = new JObject { ["type"] = "string" } }),
            ["targetAgentPassword"] = Property("string", "Agent password of the node being added (obshell 4.2.6.0+), if it has one. A change replaces the node.", replace: true, secret: true),
            ["forceKill"] = Property("boolean", "At delete, kill the observer before removing it (needs every log stream to keep a Paxos majority).", defaultValue: false),
            ["failurePolicy"] = Property("string", "When the DAG fails: 'rollback' (undo it, release the cluster lock, fail cleanly) or 'leave' (keep the failed DAG for an operator; it holds the cluster lock; the next up retries it).", defaultValue: "rollback"),
        };
        var outputs = (JObject)inputs.DeepClone();
        outputs["dagId"] = Property("string", "Generic id of the DAG that added the node ('' when an existing member was adopted).");
        outputs["dagState"] = Property("string", "State of that DAG: SUCCEED once the node is a member; anything else marks an unfinished create the next update resumes.");
        outputs["rpcPort"] = Property("integer", "The observer's rpc port.");
        outputs["sqlPort"] = Property("integer", "The observer's MySQL port.");
        outputs["serverStatus"] = Property("string", "The observer's status in the cluster (ACTIVE, INACTIVE, DELETING, STOPPED).");
        outputs["version"] = Property("string", "The observer's OceanBase build version.");
        outputs["createdZone"] = Property("boolean", "Whether this node's scale-out created its zone (it was new to the cluster). Destroy then deletes the zone once the node has left it, if no other server joined it; a zone the node did not create is never deleted.");
        return new JObject
        {
            ["description"] = "One OBServer node of an OceanBase cluster, added with obshell scale_out and removed with scale_in. The provider waits for the agent's DAG and serializes operations on a cluster.",
            ["inputProperties"] = inputs,
            ["requiredInputs"] = new JArray("ip", "zone"),
            ["properties"] = outputs,
            // The DAG and server figures are absent while a create is unfinished (partial state), so they are optional.
            ["required"] = new JArray("ip", "obshellPort", "zone", "obConfigs", "forceKill", "failurePolicy", "serverStatus"),
        };
    }

    private static JObject Property(string type, string description, bool replace = false, bool secret = false, JToken? defaultValue = null, JObject? extra = null)
    {
        var property = new JObject { ["type"] = type, ["description"] = description };
        if (replace) property["replaceOnChanges"] = true;
        if (secret) property["secret"] = true;
        if (defaultValue is not null) property["default"] = defaultValue;
        if (extra is not null) property.Merge(extra);
        return property;
    }
}
