// Shape of `pulumi package gen-sdk --language nodejs` (pulumi/pulumi pkg/codegen/nodejs); see README.md.

import * as pulumi from "@pulumi/pulumi";
import * as inputs from "../types/input";
import * as outputs from "../types/output";
import * as utilities from "../utilities";

/**
 * Capacity added to a Huawei Cloud ModelArts Lite Server supernode with live-scale-up; delete removes exactly the servers it added. Import id: `<supernodeId>:<serverId>[,<serverId>...]`.
 */
export class SupernodeScale extends pulumi.CustomResource {
    /**
     * Get an existing SupernodeScale resource's state with the given name, ID, and optional extra
     * properties used to qualify the lookup.
     *
     * @param name The _unique_ name of the resulting resource.
     * @param id The _unique_ provider ID of the resource to lookup.
     * @param opts Optional settings to control the behavior of the CustomResource.
     */
    public static get(name: string, id: pulumi.Input<pulumi.ID>, opts?: pulumi.CustomResourceOptions): SupernodeScale {
        return new SupernodeScale(name, undefined as any, { ...opts, id: id });
    }

    /** @internal */
    public static readonly __pulumiType = 'clusterscale:modelarts:SupernodeScale';

    /**
     * Returns true if the given object is an instance of SupernodeScale.  This is designed to work even
     * when multiple copies of the Pulumi SDK have been loaded into the same process.
     */
    public static isInstance(obj: any): obj is SupernodeScale {
        if (obj === undefined || obj === null) {
            return false;
        }
        return obj['__pulumiType'] === SupernodeScale.__pulumiType;
    }

    /**
     * Servers added by this resource that still exist.
     */
    declare public /*out*/ readonly addedServerIds: pulumi.Output<string[]>;
    /**
     * Servers to treat as added by this resource when the provider cannot tell on its own (an ambiguous answer to its scale-up, another actor scaling at the same moment, or a create killed before Pulumi recorded it); the error that asks for it names the ids. Of the servers in question, those listed become this resource's (destroy removes them) and the others are left to whoever added them.
     */
    declare public readonly adoptServerIds: pulumi.Output<string[] | undefined>;
    /**
     * Data disks of added servers; affects only later scale-ups.
     */
    declare public readonly dataVolume: pulumi.Output<outputs.modelarts.DataVolume | undefined>;
    /**
     * The supernode's target flavor. Larger: live-scale-up. Back to a flavor this resource scaled through (or the flavor it started from): live-scale-down of the servers added after it.
     */
    declare public readonly flavor: pulumi.Output<string>;
    /**
     * Image of the servers added by scale-ups (36-character UUID). Changing it affects only later scale-ups.
     */
    declare public readonly imageId: pulumi.Output<string>;
    /**
     * Key pair of the servers added by scale-ups. Changing it affects only later scale-ups.
     */
    declare public readonly keyPairName: pulumi.Output<string>;
    /**
     * System disk of added servers; affects only later scale-ups.
     */
    declare public readonly rootVolume: pulumi.Output<outputs.modelarts.RootVolume | undefined>;
    /**
     * The scale-ups this resource made, oldest first.
     */
    declare public /*out*/ readonly scaleSteps: pulumi.Output<outputs.modelarts.ScaleStep[]>;
    /**
     * Every server of the supernode, sorted by id.
     */
    declare public /*out*/ readonly servers: pulumi.Output<outputs.modelarts.SupernodeServer[]>;
    /**
     * The Lite Server supernode (hyperinstance) to scale. Changing it replaces the resource.
     */
    declare public readonly supernodeId: pulumi.Output<string>;
    /**
     * The supernode's status, e.g. ACTIVE.
     */
    declare public /*out*/ readonly supernodeStatus: pulumi.Output<string>;
    /**
     * Base64 user data (at most 32 KB before encoding) for added servers; affects only later scale-ups.
     */
    declare public readonly userdata: pulumi.Output<string | undefined>;

