using Newtonsoft.Json.Linq;

namespace ClusterScale.Provider.Protocol;

/// <summary>
/// Keeps secrets secret on the way out. Resources are expected to wrap secrets themselves; the host does it again
/// (belt and braces) for every top-level output whose input counterpart was secret and for every property the schema
/// marks <c>secret</c>, so a resource slip cannot write a password into plain state.
/// </summary>
public static class SecretOutputs
{
    /// <param name="schemaSection">The schema's property section for these values (<c>properties</c> for outputs,
    /// <c>inputProperties</c> for inputs, or the config variables).</param>
    public static PropertyMap Protect(PropertyMap values, PropertyMap inputs, JObject? schemaSection)
    {
        var result = values;
        foreach (var (key, value) in values)
        {
            if (value.IsSecret || value.IsNull) continue;
            var inputWasSecret = inputs.TryGetValue(key, out var input) && input.ContainsSecrets;
            if (inputWasSecret || IsSecretInSchema(schemaSection, key)) result = result.With(key, PropertyValue.Secret(value));
        }
        return result;
    }

    public static bool IsSecretInSchema(JObject? schemaSection, string key) =>
        schemaSection?[key] is JObject property && property.Value<bool?>("secret") == true;
}
