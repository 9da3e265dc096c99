// Shape of `pulumi package gen-sdk --language dotnet`; see ClusterScale.csproj.

using System;
using System.IO;
using System.Reflection;
using System.Text.Json;

namespace ClusterScale
{
    static class Utilities
    {
        public static string? GetEnv(params string[] names)
        {
            foreach (var n in names)
            {
                var value = global::System.Environment.GetEnvironmentVariable(n);
                if (value != null)
                {
                    return value;
                }
            }
            return null;
        }

        static string[] trueValues = { "1", "t", "T", "true", "TRUE", "True" };
        static string[] falseValues = { "0", "f", "F", "false", "FALSE", "False" };
        public static bool? GetEnvBoolean(params string[] names)
        {
            var s = GetEnv(names);
            if (s != null)
            {
                if (global::System.Array.IndexOf(trueValues, s) != -1)
                {
                    return true;
                }
                if (global::System.Array.IndexOf(falseValues, s) != -1)
                {
                    return false;
                }
            }
            return null;
        }

        // Not in gen-sdk's Utilities (next two): an unset variable must leave the input absent rather than pass null
        // through Input's implicit conversion, and obshellEndpoints is a list.
        public static global::Pulumi.Input<string>? GetEnvInput(params string[] names) =>
            GetEnv(names) is { } value ? (global::Pulumi.Input<string>)value : null;

        /// <summary>A comma-separated list from the environment, e.g. <c>OBSHELL_ENDPOINTS=10.0.0.1:2886,10.0.0.2:2886</c>.</summary>
        public static string[]? GetEnvList(params string[] names) =>
            GetEnv(names)?.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

        public static global::Pulumi.InvokeOptions WithDefaults(this global::Pulumi.InvokeOptions? src)
        {
            var dst = src ?? new global::Pulumi.InvokeOptions{};
            dst.Version = src?.Version ?? Version;
            return dst;
        }

        private readonly static string version;
        public static string Version => version;

        static Utilities()
        {
            var assembly = IntrospectionExtensions.GetTypeInfo(typeof(Utilities)).Assembly;
            using var stream = assembly.GetManifestResourceStream("ClusterScale.pulumi-plugin.json")
                ?? throw new NotSupportedException("Missing embedded pulumi-plugin.json file");
            using var plugin = JsonDocument.Parse(stream);
            version = plugin.RootElement.GetProperty("version").GetString()
                ?? throw new NotSupportedException("pulumi-plugin.json has no version");
        }
    }

    internal sealed class ClusterScaleResourceTypeAttribute : global::Pulumi.ResourceTypeAttribute
    {
        public ClusterScaleResourceTypeAttribute(string type) : base(type, Utilities.Version)
        {
        }
    }
}
