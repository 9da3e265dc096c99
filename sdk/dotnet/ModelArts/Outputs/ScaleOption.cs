// Shape of `pulumi package gen-sdk --language dotnet`; see Pulumi.ClusterScale.csproj.

using Pulumi;

namespace Pulumi.ClusterScale.ModelArts.Outputs
{

    /// <summary>
    /// A flavor the supernode can be scaled to (scale-evaluations).
    /// </summary>
    [OutputType]
    public sealed class ScaleOption
    {
        /// <summary>
        /// The supernode flavor.
        /// </summary>
        public readonly string Flavor;
        /// <summary>
        /// The flavor of the servers it adds; empty when ModelArts does not say.
        /// </summary>
        public readonly string ResourceFlavor;
        /// <summary>
        /// True when the flavor is sold out (a scale-up to it would be refused).
        /// </summary>
        public readonly bool SoldOut;

        [OutputConstructor]
        private ScaleOption(
            string flavor,

            string resourceFlavor,

            bool soldOut)
        {
            Flavor = flavor;
            ResourceFlavor = resourceFlavor;
            SoldOut = soldOut;
        }
    }
}
