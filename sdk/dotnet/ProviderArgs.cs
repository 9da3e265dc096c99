// Shape of `pulumi package gen-sdk --language dotnet`; see Pulumi.ClusterScale.csproj.

using Pulumi;

namespace Pulumi.ClusterScale
{
    /// <summary>
    /// The configuration of an explicit <see cref="Provider"/>. A scalar key left unset falls back to its environment
    /// variable, read here in the program as gen-sdk does. <see cref="ObshellEndpoints"/> is never prefilled: a
    /// collection initializer appends to the list it finds, so a prefilled list would send the variable's endpoints
    /// with the program's (possibly another cluster's). Left empty, the plugin reads <c>OBSHELL_ENDPOINTS</c> itself.
    /// </summary>
    public sealed class ProviderArgs : global::Pulumi.ResourceArgs
    {
        [Input("huaweiAccessKey")]
        private Input<string>? _huaweiAccessKey;

        /// <summary>
        /// The Huawei Cloud access key (AK).
        /// </summary>
        public Input<string>? HuaweiAccessKey
        {
            get => _huaweiAccessKey;
            set
            {
                var emptySecret = Output.CreateSecret(0);
                _huaweiAccessKey = Output.Tuple<Input<string>?, int>(value, emptySecret).Apply(t => t.Item1);
            }
        }

        /// <summary>
        /// The ModelArts endpoint URL; overrides `https://modelarts.{region}.myhuaweicloud.com` (e.g. to use the simulator).
        /// </summary>
        [Input("huaweiEndpoint")]
        public Input<string>? HuaweiEndpoint { get; set; }

        /// <summary>
        /// The Huawei Cloud project id.
        /// </summary>
        [Input("huaweiProjectId")]
        public Input<string>? HuaweiProjectId { get; set; }

        /// <summary>
        /// The Huawei Cloud region, e.g. `cn-southwest-2`.
        /// </summary>
        [Input("huaweiRegion")]
        public Input<string>? HuaweiRegion { get; set; }

        [Input("huaweiSecretKey")]
        private Input<string>? _huaweiSecretKey;

        /// <summary>
        /// The Huawei Cloud secret key (SK).
        /// </summary>
        public Input<string>? HuaweiSecretKey
        {
            get => _huaweiSecretKey;
            set
            {
                var emptySecret = Output.CreateSecret(0);
                _huaweiSecretKey = Output.Tuple<Input<string>?, int>(value, emptySecret).Apply(t => t.Item1);
            }
        }

        [Input("huaweiSecurityToken")]
        private Input<string>? _huaweiSecurityToken;

        /// <summary>
        /// The security token of temporary Huawei Cloud credentials.
        /// </summary>
        public Input<string>? HuaweiSecurityToken
        {
            get => _huaweiSecurityToken;
            set
            {
                var emptySecret = Output.CreateSecret(0);
                _huaweiSecurityToken = Output.Tuple<Input<string>?, int>(value, emptySecret).Apply(t => t.Item1);
            }
        }

        [Input("obshellAgentPassword")]
        private Input<string>? _obshellAgentPassword;

        /// <summary>
        /// The obshell agent password, sent in the `X-OCS-Agent-Header`; wins over the root password when set.
        /// </summary>
        public Input<string>? ObshellAgentPassword
        {
            get => _obshellAgentPassword;
            set
            {
                var emptySecret = Output.CreateSecret(0);
                _obshellAgentPassword = Output.Tuple<Input<string>?, int>(value, emptySecret).Apply(t => t.Item1);
            }
        }

        [Input("obshellEndpoints", json: true)]
        private InputList<string>? _obshellEndpoints;

        /// <summary>
        /// The obshell agents of the cluster to talk to, each `host:port`. When empty, the plugin reads
        /// `OBSHELL_ENDPOINTS` (comma-separated).
        /// </summary>
        public InputList<string> ObshellEndpoints
        {
            get => _obshellEndpoints ?? (_obshellEndpoints = new InputList<string>());
            set => _obshellEndpoints = value;
        }

        [Input("obshellRootPassword")]
        private Input<string>? _obshellRootPassword;

        /// <summary>
        /// The password of root@sys, sent in the `X-OCS-Header`.
        /// </summary>
        public Input<string>? ObshellRootPassword
        {
            get => _obshellRootPassword;
            set
            {
                var emptySecret = Output.CreateSecret(0);
                _obshellRootPassword = Output.Tuple<Input<string>?, int>(value, emptySecret).Apply(t => t.Item1);
            }
        }

        /// <summary>
        /// Talk https to the obshell agents. Defaults to false.
        /// </summary>
        [Input("obshellUseTls", json: true)]
        public Input<bool>? ObshellUseTls { get; set; }

        public ProviderArgs()
        {
            HuaweiAccessKey = Utilities.GetEnvInput("HW_ACCESS_KEY");
            HuaweiEndpoint = Utilities.GetEnvInput("HW_MODELARTS_ENDPOINT");
            HuaweiProjectId = Utilities.GetEnvInput("HW_PROJECT_ID");
            HuaweiRegion = Utilities.GetEnvInput("HW_REGION_NAME");
            HuaweiSecretKey = Utilities.GetEnvInput("HW_SECRET_KEY");
            HuaweiSecurityToken = Utilities.GetEnvInput("HW_SECURITY_TOKEN");
            ObshellAgentPassword = Utilities.GetEnvInput("OBSHELL_AGENT_PASSWORD");
            ObshellRootPassword = Utilities.GetEnvInput("OBSHELL_ROOT_PASSWORD");
            ObshellUseTls = Utilities.GetEnvBoolean("OBSHELL_USE_TLS") ?? false;
        }
        public static new ProviderArgs Empty => new ProviderArgs();
    }
}
