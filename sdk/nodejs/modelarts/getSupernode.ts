// Shape of `pulumi package gen-sdk --language nodejs` (pulumi/pulumi pkg/codegen/nodejs); see README.md.

import * as pulumi from "@pulumi/pulumi";
import * as inputs from "../types/input";
import * as outputs from "../types/output";
import * as utilities from "../utilities";

/**
 * Reads a ModelArts Lite Server supernode: status, flavor, charging mode, its servers and the flavors it can be scaled to. Changes nothing.
 */
export function getSupernode(args: GetSupernodeArgs, opts?: pulumi.InvokeOptions): Promise<GetSupernodeResult> {
    opts = pulumi.mergeOptions(utilities.resourceOptsDefaults(), opts || {});
    return pulumi.runtime.invoke("clusterscale:modelarts:getSupernode", {
        "supernodeId": args.supernodeId,
    }, opts);
}

/**
 * The supernode to read.
 */
export interface GetSupernodeArgs {
    /**
     * The supernode (hyperinstance) id.
     */
    supernodeId: string;
}

/**
 * The supernode as ModelArts reports it.
 */
export interface GetSupernodeResult {
    /**
     * POST_PAID, PRE_PAID or COMMON, from its servers when they all agree, else empty.
     */
    readonly chargingMode: string;
    /**
     * The supernode's flavor: the offered flavor (scale-evaluations) whose sub-node count equals its current count (ModelArts reports no flavor for the supernode itself); empty when none does.
     */
    readonly flavor: string;
    /**
     * The supernode's name.
     */
    readonly name: string;
    /**
     * The flavors it can be scaled to, as scale-evaluations lists them (sold-out ones marked).
     */
    readonly scaleOptions: outputs.modelarts.ScaleOption[];
    /**
     * Every server of the supernode, sorted by id.
     */
    readonly servers: outputs.modelarts.SupernodeServer[];
    /**
     * The supernode's status, e.g. ACTIVE.
     */
    readonly status: string;
    /**
     * The supernode id.
     */
    readonly supernodeId: string;
}

/**
 * Reads a ModelArts Lite Server supernode: status, flavor, charging mode, its servers and the flavors it can be scaled to. Changes nothing.
 */
export function getSupernodeOutput(args: GetSupernodeOutputArgs, opts?: pulumi.InvokeOutputOptions): pulumi.Output<GetSupernodeResult> {
    opts = pulumi.mergeOptions(utilities.resourceOptsDefaults(), opts || {});
    return pulumi.runtime.invokeOutput("clusterscale:modelarts:getSupernode", {
        "supernodeId": args.supernodeId,
    }, opts);
}

/**
 * The supernode to read.
 */
export interface GetSupernodeOutputArgs {
    /**
     * The supernode (hyperinstance) id.
     */
    supernodeId: pulumi.Input<string>;
}
