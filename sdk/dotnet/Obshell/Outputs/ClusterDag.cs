// Shape of `pulumi package gen-sdk --language dotnet`; see Pulumi.ClusterScale.csproj.

using Pulumi;

namespace Pulumi.ClusterScale.Obshell.Outputs
{

    /// <summary>
    /// An unfinished cluster DAG (a failed one included: it may hold the maintenance lock).
    /// </summary>
    [OutputType]
    public sealed class ClusterDag
    {
        /// <summary>
        /// The DAG's generic id.
        /// </summary>
        public readonly string Id;
        /// <summary>
        /// The DAG's name, e.g. Cluster scale out.
        /// </summary>
        public readonly string Name;
        /// <summary>
        /// READY, RUNNING, FAILED, ...
        /// </summary>
        public readonly string State;

        [OutputConstructor]
        private ClusterDag(
            string id,

            string name,

            string state)
        {
            Id = id;
            Name = name;
            State = state;
        }
    }
}
