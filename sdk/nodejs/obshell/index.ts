// Shape of `pulumi package gen-sdk --language nodejs` (pulumi/pulumi pkg/codegen/nodejs); see README.md.

import * as pulumi from "@pulumi/pulumi";
import * as utilities from "../utilities";

// Export members:
export { GetClusterArgs, GetClusterOutputArgs, GetClusterResult } from "./getCluster";
export const getCluster: typeof import("./getCluster").getCluster = null as any;
export const getClusterOutput: typeof import("./getCluster").getClusterOutput = null as any;
utilities.lazyLoad(exports, ["getCluster","getClusterOutput"], () => require("./getCluster"));

export { ObserverNodeArgs } from "./observerNode";
export type ObserverNode = import("./observerNode").ObserverNode;
export const ObserverNode: typeof import("./observerNode").ObserverNode = null as any;
utilities.lazyLoad(exports, ["ObserverNode"], () => require("./observerNode"));

const _module = {
    version: utilities.getVersion(),
    construct: (name: string, type: string, urn: string): pulumi.Resource => {
        switch (type) {
            case "clusterscale:obshell:ObserverNode":
                return new ObserverNode(name, <any>undefined, { urn })
            default:
                throw new Error(`unknown resource type ${type}`);
        }
    },
};
pulumi.runtime.registerResourceModule("clusterscale", "obshell", _module)
