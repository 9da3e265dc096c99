// Shape of `pulumi package gen-sdk --language nodejs` (pulumi/pulumi pkg/codegen/nodejs); see README.md.

import * as pulumi from "@pulumi/pulumi";
import * as utilities from "../utilities";

// Export members:
export { GetSupernodeArgs, GetSupernodeOutputArgs, GetSupernodeResult } from "./getSupernode";
export const getSupernode: typeof import("./getSupernode").getSupernode = null as any;
export const getSupernodeOutput: typeof import("./getSupernode").getSupernodeOutput = null as any;
utilities.lazyLoad(exports, ["getSupernode","getSupernodeOutput"], () => require("./getSupernode"));

export { SupernodeScaleArgs } from "./supernodeScale";
export type SupernodeScale = import("./supernodeScale").SupernodeScale;
export const SupernodeScale: typeof import("./supernodeScale").SupernodeScale = null as any;
utilities.lazyLoad(exports, ["SupernodeScale"], () => require("./supernodeScale"));

const _module = {
    version: utilities.getVersion(),
    construct: (name: string, type: string, urn: string): pulumi.Resource => {
        switch (type) {
            case "clusterscale:modelarts:SupernodeScale":
                return new SupernodeScale(name, <any>undefined, { urn })
            default:
                throw new Error(`unknown resource type ${type}`);
        }
    },
};
pulumi.runtime.registerResourceModule("clusterscale", "modelarts", _module)
