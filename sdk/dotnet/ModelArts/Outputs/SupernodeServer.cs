// Shape of `pulumi package gen-sdk --language dotnet`; see Pulumi.ClusterScale.csproj.

using Pulumi;

namespace Pulumi.ClusterScale.ModelArts.Outputs
{

    /// <summary>
    /// A server (sub-node) of a supernode.
    /// </summary>
    [OutputType]
    public sealed class SupernodeServer
    {
        /// <summary>
        /// The server's resource flavor.
        /// </summary>
        public readonly string Flavor;
        /// <summary>
        /// The server id.
        /// </summary>
        public readonly string Id;
        /// <summary>
        /// The server name.
        /// </summary>
        public readonly string Name;
        /// <summary>
        /// The server status.
        /// </summary>
        public readonly string Status;

        [OutputConstructor]
        private SupernodeServer(
            string flavor,

            string id,

            string name,

            string status)
        {
            Flavor = flavor;
            Id = id;
            Name = name;
            Status = status;
        }
    }
}
