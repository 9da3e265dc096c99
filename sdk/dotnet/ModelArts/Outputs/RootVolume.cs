// Shape of `pulumi package gen-sdk --language dotnet`; see Pulumi.ClusterScale.csproj.

using Pulumi;

namespace Pulumi.ClusterScale.ModelArts.Outputs
{

    /// <summary>
    /// A system disk.
    /// </summary>
    [OutputType]
    public sealed class RootVolume
    {
        /// <summary>
        /// The size in GB (100-1024).
        /// </summary>
        public readonly int? Size;
        /// <summary>
        /// The disk type: ESSD, GPSSD, SAS, SATA or SSD.
        /// </summary>
        public readonly string? Type;

        [OutputConstructor]
        private RootVolume(
            int? size,

            string? type)
        {
            Size = size;
            Type = type;
        }
    }
}
