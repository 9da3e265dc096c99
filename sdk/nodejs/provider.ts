// Shape of `pulumi package gen-sdk --language nodejs` (pulumi/pulumi pkg/codegen/nodejs); see README.md.

import * as pulumi from "@pulumi/pulumi";
import * as utilities from "./utilities";

/**
 * The clusterscale provider: obshell agents and Huawei Cloud credentials.
 */
export class Provider extends pulumi.ProviderResource {
    /** @internal */
    public static readonly __pulumiType = 'clusterscale';

    /**
     * Returns true if the given object is an instance of Provider.  This is designed to work even
     * when multiple copies of the Pulumi SDK have been loaded into the same process.
     */
    public static isInstance(obj: any): obj is Provider {
        if (obj === undefined || obj === null) {
            return false;
        }
        return obj['__pulumiType'] === "pulumi:providers:" + Provider.__pulumiType;
    }

    /**
     * Create a Provider resource with the given unique name, arguments, and options.
     *
     * @param name The _unique_ name of the resource.
     * @param args The arguments to use to populate this resource's properties.
     * @param opts A bag of options that control this resource's behavior.
     */
    constructor(name: string, args?: ProviderArgs, opts?: pulumi.ResourceOptions) {
        let resourceInputs: pulumi.Inputs = {};
        opts = opts || {};
        {
            // The one departure from gen-sdk's shape: a secret key supplied by its environment variable is sent as a
            // secret too (gen-sdk wraps only a value the program passes), as the C# SDK's ProviderArgs does, so it is
            // encrypted in the provider's state.
            const huaweiAccessKey = (args?.huaweiAccessKey) ?? utilities.getEnv("HW_ACCESS_KEY");
            resourceInputs["huaweiAccessKey"] = huaweiAccessKey ? pulumi.secret(huaweiAccessKey) : undefined;
            resourceInputs["huaweiEndpoint"] = (args?.huaweiEndpoint) ?? utilities.getEnv("HW_MODELARTS_ENDPOINT");
            resourceInputs["huaweiProjectId"] = (args?.huaweiProjectId) ?? utilities.getEnv("HW_PROJECT_ID");
            resourceInputs["huaweiRegion"] = (args?.huaweiRegion) ?? utilities.getEnv("HW_REGION_NAME");
            const huaweiSecretKey = (args?.huaweiSecretKey) ?? utilities.getEnv("HW_SECRET_KEY");
            resourceInputs["huaweiSecretKey"] = huaweiSecretKey ? pulumi.secret(huaweiSecretKey) : undefined;
            const huaweiSecurityToken = (args?.huaweiSecurityToken) ?? utilities.getEnv("HW_SECURITY_TOKEN");
            resourceInputs["huaweiSecurityToken"] = huaweiSecurityToken ? pulumi.secret(huaweiSecurityToken) : undefined;
            const obshellAgentPassword = (args?.obshellAgentPassword) ?? utilities.getEnv("OBSHELL_AGENT_PASSWORD");
            resourceInputs["obshellAgentPassword"] = obshellAgentPassword ? pulumi.secret(obshellAgentPassword) : undefined;
            resourceInputs["obshellEndpoints"] = pulumi.output(args?.obshellEndpoints).apply(JSON.stringify);
            const obshellRootPassword = (args?.obshellRootPassword) ?? utilities.getEnv("OBSHELL_ROOT_PASSWORD");
            resourceInputs["obshellRootPassword"] = obshellRootPassword ? pulumi.secret(obshellRootPassword) : undefined;
            resourceInputs["obshellUseTls"] = pulumi.output((args?.obshellUseTls) ?? (utilities.getEnvBoolean("OBSHELL_USE_TLS") || false)).apply(JSON.stringify);
        }
        opts = pulumi.mergeOptions(utilities.resourceOptsDefaults(), opts);
        super(Provider.__pulumiType, name, resourceInputs, opts);
    }
}

/**
 * The set of arguments for constructing a Provider resource.
 */
export interface ProviderArgs {
    /**
     * Access key (AK) used to sign requests.
     */
    huaweiAccessKey?: pulumi.Input<string>;
    /**
     * ModelArts endpoint URL overriding the region's (e.g. the simulator).
     */
    huaweiEndpoint?: pulumi.Input<string>;
    /**
     * Huawei Cloud project id of the region.
     */
    huaweiProjectId?: pulumi.Input<string>;
    /**
     * Huawei Cloud region, e.g. cn-southwest-2; selects https://modelarts.{region}.myhuaweicloud.com.
     */
    huaweiRegion?: pulumi.Input<string>;
    /**
     * Secret key (SK) used to sign requests.
     */
    huaweiSecretKey?: pulumi.Input<string>;
    /**
     * Security token of temporary credentials (sent as X-Security-Token).
     */
    huaweiSecurityToken?: pulumi.Input<string>;
    /**
     * obshell agent password (obshell 4.2.6.0+), sent (encrypted) in X-OCS-Agent-Header; wins over the root password.
     */
    obshellAgentPassword?: pulumi.Input<string>;
    /**
     * obshell agents of the cluster to talk to, as host:port (the listener address). Name at least two so a node can be removed through another member. When unset, the plugin reads OBSHELL_ENDPOINTS (comma-separated).
     */
    obshellEndpoints?: pulumi.Input<pulumi.Input<string>[]>;
    /**
     * Password of root@sys, sent (encrypted) in X-OCS-Header when no agent password is set.
     */
    obshellRootPassword?: pulumi.Input<string>;
    /**
     * Talk https to the agents (their certificates must validate against the machine's trust store).
     */
    obshellUseTls?: pulumi.Input<boolean>;
}
