// Shape of `pulumi package gen-sdk --language dotnet`; see Pulumi.ClusterScale.csproj.

using System.Collections.Immutable;
using Pulumi;

namespace Pulumi.ClusterScale.Obshell
{
    /// <summary>
    /// One OBServer node of an OceanBase cluster. Creating it scales the cluster out through obshell
    /// (`POST /api/v1/ob/scale_out`; a zone not yet in the cluster is created and started); deleting it scales the
    /// cluster in (`POST /api/v1/ob/scale_in`). Both wait for obshell's DAG to finish.
    ///
    /// ## Import
    ///
    /// ```sh
    /// $ pulumi import clusterscale:obshell:ObserverNode node4 10.0.0.4:2886
    /// ```
    /// The id is `&lt;ip&gt;:&lt;obshellPort&gt;`.
    /// </summary>
    [ClusterScaleResourceType("clusterscale:obshell:ObserverNode")]
    public partial class ObserverNode : global::Pulumi.CustomResource
    {
        /// <summary>
        /// Whether this node's scale-out created its zone (it was new to the cluster). Destroy then deletes the zone once the node has left it, if no other server joined it; a zone the node did not create is never deleted.
        /// </summary>
        [Output("createdZone")]
        public Output<bool?> CreatedZone { get; private set; } = null!;

        /// <summary>
        /// The generic id of the last obshell DAG run for this node.
        /// </summary>
        [Output("dagId")]
        public Output<string?> DagId { get; private set; } = null!;

        /// <summary>
        /// The state of that DAG, e.g. `SUCCEED`.
        /// </summary>
        [Output("dagState")]
        public Output<string?> DagState { get; private set; } = null!;

        /// <summary>
        /// What is done when the scale-out DAG fails: `rollback` or `leave`.
        /// </summary>
        [Output("failurePolicy")]
        public Output<string> FailurePolicy { get; private set; } = null!;

        /// <summary>
        /// Whether deleting the node kills the observer process.
        /// </summary>
        [Output("forceKill")]
        public Output<bool> ForceKill { get; private set; } = null!;

        /// <summary>
        /// The IP address of the node's obshell agent.
        /// </summary>
        [Output("ip")]
        public Output<string> Ip { get; private set; } = null!;

        /// <summary>
        /// The observer parameters the node was added with.
        /// </summary>
        [Output("obConfigs")]
        public Output<ImmutableDictionary<string, string>> ObConfigs { get; private set; } = null!;

        /// <summary>
        /// The port of the node's obshell agent.
        /// </summary>
        [Output("obshellPort")]
        public Output<int> ObshellPort { get; private set; } = null!;

        /// <summary>
        /// The node's observer RPC port.
        /// </summary>
        [Output("rpcPort")]
        public Output<int?> RpcPort { get; private set; } = null!;

        /// <summary>
        /// The node's status in the cluster, e.g. `ACTIVE`.
        /// </summary>
        [Output("serverStatus")]
        public Output<string> ServerStatus { get; private set; } = null!;

        /// <summary>
        /// The node's observer SQL (MySQL protocol) port.
        /// </summary>
        [Output("sqlPort")]
        public Output<int?> SqlPort { get; private set; } = null!;

        /// <summary>
        /// The agent password of the node's obshell agent.
        /// </summary>
        [Output("targetAgentPassword")]
        public Output<string?> TargetAgentPassword { get; private set; } = null!;

        /// <summary>
        /// The OceanBase build version of the node.
        /// </summary>
        [Output("version")]
        public Output<string?> Version { get; private set; } = null!;

        /// <summary>
        /// The zone of the node.
        /// </summary>
        [Output("zone")]
        public Output<string> Zone { get; private set; } = null!;


        /// <summary>
        /// Create a ObserverNode resource with the given unique name, arguments, and options.
        /// </summary>
        ///
        /// <param name="name">The unique name of the resource</param>
        /// <param name="args">The arguments used to populate this resource's properties</param>
        /// <param name="options">A bag of options that control this resource's behavior</param>
        public ObserverNode(string name, ObserverNodeArgs args, CustomResourceOptions? options = null)
            : base("clusterscale:obshell:ObserverNode", name, args ?? new ObserverNodeArgs(), MakeResourceOptions(options, ""))
        {
        }

        private ObserverNode(string name, Input<string> id, CustomResourceOptions? options = null)
            : base("clusterscale:obshell:ObserverNode", name, null, MakeResourceOptions(options, id))
        {
        }

        private static CustomResourceOptions MakeResourceOptions(CustomResourceOptions? options, Input<string>? id)
        {
            var defaultOptions = new CustomResourceOptions
            {
                Version = Utilities.Version,
                PluginDownloadURL = Utilities.PluginDownloadURL,
                AdditionalSecretOutputs =
                {
                    "targetAgentPassword",
                },
                // The schema's replaceOnChanges properties (gen.go:1106-1117): the engine replaces the node when one
                // changes, even before the provider's diff says so (e.g. during a preview with unknown inputs).
                ReplaceOnChanges =
                {
                    "ip",
                    "obshellPort",
                    "targetAgentPassword",
                    "zone",
                },
            };
            var merged = CustomResourceOptions.Merge(defaultOptions, options);
            // Override the ID if one was specified for consistency with other language SDKs.
            merged.Id = id ?? merged.Id;
            return merged;
        }
        /// <summary>
        /// Get an existing ObserverNode resource's state with the given name, ID, and optional extra
        /// properties used to qualify the lookup.
        /// </summary>
        ///
        /// <param name="name">The unique name of the resulting resource.</param>
        /// <param name="id">The unique provider ID of the resource to lookup (`&lt;ip&gt;:&lt;obshellPort&gt;`).</param>
        /// <param name="options">A bag of options that control this resource's behavior</param>
        public static ObserverNode Get(string name, Input<string> id, CustomResourceOptions? options = null)
        {
            return new ObserverNode(name, id, options);
        }
    }
}