    /**
     * Create a SupernodeScale resource with the given unique name, arguments, and options.
     *
     * @param name The _unique_ name of the resource.
     * @param args The arguments to use to populate this resource's properties.
     * @param opts A bag of options that control this resource's behavior.
     */
    constructor(name: string, args: SupernodeScaleArgs, opts?: pulumi.CustomResourceOptions) {
        let resourceInputs: pulumi.Inputs = {};
        opts = opts || {};
        if (!opts.id) {
            if (args?.flavor === undefined && !opts.urn) {
                throw new Error("Missing required property 'flavor'");
            }
            if (args?.imageId === undefined && !opts.urn) {
                throw new Error("Missing required property 'imageId'");
            }
            if (args?.keyPairName === undefined && !opts.urn) {
                throw new Error("Missing required property 'keyPairName'");
            }
            if (args?.supernodeId === undefined && !opts.urn) {
                throw new Error("Missing required property 'supernodeId'");
            }
            resourceInputs["adoptServerIds"] = args?.adoptServerIds;
            resourceInputs["dataVolume"] = args?.dataVolume;
            resourceInputs["flavor"] = args?.flavor;
            resourceInputs["imageId"] = args?.imageId;
            resourceInputs["keyPairName"] = args?.keyPairName;
            resourceInputs["rootVolume"] = args?.rootVolume;
            resourceInputs["supernodeId"] = args?.supernodeId;
            resourceInputs["userdata"] = args?.userdata ? pulumi.secret(args.userdata) : undefined;
            resourceInputs["addedServerIds"] = undefined /*out*/;
            resourceInputs["scaleSteps"] = undefined /*out*/;
            resourceInputs["servers"] = undefined /*out*/;
            resourceInputs["supernodeStatus"] = undefined /*out*/;
        } else {
            resourceInputs["addedServerIds"] = undefined /*out*/;
            resourceInputs["adoptServerIds"] = undefined /*out*/;
            resourceInputs["dataVolume"] = undefined /*out*/;
            resourceInputs["flavor"] = undefined /*out*/;
            resourceInputs["imageId"] = undefined /*out*/;
            resourceInputs["keyPairName"] = undefined /*out*/;
            resourceInputs["rootVolume"] = undefined /*out*/;
            resourceInputs["scaleSteps"] = undefined /*out*/;
            resourceInputs["servers"] = undefined /*out*/;
            resourceInputs["supernodeId"] = undefined /*out*/;
            resourceInputs["supernodeStatus"] = undefined /*out*/;
            resourceInputs["userdata"] = undefined /*out*/;
        }
        opts = pulumi.mergeOptions(utilities.resourceOptsDefaults(), opts);
        const secretOpts = { additionalSecretOutputs: ["userdata"] };
        opts = pulumi.mergeOptions(opts, secretOpts);
        super(SupernodeScale.__pulumiType, name, resourceInputs, opts);
    }
}

/**
 * The set of arguments for constructing a SupernodeScale resource.
 */
export interface SupernodeScaleArgs {
    /**
     * Servers to treat as added by this resource when the provider cannot tell on its own (an ambiguous answer to its scale-up, another actor scaling at the same moment, or a create killed before Pulumi recorded it); the error that asks for it names the ids. Of the servers in question, those listed become this resource's (destroy removes them) and the others are left to whoever added them.
     */
    adoptServerIds?: pulumi.Input<pulumi.Input<string>[]>;
    /**
     * Data disks of added servers; affects only later scale-ups.
     */
    dataVolume?: pulumi.Input<inputs.modelarts.DataVolumeArgs>;
    /**
     * The supernode's target flavor. Larger: live-scale-up. Back to a flavor this resource scaled through (or the flavor it started from): live-scale-down of the servers added after it.
     */
    flavor: pulumi.Input<string>;
    /**
     * Image of the servers added by scale-ups (36-character UUID). Changing it affects only later scale-ups.
     */
    imageId: pulumi.Input<string>;
    /**
     * Key pair of the servers added by scale-ups. Changing it affects only later scale-ups.
     */
    keyPairName: pulumi.Input<string>;
    /**
     * System disk of added servers; affects only later scale-ups.
     */
    rootVolume?: pulumi.Input<inputs.modelarts.RootVolumeArgs>;
    /**
     * The Lite Server supernode (hyperinstance) to scale. Changing it replaces the resource.
     */
    supernodeId: pulumi.Input<string>;
    /**
     * Base64 user data (at most 32 KB before encoding) for added servers; affects only later scale-ups.
     */
    userdata?: pulumi.Input<string>;
}
