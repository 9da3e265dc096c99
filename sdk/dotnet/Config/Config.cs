// Shape of `pulumi package gen-sdk --language dotnet`; see Pulumi.ClusterScale.csproj.
// The schema's config variables (`clusterscale:<key>` stack config, the default provider's settings), as gen-sdk
// emits them (pulumi-dotnet codegen/gen.go:1958-2060, 2581-2585): in the package's root namespace, so a program with
// `using Pulumi; using Pulumi.ClusterScale;` names the stack configuration `Pulumi.Config`.

using System;
using System.Collections.Immutable;

namespace Pulumi.ClusterScale
{
    public static class Config
    {
        [global::System.Diagnostics.CodeAnalysis.SuppressMessage("Microsoft.Design", "IDE1006", Justification =
        "Double underscore prefix used to avoid conflicts with variable names.")]
        private sealed class __Value<T>
        {
            private readonly Func<T> _getter;
            private T _value = default!;
            private bool _set;

            public __Value(Func<T> getter)
            {
                _getter = getter;
            }

            public T Get() => _set ? _value : _getter();

            public void Set(T value)
            {
                _value = value;
                _set = true;
            }
        }

        private static readonly global::Pulumi.Config __config = new global::Pulumi.Config("clusterscale");

        private static readonly __Value<string?> _huaweiAccessKey = new __Value<string?>(() => __config.Get("huaweiAccessKey") ?? Utilities.GetEnv("HW_ACCESS_KEY"));
        /// <summary>
        /// Access key (AK) used to sign requests.
        /// </summary>
        public static string? HuaweiAccessKey
        {
            get => _huaweiAccessKey.Get();
            set => _huaweiAccessKey.Set(value);
        }

        private static readonly __Value<string?> _huaweiEndpoint = new __Value<string?>(() => __config.Get("huaweiEndpoint") ?? Utilities.GetEnv("HW_MODELARTS_ENDPOINT"));
        /// <summary>
        /// ModelArts endpoint URL overriding the region's (e.g. the simulator).
        /// </summary>
        public static string? HuaweiEndpoint
        {
            get => _huaweiEndpoint.Get();
            set => _huaweiEndpoint.Set(value);
        }

        private static readonly __Value<string?> _huaweiProjectId = new __Value<string?>(() => __config.Get("huaweiProjectId") ?? Utilities.GetEnv("HW_PROJECT_ID"));
        /// <summary>
        /// Huawei Cloud project id of the region.
        /// </summary>
        public static string? HuaweiProjectId
        {
            get => _huaweiProjectId.Get();
            set => _huaweiProjectId.Set(value);
        }

        private static readonly __Value<string?> _huaweiRegion = new __Value<string?>(() => __config.Get("huaweiRegion") ?? Utilities.GetEnv("HW_REGION_NAME"));
        /// <summary>
        /// Huawei Cloud region, e.g. cn-southwest-2; selects https://modelarts.{region}.myhuaweicloud.com.
        /// </summary>
        public static string? HuaweiRegion
        {
            get => _huaweiRegion.Get();
            set => _huaweiRegion.Set(value);
        }

        private static readonly __Value<string?> _huaweiSecretKey = new __Value<string?>(() => __config.Get("huaweiSecretKey") ?? Utilities.GetEnv("HW_SECRET_KEY"));
        /// <summary>
        /// Secret key (SK) used to sign requests.
        /// </summary>
        public static string? HuaweiSecretKey
        {
            get => _huaweiSecretKey.Get();
            set => _huaweiSecretKey.Set(value);
        }

        private static readonly __Value<string?> _huaweiSecurityToken = new __Value<string?>(() => __config.Get("huaweiSecurityToken") ?? Utilities.GetEnv("HW_SECURITY_TOKEN"));
        /// <summary>
        /// Security token of temporary credentials (sent as X-Security-Token).
        /// </summary>
        public static string? HuaweiSecurityToken
        {
            get => _huaweiSecurityToken.Get();
            set => _huaweiSecurityToken.Set(value);
        }

        private static readonly __Value<string?> _obshellAgentPassword = new __Value<string?>(() => __config.Get("obshellAgentPassword") ?? Utilities.GetEnv("OBSHELL_AGENT_PASSWORD"));
        /// <summary>
        /// obshell agent password (obshell 4.2.6.0+), sent (encrypted) in X-OCS-Agent-Header; wins over the root password.
        /// </summary>
        public static string? ObshellAgentPassword
        {
            get => _obshellAgentPassword.Get();
            set => _obshellAgentPassword.Set(value);
        }

        private static readonly __Value<ImmutableArray<string>> _obshellEndpoints = new __Value<ImmutableArray<string>>(() => __config.GetObject<ImmutableArray<string>>("obshellEndpoints"));
        /// <summary>
        /// obshell agents of the cluster to talk to, as host:port (the listener address). Name at least two so a node can be removed through another member. When unset, the plugin reads OBSHELL_ENDPOINTS (comma-separated).
        /// </summary>
        public static ImmutableArray<string> ObshellEndpoints
        {
            get => _obshellEndpoints.Get();
            set => _obshellEndpoints.Set(value);
        }

        private static readonly __Value<string?> _obshellRootPassword = new __Value<string?>(() => __config.Get("obshellRootPassword") ?? Utilities.GetEnv("OBSHELL_ROOT_PASSWORD"));
        /// <summary>
        /// Password of root@sys, sent (encrypted) in X-OCS-Header when no agent password is set.
        /// </summary>
        public static string? ObshellRootPassword
        {
            get => _obshellRootPassword.Get();
            set => _obshellRootPassword.Set(value);
        }

        private static readonly __Value<bool?> _obshellUseTls = new __Value<bool?>(() => __config.GetBoolean("obshellUseTls") ?? Utilities.GetEnvBoolean("OBSHELL_USE_TLS") ?? false);
        /// <summary>
        /// Talk https to the agents (their certificates must validate against the machine's trust store).
        /// </summary>
        public static bool? ObshellUseTls
        {
            get => _obshellUseTls.Get();
            set => _obshellUseTls.Set(value);
        }

    }
}
