// Shape of `pulumi package gen-sdk --language dotnet`; see Pulumi.ClusterScale.csproj.

using Pulumi;

namespace Pulumi.ClusterScale.ModelArts.Inputs
{

    /// <summary>
    /// A system disk.
    /// </summary>
    public sealed class RootVolumeArgs : global::Pulumi.ResourceArgs
    {
        /// <summary>
        /// The size in GB (100-1024).
        /// </summary>
        [Input("size")]
        public Input<int>? Size { get; set; }

        /// <summary>
        /// The disk type: ESSD, GPSSD, SAS, SATA or SSD.
        /// </summary>
        [Input("type")]
        public Input<string>? Type { get; set; }

        public RootVolumeArgs()
        {
        }
        public static new RootVolumeArgs Empty => new RootVolumeArgs();
    }
}
