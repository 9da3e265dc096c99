// Shape of `pulumi package gen-sdk --language dotnet`; see Pulumi.ClusterScale.csproj.

using System;
using System.IO;
using System.Reflection;
using System.Text.Json;

namespace Pulumi.ClusterScale
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

        // Not in gen-sdk's Utilities, which assigns GetEnv's string? straight to the Input (a null Input the engine
        // drops, and a nullable warning): an unset variable leaves the input absent.
        public static global::Pulumi.Input<string>? GetEnvInput(params string[] names) =>
            GetEnv(names) is { } value ? (global::Pulumi.Input<string>)value : null;

        public static global::Pulumi.InvokeOptions WithDefaults(this global::Pulumi.InvokeOptions? src)
        {
            var dst = src ?? new global::Pulumi.InvokeOptions{};
            dst.Version = src?.Version ?? Version;
            return dst;
        }

        private readonly static string version;
        public static string Version => version;

        /// <summary>Where the engine downloads the plugin when it is missing (schema <c>pluginDownloadURL</c>); read
        /// from pulumi-plugin.json, the one place the SDK states it.</summary>
        public static string PluginDownloadURL { get; }

        static Utilities()
        {
            var assembly = IntrospectionExtensions.GetTypeInfo(typeof(Utilities)).Assembly;
            using var stream = assembly.GetManifestResourceStream("Pulumi.ClusterScale.pulumi-plugin.json")
                ?? throw new NotSupportedException("Missing embedded pulumi-plugin.json file");
            using var plugin = JsonDocument.Parse(stream);
            version = plugin.RootElement.GetProperty("version").GetString()
                ?? throw new NotSupportedException("pulumi-plugin.json has no version");
            PluginDownloadURL = plugin.RootElement.GetProperty("server").GetString()
                ?? throw new NotSupportedException("pulumi-plugin.json has no server");
        }
    }

    internal sealed class ClusterScaleResourceTypeAttribute : global::Pulumi.ResourceTypeAttribute
    {
        public ClusterScaleResourceTypeAttribute(string type) : base(type, Utilities.Version)
        {
        }
    }
}
