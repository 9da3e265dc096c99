// Shape of `pulumi package gen-sdk --language nodejs` (pulumi/pulumi pkg/codegen/nodejs); see README.md.

import * as pulumi from "@pulumi/pulumi";
import * as inputs from "../types/input";
import * as outputs from "../types/output";
import * as utilities from "../utilities";

/**
 * Reads an OceanBase cluster through its obshell agents: name, id, version, members, zones, whether it is under maintenance and its unfinished DAGs. Changes nothing.
 */
export function getCluster(args?: GetClusterArgs, opts?: pulumi.InvokeOptions): Promise<GetClusterResult> {
    args = args || {};
    opts = pulumi.mergeOptions(utilities.resourceOptsDefaults(), opts || {});
    return pulumi.runtime.invoke("clusterscale:obshell:getCluster", {
        "endpoints": args.endpoints,
    }, opts);
}

/**
 * The agents to ask.
 */
export interface GetClusterArgs {
    /**
     * obshell agents of the cluster as host:port; default: the provider's obshellEndpoints. The provider's passwords are used either way.
     */
    endpoints?: string[];
}

/**
 * The cluster as its agents report it.
 */
export interface GetClusterResult {
    /**
     * The cluster's id.
     */
    readonly clusterId: number;
    /**
     * The cluster's name.
     */
    readonly clusterName: string;
    /**
     * The cluster's members, sorted by ip and port.
     */
    readonly members: outputs.obshell.ClusterMember[];
    /**
     * True when an unfinished DAG holds the cluster's maintenance lock (no scale-out or scale-in can start).
     */
    readonly underMaintenance: boolean;
    /**
     * Unfinished cluster DAGs, sorted by id.
     */
    readonly unfinishedDags: outputs.obshell.ClusterDag[];
    /**
     * The OceanBase version.
     */
    readonly version: string;
    /**
     * The cluster's zones, sorted.
     */
    readonly zones: string[];
}

/**
 * Reads an OceanBase cluster through its obshell agents: name, id, version, members, zones, whether it is under maintenance and its unfinished DAGs. Changes nothing.
 */
export function getClusterOutput(args?: GetClusterOutputArgs, opts?: pulumi.InvokeOutputOptions): pulumi.Output<GetClusterResult> {
    args = args || {};
    opts = pulumi.mergeOptions(utilities.resourceOptsDefaults(), opts || {});
    return pulumi.runtime.invokeOutput("clusterscale:obshell:getCluster", {
        "endpoints": args.endpoints,
    }, opts);
}

/**
 * The agents to ask.
 */
export interface GetClusterOutputArgs {
    /**
     * obshell agents of the cluster as host:port; default: the provider's obshellEndpoints. The provider's passwords are used either way.
     */
    endpoints?: pulumi.Input<pulumi.Input<string>[]>;
}
