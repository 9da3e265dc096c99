using System.Reflection;
using System.Text.Json;

namespace ClusterScale.Sdk.Tests;

/// <summary>
/// The C# names gen-sdk gives a schema's tokens and property types (e.g. <c>integer</c> optional output ->
/// <c>int?</c>, array input -> <c>InputList&lt;T&gt;</c>, <c>$ref</c> input -> <c>Inputs.XArgs</c>), and the same
/// rendering of the SDK's reflected types, so the two can be compared as text that reads well in a failure.
/// </summary>
internal sealed class GenSdkNames(JsonElement schema, Assembly sdk)
{
    public const string RootNamespace = "ClusterScale";

    public string InputType(JsonElement spec) => TypeName(spec) switch
    {
        "array" => $"InputList<{InputElementType(spec.GetProperty("items"))}>",
        "map" => $"InputMap<{InputElementType(spec.GetProperty("additionalProperties"))}>",
        _ => $"Input<{InputElementType(spec)}>",
    };

    private string InputElementType(JsonElement spec) => TypeName(spec) switch
    {
        "ref" => ClassNameOf(TokenOf(spec.GetProperty("$ref")), "Inputs.") + "Args",
        "array" or "map" => InputType(spec),
        var scalar => ScalarType(scalar),
    };

    public string OutputValueType(JsonElement spec, bool optional) => TypeName(spec) switch
    {
        // gen-sdk never makes arrays and maps nullable: an absent one reads as empty.
        "array" => $"ImmutableArray<{OutputValueType(spec.GetProperty("items"), optional: false)}>",
        "map" => $"ImmutableDictionary<string, {OutputValueType(spec.GetProperty("additionalProperties"), optional: false)}>",
        "ref" => ClassNameOf(TokenOf(spec.GetProperty("$ref")), "Outputs.") + (optional ? "?" : ""),
        var scalar => ScalarType(scalar) + (optional ? "?" : ""),
    };

    private static string ScalarType(string schemaType) => schemaType switch
    {
        "string" => "string",
        "integer" => "int",
        "boolean" => "bool",
        "number" => "double",
        _ => $"<unsupported schema type {schemaType}>",
    };

    /// <summary>string, integer, boolean, number, array, map (object with additionalProperties) or ref.</summary>
    public static string TypeName(JsonElement spec) =>
        spec.TryGetProperty("$ref", out _) ? "ref"
        : spec.GetProperty("type").GetString() == "object" ? "map"
        : spec.GetProperty("type").GetString()!;

    public string Render(Type type, NullabilityInfo? nullability)
    {
        if (Nullable.GetUnderlyingType(type) is { } underlying)
        {
            return Render(underlying, nullability: null) + "?";
        }
        string name = type switch
        {
            _ when type == typeof(string) => "string",
            _ when type == typeof(int) => "int",
            _ when type == typeof(bool) => "bool",
            _ when type == typeof(double) => "double",
            { IsGenericType: true } => $"{type.Name[..type.Name.IndexOf('`')]}<{string.Join(", ",
                type.GetGenericArguments().Select((argument, i) => Render(argument, nullability?.GenericTypeArguments[i])))}>",
            _ when type.Assembly == sdk => type.FullName!,
            _ => type.Name,
        };
        return !type.IsValueType && nullability?.ReadState == NullabilityState.Nullable ? name + "?" : name;
    }

    public string ClassNameOf(string token, string subNamespace)
    {
        string[] parts = token.Split(':');
        string module = parts[1];
        string ns = schema.TryGetProperty("language", out JsonElement language)
                    && language.TryGetProperty("csharp", out JsonElement csharp)
                    && csharp.TryGetProperty("namespaces", out JsonElement namespaces)
                    && namespaces.TryGetProperty(module, out JsonElement mapped)
            ? mapped.GetString()!
            : PascalCase(module);
        return $"{RootNamespace}.{ns}.{subNamespace}{parts[2]}";
    }

    public static string TokenOf(JsonElement reference) => reference.GetString()!.Replace("#/types/", "");

    public static string PascalCase(string name) => char.ToUpperInvariant(name[0]) + name[1..];
}
