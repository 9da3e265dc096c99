using ClusterScale.Provider.Protocol;

namespace ClusterScale.Provider.Functions;

/// <summary>Reading a function's arguments: every failure names the argument, and nothing is sent before they pass.</summary>
internal static class FunctionArgs
{
    /// <summary>Fails on any key the function does not take (a typo must not silently fall back to a default).</summary>
    public static void RequireOnly(PropertyMap args, params string[] known)
    {
        foreach (var key in args.Keys)
            if (!known.Contains(key, StringComparer.Ordinal))
                throw new FunctionArgumentException(key, known.Length == 0
                    ? "this function takes no arguments"
                    : $"unknown argument; this function takes {string.Join(", ", known)}");
    }

    /// <summary>The value with secret and output wrappers removed; null when absent. Unknowns are refused: the
    /// engine never invokes with them, and a function cannot answer for a value it does not know.</summary>
    public static PropertyValue? Optional(PropertyMap args, string key)
    {
        var value = args.Get(key);
        if (value.ContainsUnknowns) throw new FunctionArgumentException(key, "the value is not known yet");
        var plain = value.Unwrapped();
        return plain.IsNull ? null : plain;
    }

    public static string RequiredString(PropertyMap args, string key) => Optional(args, key) switch
    {
        null => throw new FunctionArgumentException(key, "is required"),
        { Kind: PropertyKind.String } s when s.StringValue.Trim().Length > 0 => s.StringValue.Trim(),
        { Kind: PropertyKind.String } => throw new FunctionArgumentException(key, "must not be empty"),
        var other => throw new FunctionArgumentException(key, $"expected a string, got {other.Kind}"),
    };

    public static IReadOnlyList<string>? OptionalStrings(PropertyMap args, string key) => Optional(args, key) switch
    {
        null => null,
        { Kind: PropertyKind.Array } list when list.ArrayValue.All(v => v.Kind == PropertyKind.String) =>
            list.ArrayValue.Select(v => v.StringValue).ToList(),
        _ => throw new FunctionArgumentException(key, "expected a list of strings"),
    };

    /// <summary>Schema helpers shared by the functions' schema entries.</summary>
    public static Newtonsoft.Json.Linq.JObject ObjectSpec(string description, Newtonsoft.Json.Linq.JObject properties, params string[] required) => new()
    {
        ["type"] = "object", ["description"] = description, ["properties"] = properties, ["required"] = new Newtonsoft.Json.Linq.JArray(required),
    };
}
