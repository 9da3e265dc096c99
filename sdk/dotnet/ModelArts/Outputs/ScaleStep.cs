// Shape of `pulumi package gen-sdk --language dotnet`; see Pulumi.ClusterScale.csproj.

using System.Collections.Immutable;
using Pulumi;

namespace Pulumi.ClusterScale.ModelArts.Outputs
{

    /// <summary>
    /// One scale-up made by a SupernodeScale.
    /// </summary>
    [OutputType]
    public sealed class ScaleStep
    {
        /// <summary>
        /// The flavor the supernode was scaled up to.
        /// </summary>
        public readonly string Flavor;
        /// <summary>
        /// The ids of the servers that scale-up added.
        /// </summary>
        public readonly ImmutableArray<string> ServerIds;

        [OutputConstructor]
        private ScaleStep(
            string flavor,

            ImmutableArray<string> serverIds)
        {
            Flavor = flavor;
            ServerIds = serverIds;
        }
    }
}
