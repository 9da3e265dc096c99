using Newtonsoft.Json.Linq;

namespace ClusterScale.Provider.Protocol;

/// <summary>Plain property values (null, bool, number, string, array, object) as JSON, both ways: stack config
/// arrives JSON-encoded, and the operation journal stores bookkeeping as JSON files.</summary>
public static class PropertyJson
{
    public static PropertyValue FromJson(JToken token) => token.Type switch
    {
        JTokenType.Null or JTokenType.Undefined => PropertyValue.Null,
        JTokenType.Boolean => PropertyValue.From(token.Value<bool>()),
        JTokenType.Integer or JTokenType.Float => PropertyValue.From(token.Value<double>()),
        JTokenType.Array => PropertyValue.From(token.Select(FromJson)),
        JTokenType.Object => PropertyValue.From(((JObject)token).Properties().Select(p => KeyValuePair.Create(p.Name, FromJson(p.Value)))),
        _ => PropertyValue.From(token.ToString()),
    };

    /// <summary>Only plain values: a secret, unknown, output, reference or asset has no faithful JSON form here, and a
    /// caller writing one to disk would be leaking or losing it, so it is refused.</summary>
    public static JToken ToJson(PropertyValue value) => value.Kind switch
    {
        PropertyKind.Null => JValue.CreateNull(),
        PropertyKind.Bool => new JValue(value.BoolValue),
        PropertyKind.Number => new JValue(value.NumberValue),
        PropertyKind.String => new JValue(value.StringValue),
        PropertyKind.Array => new JArray(value.ArrayValue.Select(ToJson)),
        PropertyKind.Object => new JObject(value.ObjectValue.Select(f => new JProperty(f.Key, ToJson(f.Value)))),
        _ => throw new ArgumentException($"a {value.Kind} value has no plain JSON form", nameof(value)),
    };
}
