using Newtonsoft.Json;
using Newtonsoft.Json.Linq;

namespace ClusterScale.Provider.Protocol;

/// <summary>
/// Provider configuration arrives as strings: the engine JSON-encodes every non-string config value
/// (<c>obshellEndpoints</c> comes as the string <c>["127.0.0.1:1"]</c>), and wraps secrets. This turns each value
/// back into its schema type, keeps secrets wrapped (and wraps keys the schema marks secret), and leaves unknowns and
/// keys it has no schema for (such as <c>version</c>) untouched. An unknown arrives for an explicit provider fed by
/// another resource's output during a preview: the SDK cannot JSON-encode it, so a list or bool key holds the string
/// sentinel itself; it must come back unchanged (spec §5). Decoding a value that already has its type is a
/// no-op, so the result of CheckConfig can be decoded again in Configure.
/// </summary>
public static class ConfigDecoder
{
    public sealed record Result(PropertyMap Config, IReadOnlyList<CheckFailure> Failures);

    public static Result Decode(PropertyMap raw, IReadOnlyDictionary<string, JObject> schema)
    {
        var config = raw;
        var failures = new List<CheckFailure>();
        foreach (var (key, value) in raw)
        {
            if (!schema.TryGetValue(key, out var property) || value.ContainsUnknowns) continue;
            var plain = value.Kind == PropertyKind.Secret ? value.SecretValue : value;
            var type = property.Value<string>("type");
            var decoded = plain;
            if (type is not (null or "string") && plain.Kind == PropertyKind.String)
            {
                try
                {
                    decoded = PropertyJson.FromJson(JToken.Parse(plain.StringValue));
                }
                catch (JsonException)
                {
                    // The value is not echoed: it may be a secret.
                    failures.Add(new CheckFailure(key, $"clusterscale:{key} must be {Describe(type)} (JSON-encoded in the stack config)"));
                    continue;
                }
            }
            var secret = value.Kind == PropertyKind.Secret || property.Value<bool?>("secret") == true;
            config = config.With(key, secret ? PropertyValue.Secret(decoded) : decoded);
        }
        return new Result(config, failures);
    }

    private static string Describe(string type) => type switch
    {
        "array" => "a JSON array",
        "object" => "a JSON object",
        "boolean" => "true or false",
        "integer" => "an integer",
        _ => $"a {type}",
    };
}
