// Shape of `pulumi package gen-sdk --language dotnet`; see ClusterScale.csproj.

using Pulumi;

namespace ClusterScale.ModelArts.Inputs
{

    /// <summary>
    /// A system disk.
    /// </summary>
    public sealed class RootVolumeArgs : global::Pulumi.ResourceArgs
    {
        /// <summary>
        /// The size in GB (100-1024).
        /// </summary>
        [Input("size", required: true)]
        public Input<int> Size { get; set; } = null!;

        /// <summary>
        /// The disk type: ESSD, GPSSD, SAS, SATA or SSD.
        /// </summary>
        [Input("type", required: true)]
        public Input<string> Type { get; set; } = null!;

        public RootVolumeArgs()
        {
        }
        public static new RootVolumeArgs Empty => new RootVolumeArgs();
    }
}
