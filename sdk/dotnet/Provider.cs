// Shape of `pulumi package gen-sdk --language dotnet`; see Pulumi.ClusterScale.csproj.

using Pulumi;

namespace Pulumi.ClusterScale
{
    /// <summary>
    /// The provider type for the clusterscale package. By default, resources use package-wide configuration
    /// settings (<c>clusterscale:*</c> stack config or their environment variables); an explicit <c>Provider</c>
    /// instance, passed as <c>CustomResourceOptions.Provider</c>, configures them per cluster or per account.
    /// </summary>
    [ClusterScaleResourceType("pulumi:providers:clusterscale")]
    public partial class Provider : global::Pulumi.ProviderResource
    {
        /// <summary>
        /// Create a Provider resource with the given unique name, arguments, and options.
        /// </summary>
        ///
        /// <param name="name">The unique name of the resource</param>
        /// <param name="args">The arguments used to populate this resource's properties</param>
        /// <param name="options">A bag of options that control this resource's behavior</param>
        public Provider(string name, ProviderArgs? args = null, CustomResourceOptions? options = null)
            : base("clusterscale", name, args ?? new ProviderArgs(), MakeResourceOptions(options, ""))
        {
        }

        private static CustomResourceOptions MakeResourceOptions(CustomResourceOptions? options, Input<string>? id)
        {
            var defaultOptions = new CustomResourceOptions
            {
                Version = Utilities.Version,
                PluginDownloadURL = Utilities.PluginDownloadURL,
            };
            var merged = CustomResourceOptions.Merge(defaultOptions, options);
            // Override the ID if one was specified for consistency with other language SDKs.
            merged.Id = id ?? merged.Id;
            return merged;
        }
    }
}
