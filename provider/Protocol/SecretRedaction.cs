using System.Globalization;

namespace ClusterScale.Provider.Protocol;

/// <summary>
/// Keeps secret input values out of texts sent back to the engine. A resource's Check reason may quote the value it
/// rejects ("'x' is not a port"); when that value arrived as a secret the quote must not show it, whichever resource
/// wrote the reason.
/// </summary>
public static class SecretRedaction
{
    public const string Mask = "[secret]";

    public static string Redact(string text, PropertyMap inputs)
    {
        foreach (var secret in SecretTexts(PropertyValue.From(inputs), insideSecret: false).Distinct().OrderByDescending(s => s.Length))
            text = text.Replace(secret, Mask, StringComparison.Ordinal);
        return text;
    }

    /// <summary>The plain texts of every value under a secret, as a reason would quote them (strings, numbers).</summary>
    private static IEnumerable<string> SecretTexts(PropertyValue value, bool insideSecret) => value.Kind switch
    {
        PropertyKind.Secret => SecretTexts(value.SecretValue, insideSecret: true),
        PropertyKind.Output => value.OutputValue.Value is { } inner ? SecretTexts(inner, insideSecret || value.OutputValue.Secret) : [],
        PropertyKind.Array => value.ArrayValue.SelectMany(v => SecretTexts(v, insideSecret)),
        PropertyKind.Object => value.ObjectValue.Values.SelectMany(v => SecretTexts(v, insideSecret)),
        PropertyKind.String when insideSecret && value.StringValue.Length > 0 => [value.StringValue],
        PropertyKind.Number when insideSecret => [value.NumberValue.ToString(CultureInfo.InvariantCulture)],
        _ => [],
    };
}
