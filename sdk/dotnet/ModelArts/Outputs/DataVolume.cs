// Shape of `pulumi package gen-sdk --language dotnet`; see Pulumi.ClusterScale.csproj.

using Pulumi;

namespace Pulumi.ClusterScale.ModelArts.Outputs
{

    /// <summary>
    /// Data disks.
    /// </summary>
    [OutputType]
    public sealed class DataVolume
    {
        /// <summary>
        /// The number of disks (1-8).
        /// </summary>
        public readonly int Count;
        /// <summary>
        /// The size of each disk in GB (100-32768).
        /// </summary>
        public readonly int Size;
        /// <summary>
        /// The disk type: ESSD, GPSSD, SAS, SATA or SSD.
        /// </summary>
        public readonly string Type;

        [OutputConstructor]
        private DataVolume(
            int count,

            int size,

            string type)
        {
            Count = count;
            Size = size;
            Type = type;
        }
    }
}
