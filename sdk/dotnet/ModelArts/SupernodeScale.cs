// Shape of `pulumi package gen-sdk --language dotnet`; see Pulumi.ClusterScale.csproj.

using System.Collections.Immutable;
using Pulumi;

namespace Pulumi.ClusterScale.ModelArts
{
    /// <summary>
    /// Capacity added to a Huawei Cloud ModelArts Lite Server supernode. Creating or growing it scales the supernode
    /// up to `flavor` (`live-scale-up`); shrinking to a flavor it scaled through earlier removes the servers it added
    /// after that step, and deleting it removes every server it added (`live-scale-down`). Every call waits until the
    /// supernode has settled.
    ///
    /// ## Import
    ///
    /// ```sh
    /// $ pulumi import clusterscale:modelarts:SupernodeScale capacity &lt;supernodeId&gt;:&lt;serverId&gt;[,&lt;serverId&gt;...]
    /// ```
    /// The listed servers are treated as added by this resource. The id is the supernode id.
    /// </summary>
    [ClusterScaleResourceType("clusterscale:modelarts:SupernodeScale")]
    public partial class SupernodeScale : global::Pulumi.CustomResource
    {
        /// <summary>
        /// The ids of every server this resource added.
        /// </summary>
        [Output("addedServerIds")]
        public Output<ImmutableArray<string>> AddedServerIds { get; private set; } = null!;

        /// <summary>
        /// Servers to treat as added by this resource when the provider cannot tell on its own (an ambiguous answer to its scale-up, another actor scaling at the same moment, or a create killed before Pulumi recorded it); the error that asks for it names the ids. Of the servers in question, those listed become this resource's (destroy removes them) and the others are left to whoever added them.
        /// </summary>
        [Output("adoptServerIds")]
        public Output<ImmutableArray<string>> AdoptServerIds { get; private set; } = null!;

        /// <summary>
        /// The data disks of the added servers.
        /// </summary>
        [Output("dataVolume")]
        public Output<Outputs.DataVolume?> DataVolume { get; private set; } = null!;

        /// <summary>
        /// The supernode's flavor.
        /// </summary>
        [Output("flavor")]
        public Output<string> Flavor { get; private set; } = null!;

        /// <summary>
        /// The image of the added servers.
        /// </summary>
        [Output("imageId")]
        public Output<string> ImageId { get; private set; } = null!;

        /// <summary>
        /// The key pair of the added servers.
        /// </summary>
        [Output("keyPairName")]
        public Output<string> KeyPairName { get; private set; } = null!;

        /// <summary>
        /// The system disk of the added servers.
        /// </summary>
        [Output("rootVolume")]
        public Output<Outputs.RootVolume?> RootVolume { get; private set; } = null!;

        /// <summary>
        /// The scale-ups this resource made, oldest first.
        /// </summary>
        [Output("scaleSteps")]
        public Output<ImmutableArray<Outputs.ScaleStep>> ScaleSteps { get; private set; } = null!;

        /// <summary>
        /// Every server of the supernode.
        /// </summary>
        [Output("servers")]
        public Output<ImmutableArray<Outputs.SupernodeServer>> Servers { get; private set; } = null!;

        /// <summary>
        /// The id of the supernode.
        /// </summary>
        [Output("supernodeId")]
        public Output<string> SupernodeId { get; private set; } = null!;

        /// <summary>
        /// The status of the supernode.
        /// </summary>
        [Output("supernodeStatus")]
        public Output<string> SupernodeStatus { get; private set; } = null!;

        /// <summary>
        /// base64-encoded user data of the added servers.
        /// </summary>
        [Output("userdata")]
        public Output<string?> Userdata { get; private set; } = null!;


        /// <summary>
        /// Create a SupernodeScale resource with the given unique name, arguments, and options.
        /// </summary>
        ///
        /// <param name="name">The unique name of the resource</param>
        /// <param name="args">The arguments used to populate this resource's properties</param>
        /// <param name="options">A bag of options that control this resource's behavior</param>
        public SupernodeScale(string name, SupernodeScaleArgs args, CustomResourceOptions? options = null)
            : base("clusterscale:modelarts:SupernodeScale", name, args ?? new SupernodeScaleArgs(), MakeResourceOptions(options, ""))
        {
        }

        private SupernodeScale(string name, Input<string> id, CustomResourceOptions? options = null)
            : base("clusterscale:modelarts:SupernodeScale", name, null, MakeResourceOptions(options, id))
        {
        }

        private static CustomResourceOptions MakeResourceOptions(CustomResourceOptions? options, Input<string>? id)
        {
            var defaultOptions = new CustomResourceOptions
            {
                Version = Utilities.Version,
                PluginDownloadURL = Utilities.PluginDownloadURL,
                AdditionalSecretOutputs =
                {
                    "userdata",
                },
            };
            var merged = CustomResourceOptions.Merge(defaultOptions, options);
            // Override the ID if one was specified for consistency with other language SDKs.
            merged.Id = id ?? merged.Id;
            return merged;
        }
        /// <summary>
        /// Get an existing SupernodeScale resource's state with the given name, ID, and optional extra
        /// properties used to qualify the lookup.
        /// </summary>
        ///
        /// <param name="name">The unique name of the resulting resource.</param>
        /// <param name="id">The unique provider ID of the resource to lookup (the supernode id).</param>
        /// <param name="options">A bag of options that control this resource's behavior</param>
        public static SupernodeScale Get(string name, Input<string> id, CustomResourceOptions? options = null)
        {
            return new SupernodeScale(name, id, options);
        }
    }
}
