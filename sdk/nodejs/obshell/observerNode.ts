// Shape of `pulumi package gen-sdk --language nodejs` (pulumi/pulumi pkg/codegen/nodejs); see README.md.

import * as pulumi from "@pulumi/pulumi";
import * as utilities from "../utilities";

/**
 * One OBServer node of an OceanBase cluster, added with obshell scale_out and removed with scale_in. The provider waits for the agent's DAG and serializes operations on a cluster.
 */
export class ObserverNode extends pulumi.CustomResource {
    /**
     * Get an existing ObserverNode resource's state with the given name, ID, and optional extra
     * properties used to qualify the lookup.
     *
     * @param name The _unique_ name of the resulting resource.
     * @param id The _unique_ provider ID of the resource to lookup.
     * @param opts Optional settings to control the behavior of the CustomResource.
     */
    public static get(name: string, id: pulumi.Input<pulumi.ID>, opts?: pulumi.CustomResourceOptions): ObserverNode {
        return new ObserverNode(name, undefined as any, { ...opts, id: id });
    }

    /** @internal */
    public static readonly __pulumiType = 'clusterscale:obshell:ObserverNode';

    /**
     * Returns true if the given object is an instance of ObserverNode.  This is designed to work even
     * when multiple copies of the Pulumi SDK have been loaded into the same process.
     */
    public static isInstance(obj: any): obj is ObserverNode {
        if (obj === undefined || obj === null) {
            return false;
        }
        return obj['__pulumiType'] === ObserverNode.__pulumiType;
    }

    /**
     * Whether this node's scale-out created its zone (it was new to the cluster). Destroy then deletes the zone once the node has left it, if no other server joined it; a zone the node did not create is never deleted.
     */
    declare public /*out*/ readonly createdZone: pulumi.Output<boolean | undefined>;
    /**
     * Generic id of the DAG that added the node ('' when an existing member was adopted).
     */
    declare public /*out*/ readonly dagId: pulumi.Output<string | undefined>;
    /**
     * State of that DAG: SUCCEED once the node is a member; anything else marks an unfinished create the next update resumes.
     */
    declare public /*out*/ readonly dagState: pulumi.Output<string | undefined>;
    /**
     * When the DAG fails: 'rollback' (undo it, release the cluster lock, fail cleanly) or 'leave' (keep the failed DAG for an operator; it holds the cluster lock; the next up retries it).
     */
    declare public readonly failurePolicy: pulumi.Output<string>;
    /**
     * At delete, kill the observer before removing it (needs every log stream to keep a Paxos majority).
     */
    declare public readonly forceKill: pulumi.Output<boolean>;
    /**
     * IP address of the node's obshell agent (an IPv4 or IPv6 literal). Replaces the node when changed.
     */
    declare public readonly ip: pulumi.Output<string>;
    /**
     * Observer parameters for the scale-out (rpc_port, mysql_port, memory_limit, datafile_size, ...), values as strings. On agents with the parameters route (obshell 4.3.0.0+) a change of a parameter OceanBase reports DYNAMIC_EFFECTIVE (not the ports) is set on the running node in place and refresh reads the node's values back; any other change (a parameter that needs a restart, a removed one, older agents) replaces the node, and the detailed diff names the parameter.
     */
    declare public readonly obConfigs: pulumi.Output<{[key: string]: string}>;
    /**
     * obshell port of the node's agent (1025-65535). Replaces the node when changed.
     */
    declare public readonly obshellPort: pulumi.Output<number>;
    /**
     * The observer's rpc port.
     */
    declare public /*out*/ readonly rpcPort: pulumi.Output<number | undefined>;
    /**
     * The observer's status in the cluster (ACTIVE, INACTIVE, DELETING, STOPPED).
     */
    declare public /*out*/ readonly serverStatus: pulumi.Output<string>;
    /**
     * The observer's MySQL port.
     */
    declare public /*out*/ readonly sqlPort: pulumi.Output<number | undefined>;
    /**
     * Agent password of the node being added (obshell 4.2.6.0+), if it has one. A change replaces the node.
     */
    declare public readonly targetAgentPassword: pulumi.Output<string | undefined>;
    /**
     * The observer's OceanBase build version.
     */
    declare public /*out*/ readonly version: pulumi.Output<string | undefined>;
    /**
     * Zone the node joins; a zone new to the cluster is created and started. Replaces the node when changed.
     */
    declare public readonly zone: pulumi.Output<string>;

