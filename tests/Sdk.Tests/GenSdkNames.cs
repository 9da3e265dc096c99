using System.Reflection;
using System.Text.Json;

namespace Pulumi.ClusterScale.Sdk.Tests;

/// <summary>
/// The C# names gen-sdk gives a schema's tokens and property types (e.g. <c>integer</c> optional output ->
/// <c>int?</c>, array input -> <c>InputList&lt;T&gt;</c>, <c>$ref</c> input -> <c>Inputs.XArgs</c>), and the same
/// rendering of the SDK's reflected types, so the two can be compared as text that reads well in a failure.
/// </summary>
internal sealed class GenSdkNames(JsonElement schema, Assembly sdk)
{
    /// <summary>
    /// <c>&lt;root&gt;.&lt;ns(package)&gt;</c>: gen-sdk's namespace of the package, and the name of its assembly and
    /// NuGet package (spec §10; pulumi-dotnet codegen/gen.go:110-125, 2539-2542, 2716). root = rootNamespace, else
    /// "Pulumi"; ns(x) = namespaces[x], else x with each '-' part capitalised.
    /// </summary>
    public string PackageNamespace => $"{Root}.{Namespace(schema.GetProperty("name").GetString()!)}";

    /// <summary>gen-sdk's resource type attribute: <c>&lt;ns(package)&gt;ResourceTypeAttribute</c> (gen.go:916).</summary>
    public string ResourceTypeAttributeName => $"{PackageNamespace}.{Namespace(schema.GetProperty("name").GetString()!)}ResourceTypeAttribute";

    private string Root => CSharp("rootNamespace") is { ValueKind: JsonValueKind.String } root ? root.GetString()! : "Pulumi";

    private string Namespace(string name) =>
        CSharp("namespaces") is { ValueKind: JsonValueKind.Object } namespaces && namespaces.TryGetProperty(name, out JsonElement mapped)
            ? mapped.GetString()!
            : string.Concat(name.Split('-').Select(PascalCase));

    private JsonElement? CSharp(string setting) =>
        schema.TryGetProperty("language", out JsonElement language) && language.TryGetProperty("csharp", out JsonElement csharp)
        && csharp.TryGetProperty(setting, out JsonElement value) ? value : null;

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
        return $"{PackageNamespace}.{Namespace(parts[1])}.{subNamespace}{parts[2]}";
    }

    public string ProviderClassName => $"{PackageNamespace}.Provider";

    public static string TokenOf(JsonElement reference) => reference.GetString()!.Replace("#/types/", "");

    public static string PascalCase(string name) => char.ToUpperInvariant(name[0]) + name[1..];
}
