// Shape of `pulumi package gen-sdk --language dotnet`; see Pulumi.ClusterScale.csproj.

using Pulumi;

namespace Pulumi.ClusterScale.Obshell
{

    public sealed class ObserverNodeArgs : global::Pulumi.ResourceArgs
    {
        /// <summary>
        /// What to do when the scale-out DAG fails: `rollback` (default) rolls the DAG back so the node can be retried;
        /// `leave` leaves the failed DAG for an operator.
        /// </summary>
        [Input("failurePolicy")]
        public Input<string>? FailurePolicy { get; set; }

        /// <summary>
        /// Kill the observer process instead of stopping it gracefully when the node is deleted (scaled in).
        /// Defaults to false.
        /// </summary>
        [Input("forceKill")]
        public Input<bool>? ForceKill { get; set; }

        /// <summary>
        /// The IP address of the new node's obshell agent.
        /// </summary>
        [Input("ip", required: true)]
        public Input<string> Ip { get; set; } = null!;

        [Input("obConfigs")]
        private InputMap<string>? _obConfigs;

        /// <summary>
        /// observer parameters for the new node (e.g. `rpc_port`, `mysql_port`, `memory_limit`, `data_dir`).
        /// Defaults to {}.
        /// </summary>
        public InputMap<string> ObConfigs
        {
            get => _obConfigs ?? (_obConfigs = new InputMap<string>());
            set => _obConfigs = value;
        }

        /// <summary>
        /// The port of the new node's obshell agent. Defaults to 2886.
        /// </summary>
        [Input("obshellPort")]
        public Input<int>? ObshellPort { get; set; }

        [Input("targetAgentPassword")]
        private Input<string>? _targetAgentPassword;

        /// <summary>
        /// The agent password of the new node's obshell agent, when it has one.
        /// </summary>
        public Input<string>? TargetAgentPassword
        {
            get => _targetAgentPassword;
            set
            {
                var emptySecret = Output.CreateSecret(0);
                _targetAgentPassword = Output.Tuple<Input<string>?, int>(value, emptySecret).Apply(t => t.Item1);
            }
        }

        /// <summary>
        /// The zone the node joins; a zone not yet in the cluster is created.
        /// </summary>
        [Input("zone", required: true)]
        public Input<string> Zone { get; set; } = null!;

        public ObserverNodeArgs()
        {
            FailurePolicy = "rollback";
            ForceKill = false;
            ObshellPort = 2886;
        }
        public static new ObserverNodeArgs Empty => new ObserverNodeArgs();
    }
}