    /**
     * Create a ObserverNode resource with the given unique name, arguments, and options.
     *
     * @param name The _unique_ name of the resource.
     * @param args The arguments to use to populate this resource's properties.
     * @param opts A bag of options that control this resource's behavior.
     */
    constructor(name: string, args: ObserverNodeArgs, opts?: pulumi.CustomResourceOptions) {
        let resourceInputs: pulumi.Inputs = {};
        opts = opts || {};
        if (!opts.id) {
            if (args?.ip === undefined && !opts.urn) {
                throw new Error("Missing required property 'ip'");
            }
            if (args?.zone === undefined && !opts.urn) {
                throw new Error("Missing required property 'zone'");
            }
            resourceInputs["failurePolicy"] = (args?.failurePolicy) ?? "rollback";
            resourceInputs["forceKill"] = (args?.forceKill) ?? false;
            resourceInputs["ip"] = args?.ip;
            resourceInputs["obConfigs"] = args?.obConfigs;
            resourceInputs["obshellPort"] = (args?.obshellPort) ?? 2886;
            resourceInputs["targetAgentPassword"] = args?.targetAgentPassword ? pulumi.secret(args.targetAgentPassword) : undefined;
            resourceInputs["zone"] = args?.zone;
            resourceInputs["createdZone"] = undefined /*out*/;
            resourceInputs["dagId"] = undefined /*out*/;
            resourceInputs["dagState"] = undefined /*out*/;
            resourceInputs["rpcPort"] = undefined /*out*/;
            resourceInputs["serverStatus"] = undefined /*out*/;
            resourceInputs["sqlPort"] = undefined /*out*/;
            resourceInputs["version"] = undefined /*out*/;
        } else {
            resourceInputs["createdZone"] = undefined /*out*/;
            resourceInputs["dagId"] = undefined /*out*/;
            resourceInputs["dagState"] = undefined /*out*/;
            resourceInputs["failurePolicy"] = undefined /*out*/;
            resourceInputs["forceKill"] = undefined /*out*/;
            resourceInputs["ip"] = undefined /*out*/;
            resourceInputs["obConfigs"] = undefined /*out*/;
            resourceInputs["obshellPort"] = undefined /*out*/;
            resourceInputs["rpcPort"] = undefined /*out*/;
            resourceInputs["serverStatus"] = undefined /*out*/;
            resourceInputs["sqlPort"] = undefined /*out*/;
            resourceInputs["targetAgentPassword"] = undefined /*out*/;
            resourceInputs["version"] = undefined /*out*/;
            resourceInputs["zone"] = undefined /*out*/;
        }
        opts = pulumi.mergeOptions(utilities.resourceOptsDefaults(), opts);
        const secretOpts = { additionalSecretOutputs: ["targetAgentPassword"] };
        opts = pulumi.mergeOptions(opts, secretOpts);
        const replaceOnChanges = { replaceOnChanges: ["ip", "obshellPort", "targetAgentPassword", "zone"] };
        opts = pulumi.mergeOptions(opts, replaceOnChanges);
        super(ObserverNode.__pulumiType, name, resourceInputs, opts);
    }
}

/**
 * The set of arguments for constructing a ObserverNode resource.
 */
export interface ObserverNodeArgs {
    /**
     * When the DAG fails: 'rollback' (undo it, release the cluster lock, fail cleanly) or 'leave' (keep the failed DAG for an operator; it holds the cluster lock; the next up retries it).
     */
    failurePolicy?: pulumi.Input<string>;
    /**
     * At delete, kill the observer before removing it (needs every log stream to keep a Paxos majority).
     */
    forceKill?: pulumi.Input<boolean>;
    /**
     * IP address of the node's obshell agent (an IPv4 or IPv6 literal). Replaces the node when changed.
     */
    ip: pulumi.Input<string>;
    /**
     * Observer parameters for the scale-out (rpc_port, mysql_port, memory_limit, datafile_size, ...), values as strings. On agents with the parameters route (obshell 4.3.0.0+) a change of a parameter OceanBase reports DYNAMIC_EFFECTIVE (not the ports) is set on the running node in place and refresh reads the node's values back; any other change (a parameter that needs a restart, a removed one, older agents) replaces the node, and the detailed diff names the parameter.
     */
    obConfigs?: pulumi.Input<{[key: string]: pulumi.Input<string>}>;
    /**
     * obshell port of the node's agent (1025-65535). Replaces the node when changed.
     */
    obshellPort?: pulumi.Input<number>;
    /**
     * Agent password of the node being added (obshell 4.2.6.0+), if it has one. A change replaces the node.
     */
    targetAgentPassword?: pulumi.Input<string>;
    /**
     * Zone the node joins; a zone new to the cluster is created and started. Replaces the node when changed.
     */
    zone: pulumi.Input<string>;
}
