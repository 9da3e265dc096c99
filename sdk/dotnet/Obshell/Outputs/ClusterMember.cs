// Shape of `pulumi package gen-sdk --language dotnet`; see Pulumi.ClusterScale.csproj.

using Pulumi;

namespace Pulumi.ClusterScale.Obshell.Outputs
{

    /// <summary>
    /// A member of the cluster (never a spare SINGLE agent).
    /// </summary>
    [OutputType]
    public sealed class ClusterMember
    {
        /// <summary>
        /// The agent's identity (MASTER, FOLLOWER, CLUSTER AGENT, SCALING OUT, ...).
        /// </summary>
        public readonly string Identity;
        /// <summary>
        /// The node's IP.
        /// </summary>
        public readonly string Ip;
        /// <summary>
        /// The node's obshell port.
        /// </summary>
        public readonly int ObshellPort;
        /// <summary>
        /// The observer's status in the topology (ACTIVE, INACTIVE, DELETING, STOPPED); empty when the agent has no observer row yet.
        /// </summary>
        public readonly string Status;
        /// <summary>
        /// The node's zone.
        /// </summary>
        public readonly string Zone;

        [OutputConstructor]
        private ClusterMember(
            string identity,

            string ip,

            int obshellPort,

            string status,

            string zone)
        {
            Identity = identity;
            Ip = ip;
            ObshellPort = obshellPort;
            Status = status;
            Zone = zone;
        }
    }
}
