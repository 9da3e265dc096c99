// Shape of `pulumi package gen-sdk --language nodejs` (pulumi/pulumi pkg/codegen/nodejs); see README.md.

import * as pulumi from "@pulumi/pulumi";
import * as inputs from "../types/input";
import * as outputs from "../types/output";

export namespace modelarts {
    /**
     * Data disks of the servers added by later scale-ups.
     */
    export interface DataVolume {
        /**
         * Number of data disks, 1-8.
         */
        count: number;
        /**
         * Size in GB, 100-32768.
         */
        size: number;
        /**
         * ESSD, GPSSD, SAS, SATA or SSD.
         */
        type: string;
    }

    /**
     * System disk of the servers added by later scale-ups.
     */
    export interface RootVolume {
        /**
         * Size in GB, 100-1024.
         */
        size?: number;
        /**
         * ESSD, GPSSD, SAS, SATA or SSD.
         */
        type?: string;
    }

    /**
     * A flavor the supernode can be scaled to (scale-evaluations).
     */
    export interface ScaleOption {
        /**
         * The supernode flavor.
         */
        flavor: string;
        /**
         * The flavor of the servers it adds; empty when ModelArts does not say.
         */
        resourceFlavor: string;
        /**
         * True when the flavor is sold out (a scale-up to it would be refused).
         */
        soldOut: boolean;
    }

    /**
     * One scale-up made by this resource.
     */
    export interface ScaleStep {
        /**
         * The flavor the supernode was scaled to.
         */
        flavor: string;
        /**
         * The servers that scale-up added.
         */
        serverIds: string[];
    }

    /**
     * A sub-node server of the supernode.
     */
    export interface SupernodeServer {
        /**
         * Server flavor.
         */
        flavor: string;
        /**
         * Server id.
         */
        id: string;
        /**
         * Server name.
         */
        name: string;
        /**
         * Server status, e.g. RUNNING.
         */
        status: string;
    }
}

export namespace obshell {
    /**
     * An unfinished cluster DAG (a failed one included: it may hold the maintenance lock).
     */
    export interface ClusterDag {
        /**
         * The DAG's generic id.
         */
        id: string;
        /**
         * The DAG's name, e.g. Cluster scale out.
         */
        name: string;
        /**
         * READY, RUNNING, FAILED, ...
         */
        state: string;
    }

    /**
     * A member of the cluster (never a spare SINGLE agent).
     */
    export interface ClusterMember {
        /**
         * The agent's identity (MASTER, FOLLOWER, CLUSTER AGENT, SCALING OUT, ...).
         */
        identity: string;
        /**
         * The node's IP.
         */
        ip: string;
        /**
         * The node's obshell port.
         */
        obshellPort: number;
        /**
         * The observer's status in the topology (ACTIVE, INACTIVE, DELETING, STOPPED); empty when the agent has no observer row yet.
         */
        status: string;
        /**
         * The node's zone.
         */
        zone: string;
    }
}
