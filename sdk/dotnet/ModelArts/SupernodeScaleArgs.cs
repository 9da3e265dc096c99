// Shape of `pulumi package gen-sdk --language dotnet`; see Pulumi.ClusterScale.csproj.

using Pulumi;

namespace Pulumi.ClusterScale.ModelArts
{

    public sealed class SupernodeScaleArgs : global::Pulumi.ResourceArgs
    {
        [Input("adoptServerIds")]
        private InputList<string>? _adoptServerIds;

        /// <summary>
        /// Servers to treat as added by this resource when the provider cannot tell on its own (an ambiguous answer to its scale-up, another actor scaling at the same moment, or a create killed before Pulumi recorded it); the error that asks for it names the ids. Of the servers in question, those listed become this resource's (destroy removes them) and the others are left to whoever added them.
        /// </summary>
        public InputList<string> AdoptServerIds
        {
            get => _adoptServerIds ?? (_adoptServerIds = new InputList<string>());
            set => _adoptServerIds = value;
        }

        /// <summary>
        /// The data disks of the added servers.
        /// </summary>
        [Input("dataVolume")]
        public Input<Inputs.DataVolumeArgs>? DataVolume { get; set; }

        /// <summary>
        /// The supernode's target flavor, one listed by its scale evaluations.
        /// </summary>
        [Input("flavor", required: true)]
        public Input<string> Flavor { get; set; } = null!;

        /// <summary>
        /// The image of the added servers.
        /// </summary>
        [Input("imageId", required: true)]
        public Input<string> ImageId { get; set; } = null!;

        /// <summary>
        /// The key pair to log in to the added servers with.
        /// </summary>
        [Input("keyPairName", required: true)]
        public Input<string> KeyPairName { get; set; } = null!;

        /// <summary>
        /// The system disk of the added servers.
        /// </summary>
        [Input("rootVolume")]
        public Input<Inputs.RootVolumeArgs>? RootVolume { get; set; }

        /// <summary>
        /// The id of the supernode (hyperinstance) to scale.
        /// </summary>
        [Input("supernodeId", required: true)]
        public Input<string> SupernodeId { get; set; } = null!;

        [Input("userdata")]
        private Input<string>? _userdata;

        /// <summary>
        /// base64-encoded user data for the added servers.
        /// </summary>
        public Input<string>? Userdata
        {
            get => _userdata;
            set
            {
                var emptySecret = Output.CreateSecret(0);
                _userdata = Output.Tuple<Input<string>?, int>(value, emptySecret).Apply(t => t.Item1);
            }
        }

        public SupernodeScaleArgs()
        {
        }
        public static new SupernodeScaleArgs Empty => new SupernodeScaleArgs();
    }
}
