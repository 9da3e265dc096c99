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

        // As gen-sdk writes them (pulumi-dotnet codegen/templates.go:77-92): a program that only calls functions still
        // tells the engine which plugin version to run and where to download it.
        public static global::Pulumi.InvokeOptions WithDefaults(this global::Pulumi.InvokeOptions? src)
        {
            var dst = src ?? new global::Pulumi.InvokeOptions{};
            dst.Version = src?.Version ?? Version;
            dst.PluginDownloadURL = src?.PluginDownloadURL ?? PluginDownloadURL;
            return dst;
        }

        public static global::Pulumi.InvokeOutputOptions WithDefaults(this global::Pulumi.InvokeOutputOptions? src)
        {
            var dst = src ?? new global::Pulumi.InvokeOutputOptions{};
            dst.Version = src?.Version ?? Version;
            dst.PluginDownloadURL = src?.PluginDownloadURL ?? PluginDownloadURL;
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
            // The version from version.txt, as gen-sdk's Utilities reads it (templates.go:110-120).
            using var versionStream = assembly.GetManifestResourceStream("Pulumi.ClusterScale.version.txt");
            using var reader = new StreamReader(versionStream ?? throw new NotSupportedException("Missing embedded version.txt file"));
            version = reader.ReadToEnd().Trim();
            using var stream = assembly.GetManifestResourceStream("Pulumi.ClusterScale.pulumi-plugin.json")
                ?? throw new NotSupportedException("Missing embedded pulumi-plugin.json file");
            using var plugin = JsonDocument.Parse(stream);
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
