// Shape of `pulumi package gen-sdk --language nodejs` (pulumi/pulumi pkg/codegen/nodejs); see README.md.

import * as pulumi from "@pulumi/pulumi";
import * as inputs from "../types/input";
import * as outputs from "../types/output";

export namespace modelarts {
    /**
     * Data disks of the servers added by later scale-ups.
     */
    export interface DataVolumeArgs {
        /**
         * Number of data disks, 1-8.
         */
        count: pulumi.Input<number>;
        /**
         * Size in GB, 100-32768.
         */
        size: pulumi.Input<number>;
        /**
         * ESSD, GPSSD, SAS, SATA or SSD.
         */
        type: pulumi.Input<string>;
    }

    /**
     * System disk of the servers added by later scale-ups.
     */
    export interface RootVolumeArgs {
        /**
         * Size in GB, 100-1024.
         */
        size?: pulumi.Input<number>;
        /**
         * ESSD, GPSSD, SAS, SATA or SSD.
         */
        type?: pulumi.Input<string>;
    }
}
