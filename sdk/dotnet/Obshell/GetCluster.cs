// Shape of `pulumi package gen-sdk --language dotnet`; see Pulumi.ClusterScale.csproj.

using System.Collections.Generic;
using System.Collections.Immutable;
using System.Threading.Tasks;
using Pulumi;

namespace Pulumi.ClusterScale.Obshell
{
    public static class GetCluster
    {
        /// <summary>
        /// Reads an OceanBase cluster through its obshell agents: name, id, version, members, zones, whether it is under maintenance and its unfinished DAGs. Changes nothing.
        /// </summary>
        public static Task<GetClusterResult> InvokeAsync(GetClusterArgs? args = null, InvokeOptions? options = null)
            => global::Pulumi.Deployment.Instance.InvokeAsync<GetClusterResult>("clusterscale:obshell:getCluster", args ?? new GetClusterArgs(), options.WithDefaults());

        /// <summary>
        /// Reads an OceanBase cluster through its obshell agents: name, id, version, members, zones, whether it is under maintenance and its unfinished DAGs. Changes nothing.
        /// </summary>
        public static Output<GetClusterResult> Invoke(GetClusterInvokeArgs? args = null, InvokeOptions? options = null)
            => global::Pulumi.Deployment.Instance.Invoke<GetClusterResult>("clusterscale:obshell:getCluster", args ?? new GetClusterInvokeArgs(), options.WithDefaults());

        /// <summary>
        /// Reads an OceanBase cluster through its obshell agents: name, id, version, members, zones, whether it is under maintenance and its unfinished DAGs. Changes nothing.
        /// </summary>
        public static Output<GetClusterResult> Invoke(GetClusterInvokeArgs args, InvokeOutputOptions options)
            => global::Pulumi.Deployment.Instance.Invoke<GetClusterResult>("clusterscale:obshell:getCluster", args ?? new GetClusterInvokeArgs(), options.WithDefaults());
    }


    public sealed class GetClusterArgs : global::Pulumi.InvokeArgs
    {
        [Input("endpoints")]
        private List<string>? _endpoints;

        /// <summary>
        /// obshell agents of the cluster as host:port; default: the provider's obshellEndpoints. The provider's passwords are used either way.
        /// </summary>
        public List<string> Endpoints
        {
            get => _endpoints ?? (_endpoints = new List<string>());
            set => _endpoints = value;
        }

        public GetClusterArgs()
        {
        }
        public static new GetClusterArgs Empty => new GetClusterArgs();
    }

    public sealed class GetClusterInvokeArgs : global::Pulumi.InvokeArgs
    {
        [Input("endpoints")]
        private InputList<string>? _endpoints;

        /// <summary>
        /// obshell agents of the cluster as host:port; default: the provider's obshellEndpoints. The provider's passwords are used either way.
        /// </summary>
        public InputList<string> Endpoints
        {
            get => _endpoints ?? (_endpoints = new InputList<string>());
            set => _endpoints = value;
        }

        public GetClusterInvokeArgs()
        {
        }
        public static new GetClusterInvokeArgs Empty => new GetClusterInvokeArgs();
    }


    [OutputType]
    public sealed class GetClusterResult
    {
        /// <summary>
        /// The cluster's id.
        /// </summary>
        public readonly int ClusterId;
        /// <summary>
        /// The cluster's name.
        /// </summary>
        public readonly string ClusterName;
        /// <summary>
        /// The cluster's members, sorted by ip and port.
        /// </summary>
        public readonly ImmutableArray<Outputs.ClusterMember> Members;
        /// <summary>
        /// True when an unfinished DAG holds the cluster's maintenance lock (no scale-out or scale-in can start).
        /// </summary>
        public readonly bool UnderMaintenance;
        /// <summary>
        /// Unfinished cluster DAGs, sorted by id.
        /// </summary>
        public readonly ImmutableArray<Outputs.ClusterDag> UnfinishedDags;
        /// <summary>
        /// The OceanBase version.
        /// </summary>
        public readonly string Version;
        /// <summary>
        /// The cluster's zones, sorted.
        /// </summary>
        public readonly ImmutableArray<string> Zones;

        [OutputConstructor]
        private GetClusterResult(
            int clusterId,

            string clusterName,

            ImmutableArray<Outputs.ClusterMember> members,

            bool underMaintenance,

            ImmutableArray<Outputs.ClusterDag> unfinishedDags,

            string version,

            ImmutableArray<string> zones)
        {
            ClusterId = clusterId;
            ClusterName = clusterName;
            Members = members;
            UnderMaintenance = underMaintenance;
            UnfinishedDags = unfinishedDags;
            Version = version;
            Zones = zones;
        }
    }
}
