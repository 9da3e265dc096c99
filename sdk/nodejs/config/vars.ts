// Shape of `pulumi package gen-sdk --language nodejs` (pulumi/pulumi pkg/codegen/nodejs); see README.md.

import * as pulumi from "@pulumi/pulumi";
import * as utilities from "../utilities";

declare var exports: any;
const __config = new pulumi.Config("clusterscale");

/**
 * Access key (AK) used to sign requests.
 */
export declare const huaweiAccessKey: string | undefined;
Object.defineProperty(exports, "huaweiAccessKey", {
    get() {
        return __config.get("huaweiAccessKey") ?? utilities.getEnv("HW_ACCESS_KEY");
    },
    enumerable: true,
});

/**
 * ModelArts endpoint URL overriding the region's (e.g. the simulator).
 */
export declare const huaweiEndpoint: string | undefined;
Object.defineProperty(exports, "huaweiEndpoint", {
    get() {
        return __config.get("huaweiEndpoint") ?? utilities.getEnv("HW_MODELARTS_ENDPOINT");
    },
    enumerable: true,
});

/**
 * Huawei Cloud project id of the region.
 */
export declare const huaweiProjectId: string | undefined;
Object.defineProperty(exports, "huaweiProjectId", {
    get() {
        return __config.get("huaweiProjectId") ?? utilities.getEnv("HW_PROJECT_ID");
    },
    enumerable: true,
});

/**
 * Huawei Cloud region, e.g. cn-southwest-2; selects https://modelarts.{region}.myhuaweicloud.com.
 */
export declare const huaweiRegion: string | undefined;
Object.defineProperty(exports, "huaweiRegion", {
    get() {
        return __config.get("huaweiRegion") ?? utilities.getEnv("HW_REGION_NAME");
    },
    enumerable: true,
});

/**
 * Secret key (SK) used to sign requests.
 */
export declare const huaweiSecretKey: string | undefined;
Object.defineProperty(exports, "huaweiSecretKey", {
    get() {
        return __config.get("huaweiSecretKey") ?? utilities.getEnv("HW_SECRET_KEY");
    },
    enumerable: true,
});

/**
 * Security token of temporary credentials (sent as X-Security-Token).
 */
export declare const huaweiSecurityToken: string | undefined;
Object.defineProperty(exports, "huaweiSecurityToken", {
    get() {
        return __config.get("huaweiSecurityToken") ?? utilities.getEnv("HW_SECURITY_TOKEN");
    },
    enumerable: true,
});

/**
 * obshell agent password (obshell 4.2.6.0+), sent (encrypted) in X-OCS-Agent-Header; wins over the root password.
 */
export declare const obshellAgentPassword: string | undefined;
Object.defineProperty(exports, "obshellAgentPassword", {
    get() {
        return __config.get("obshellAgentPassword") ?? utilities.getEnv("OBSHELL_AGENT_PASSWORD");
    },
    enumerable: true,
});

/**
 * obshell agents of the cluster to talk to, as host:port (the listener address). Name at least two so a node can be removed through another member. When unset, the plugin reads OBSHELL_ENDPOINTS (comma-separated).
 */
export declare const obshellEndpoints: string[] | undefined;
Object.defineProperty(exports, "obshellEndpoints", {
    get() {
        return __config.getObject<string[]>("obshellEndpoints");
    },
    enumerable: true,
});

/**
 * Password of root@sys, sent (encrypted) in X-OCS-Header when no agent password is set.
 */
export declare const obshellRootPassword: string | undefined;
Object.defineProperty(exports, "obshellRootPassword", {
    get() {
        return __config.get("obshellRootPassword") ?? utilities.getEnv("OBSHELL_ROOT_PASSWORD");
    },
    enumerable: true,
});

/**
 * Talk https to the agents (their certificates must validate against the machine's trust store).
 */
export declare const obshellUseTls: boolean;
Object.defineProperty(exports, "obshellUseTls", {
    get() {
        return __config.getObject<boolean>("obshellUseTls") ?? (utilities.getEnvBoolean("OBSHELL_USE_TLS") || false);
    },
    enumerable: true,
});
