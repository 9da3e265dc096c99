// Shape of `pulumi package gen-sdk --language dotnet`; see Pulumi.ClusterScale.csproj.

using System.Collections.Immutable;
using System.Threading.Tasks;
using Pulumi;

namespace Pulumi.ClusterScale.ModelArts
{
    public static class GetSupernode
    {
        /// <summary>
        /// Reads a ModelArts Lite Server supernode: status, flavor, charging mode, its servers and the flavors it can be scaled to. Changes nothing.
        /// </summary>
        public static Task<GetSupernodeResult> InvokeAsync(GetSupernodeArgs args, InvokeOptions? options = null)
            => global::Pulumi.Deployment.Instance.InvokeAsync<GetSupernodeResult>("clusterscale:modelarts:getSupernode", args ?? new GetSupernodeArgs(), options.WithDefaults());

        /// <summary>
        /// Reads a ModelArts Lite Server supernode: status, flavor, charging mode, its servers and the flavors it can be scaled to. Changes nothing.
        /// </summary>
        public static Output<GetSupernodeResult> Invoke(GetSupernodeInvokeArgs args, InvokeOptions? options = null)
            => global::Pulumi.Deployment.Instance.Invoke<GetSupernodeResult>("clusterscale:modelarts:getSupernode", args ?? new GetSupernodeInvokeArgs(), options.WithDefaults());

        /// <summary>
        /// Reads a ModelArts Lite Server supernode: status, flavor, charging mode, its servers and the flavors it can be scaled to. Changes nothing.
        /// </summary>
        public static Output<GetSupernodeResult> Invoke(GetSupernodeInvokeArgs args, InvokeOutputOptions options)
            => global::Pulumi.Deployment.Instance.Invoke<GetSupernodeResult>("clusterscale:modelarts:getSupernode", args ?? new GetSupernodeInvokeArgs(), options.WithDefaults());
    }


    public sealed class GetSupernodeArgs : global::Pulumi.InvokeArgs
    {
        /// <summary>
        /// The supernode (hyperinstance) id.
        /// </summary>
        [Input("supernodeId", required: true)]
        public string SupernodeId { get; set; } = null!;

        public GetSupernodeArgs()
        {
        }
        public static new GetSupernodeArgs Empty => new GetSupernodeArgs();
    }

    public sealed class GetSupernodeInvokeArgs : global::Pulumi.InvokeArgs
    {
        /// <summary>
        /// The supernode (hyperinstance) id.
        /// </summary>
        [Input("supernodeId", required: true)]
        public Input<string> SupernodeId { get; set; } = null!;

        public GetSupernodeInvokeArgs()
        {
        }
        public static new GetSupernodeInvokeArgs Empty => new GetSupernodeInvokeArgs();
    }


    [OutputType]
    public sealed class GetSupernodeResult
    {
        /// <summary>
        /// POST_PAID, PRE_PAID or COMMON, from its servers when they all agree, else empty.
        /// </summary>
        public readonly string ChargingMode;
        /// <summary>
        /// The supernode's flavor: the offered flavor (scale-evaluations) whose sub-node count equals its current count (ModelArts reports no flavor for the supernode itself); empty when none does.
        /// </summary>
        public readonly string Flavor;
        /// <summary>
        /// The supernode's name.
        /// </summary>
        public readonly string Name;
        /// <summary>
        /// The flavors it can be scaled to, as scale-evaluations lists them (sold-out ones marked).
        /// </summary>
        public readonly ImmutableArray<Outputs.ScaleOption> ScaleOptions;
        /// <summary>
        /// Every server of the supernode, sorted by id.
        /// </summary>
        public readonly ImmutableArray<Outputs.SupernodeServer> Servers;
        /// <summary>
        /// The supernode's status, e.g. ACTIVE.
        /// </summary>
        public readonly string Status;
        /// <summary>
        /// The supernode id.
        /// </summary>
        public readonly string SupernodeId;

        [OutputConstructor]
        private GetSupernodeResult(
            string chargingMode,

            string flavor,

            string name,

            ImmutableArray<Outputs.ScaleOption> scaleOptions,

            ImmutableArray<Outputs.SupernodeServer> servers,

            string status,

            string supernodeId)
        {
            ChargingMode = chargingMode;
            Flavor = flavor;
            Name = name;
            ScaleOptions = scaleOptions;
            Servers = servers;
            Status = status;
            SupernodeId = supernodeId;
        }
    }
}
