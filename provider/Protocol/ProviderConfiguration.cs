using Newtonsoft.Json.Linq;

namespace ClusterScale.Provider.Protocol;

/// <summary>
/// The provider-level configuration calls (CheckConfig, DiffConfig, Configure) across all modules. Each module owns
/// its keys; this class decodes the engine's string-encoded values once for everyone.
/// </summary>
public sealed class ProviderConfiguration
{
    /// <summary>The engine adds the plugin version to the provider's inputs; it must survive CheckConfig.</summary>
    public const string VersionKey = "version";
    private const string DeprecatedVariablePrefix = PackageSchema.Name + ":config:";

    private readonly IReadOnlyList<IProviderModule> _modules;

    public ProviderConfiguration(IReadOnlyList<IProviderModule> modules)
    {
        _modules = modules;
        Schema = modules.SelectMany(m => m.ConfigSchema).ToDictionary(kv => kv.Key, kv => kv.Value, StringComparer.Ordinal);
    }

    public IReadOnlyDictionary<string, JObject> Schema { get; }

    public sealed record Checked(PropertyMap Inputs, IReadOnlyList<CheckFailure> Failures, IReadOnlyList<string> UnknownKeys);

    /// <summary>
    /// CheckConfig. The engine sends the values without secret wrappers (spec §5), so the decoded config, where the
    /// schema's secret keys are wrapped again, is what failure reasons are redacted against.
    /// </summary>
    public Checked Check(PropertyMap news)
    {
        var decoded = ConfigDecoder.Decode(news, Schema);
        var failures = decoded.Failures.ToList();
        var undecodable = failures.Select(f => f.Property).ToHashSet();
        // Modules validate only known values that decoded: a key that failed to decode is already reported, and an
        // unknown (a preview of an explicit provider fed by another resource's output) is not a value yet.
        var checkable = new PropertyMap(decoded.Config.Where(kv => !undecodable.Contains(kv.Key) && !kv.Value.ContainsUnknowns));
        failures.AddRange(_modules.SelectMany(m => m.CheckConfig(checkable)));
        var unknown = news.Keys.Where(k => k != VersionKey && !Schema.ContainsKey(k)).ToList();
        return new Checked(decoded.Config, Redacted(failures, decoded.Config), unknown);
    }

    /// <summary>Keys whose value changed. Endpoints and credentials can change in place (the next call simply uses
    /// them), so a config change is never a provider replacement, which would replace every resource.</summary>
    public IReadOnlyList<string> ChangedKeys(PropertyMap olds, PropertyMap news) => olds.Keys.Union(news.Keys)
        .Where(k => k != VersionKey && !olds.Get(k).Unwrapped().Equals(news.Get(k).Unwrapped()))
        .Order(StringComparer.Ordinal)
        .ToList();

    /// <param name="args">The checked configuration, or empty on engines that send only <paramref name="variables"/>.</param>
    /// <param name="variables">The deprecated form: <c>clusterscale:config:key</c> to string.</param>
    public void Configure(PropertyMap args, IReadOnlyDictionary<string, string> variables)
    {
        var raw = args.Count > 0 || variables.Count == 0 ? args : FromVariables(variables);
        var decoded = ConfigDecoder.Decode(raw, Schema);
        var failures = Redacted(decoded.Failures.Concat(_modules.SelectMany(m => m.CheckConfig(decoded.Config))), decoded.Config);
        if (failures.Count > 0)
            throw new ProviderInputException("invalid provider configuration: " + string.Join("; ", failures.Select(f => f.Reason)));
        foreach (var module in _modules)
        {
            try
            {
                module.Configure(decoded.Config);
            }
            catch (ProviderInputException e)
            {
                throw new ProviderInputException(SecretRedaction.Redact(e.Message, decoded.Config));
            }
        }
    }

    /// <summary>Reasons may quote the value they reject; a secret one (by the schema or as sent) is masked, as
    /// Check's reasons are.</summary>
    private static List<CheckFailure> Redacted(IEnumerable<CheckFailure> failures, PropertyMap config) =>
        failures.Select(f => f with { Reason = SecretRedaction.Redact(f.Reason, config) }).ToList();

    private static PropertyMap FromVariables(IReadOnlyDictionary<string, string> variables) => new(variables
        .Where(v => v.Key.StartsWith(DeprecatedVariablePrefix, StringComparison.Ordinal))
        .Select(v => KeyValuePair.Create(v.Key[DeprecatedVariablePrefix.Length..], PropertyValue.From(v.Value))));
}
