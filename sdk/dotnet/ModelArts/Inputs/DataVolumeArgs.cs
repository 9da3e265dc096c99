// Shape of `pulumi package gen-sdk --language dotnet`; see Pulumi.ClusterScale.csproj.

using Pulumi;

namespace Pulumi.ClusterScale.ModelArts.Inputs
{

    /// <summary>
    /// Data disks.
    /// </summary>
    public sealed class DataVolumeArgs : global::Pulumi.ResourceArgs
    {
        /// <summary>
        /// The number of disks (1-8).
        /// </summary>
        [Input("count", required: true)]
        public Input<int> Count { get; set; } = null!;

        /// <summary>
        /// The size of each disk in GB (100-32768).
        /// </summary>
        [Input("size", required: true)]
        public Input<int> Size { get; set; } = null!;

        /// <summary>
        /// The disk type: ESSD, GPSSD, SAS, SATA or SSD.
        /// </summary>
        [Input("type", required: true)]
        public Input<string> Type { get; set; } = null!;

        public DataVolumeArgs()
        {
        }
        public static new DataVolumeArgs Empty => new DataVolumeArgs();
    }
}
