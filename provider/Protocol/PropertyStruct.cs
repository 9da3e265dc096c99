using Google.Protobuf.WellKnownTypes;

namespace ClusterScale.Provider.Protocol;

/// <summary>
/// Converts between the engine's wire form of properties (google.protobuf.Struct with signature-tagged special
/// objects and sentinel strings) and <see cref="PropertyValue"/>/<see cref="PropertyMap"/>. Decoding is strict: an
/// object the engine would not send is rejected with a <see cref="MalformedPropertyException"/> naming its path, so a
/// protocol mismatch surfaces as a clear InvalidArgument instead of a resource acting on garbage.
/// This file (with PropertyValue.cs) is also compiled into the test harness, so it depends on nothing else here.
/// </summary>
public static class PropertyStruct
{
    public const string SignatureKey = "4dabf18193072939515e22adb298388d";
    public const string SecretSignature = "1b47061264138c4ac30d75fd1eb44270";
    public const string ResourceReferenceSignature = "5cf8f73096256a8f31e491e813e4eb8e";
    public const string OutputValueSignature = "d0e6a833031e9bbcd3f4e8bde6ca49a4";
    public const string AssetSignature = "c44067f5952c0a294b673a41bacd8c17";
    public const string ArchiveSignature = "0def7320c3a5731c473e5ecbe6d01bc7";

    /// <summary>The unknown sentinel the engine sends in practice, and the one this side sends back.</summary>
    public const string UnknownString = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

    /// <summary>Typed unknowns the engine may send (rpc.go:65-85, spec §4); they all mean "unknown", whatever the type.</summary>
    public static readonly IReadOnlySet<string> UnknownSentinels = new HashSet<string>
    {
        UnknownString,
        "1c4a061d-8072-4f0a-a4cb-0ff528b18fe7", // bool
        "3eeb2bf0-c639-47a8-9e75-3b44932eb421", // number
        "6a19a0b0-7e62-4c92-b797-7f8e31da9cc2", // array
        "dd056dcd-154b-4c76-9bd3-c8f88648b5ff", // object
        "030794c1-ac77-496b-92df-f27374a8bd58", // asset
        "e48ece36-62e2-4504-bad9-02848725956a", // archive
    };

    /// <summary>A missing Struct (an unset message field) is an empty map, as the engine means it.</summary>
    public static PropertyMap ToMap(Struct? value) =>
        value is null ? PropertyMap.Empty : new PropertyMap(value.Fields.Select(f => KeyValuePair.Create(f.Key, ToValue(f.Value, f.Key))));

    public static Struct ToStruct(PropertyMap map)
    {
        var result = new Struct();
        foreach (var (key, value) in map) result.Fields[key] = ToProto(value);
        return result;
    }

    /// <param name="path">Where the value sits (<c>a.b[0]</c>), for error messages.</param>
    public static PropertyValue ToValue(Value value, string path) => value.KindCase switch
    {
        Value.KindOneofCase.NullValue => PropertyValue.Null,
        Value.KindOneofCase.BoolValue => PropertyValue.From(value.BoolValue),
        Value.KindOneofCase.NumberValue => PropertyValue.From(value.NumberValue),
        Value.KindOneofCase.StringValue => UnknownSentinels.Contains(value.StringValue) ? PropertyValue.Computed : PropertyValue.From(value.StringValue),
        Value.KindOneofCase.ListValue => PropertyValue.From(value.ListValue.Values.Select((v, i) => ToValue(v, $"{path}[{i}]"))),
        Value.KindOneofCase.StructValue => FromObject(value.StructValue, path),
        _ => throw new MalformedPropertyException(path, "the value has no kind set"),
    };

    public static Value ToProto(PropertyValue value) => value.Kind switch
    {
        PropertyKind.Null => Value.ForNull(),
        PropertyKind.Bool => Value.ForBool(value.BoolValue),
        PropertyKind.Number => Value.ForNumber(value.NumberValue),
        PropertyKind.String => Value.ForString(value.StringValue),
        PropertyKind.Computed => Value.ForString(UnknownString),
        PropertyKind.Array => Value.ForList(value.ArrayValue.Select(ToProto).ToArray()),
        PropertyKind.Object => Value.ForStruct(ToStruct(value.ObjectValue)),
        PropertyKind.Secret => Signed(SecretSignature, ("value", ToProto(value.SecretValue))),
        PropertyKind.Output => FromOutput(value.OutputValue),
        PropertyKind.ResourceReference => FromReference(value.OpaqueFields),
        PropertyKind.Asset => Signed(AssetSignature, value.OpaqueFields.Select(f => (f.Key, ToProto(f.Value))).ToArray()),
        PropertyKind.Archive => Signed(ArchiveSignature, value.OpaqueFields.Select(f => (f.Key, ToProto(f.Value))).ToArray()),
        _ => throw new ArgumentOutOfRangeException(nameof(value), value.Kind, "unsupported property kind"),
    };

    private static PropertyValue FromObject(Struct obj, string path)
    {
        if (!obj.Fields.TryGetValue(SignatureKey, out var signature))
            return PropertyValue.From(obj.Fields.Select(f => KeyValuePair.Create(f.Key, ToValue(f.Value, Child(path, f.Key)))));
        if (signature.KindCase != Value.KindOneofCase.StringValue)
            throw new MalformedPropertyException(path, "the special-value signature is not a string");

        return signature.StringValue switch
        {
            SecretSignature => obj.Fields.TryGetValue("value", out var secret)
                ? PropertyValue.Secret(ToValue(secret, path))
                : throw new MalformedPropertyException(path, "a secret without a 'value'"),
            OutputValueSignature => ToOutput(obj, path),
            ResourceReferenceSignature => ToReference(obj, path),
            AssetSignature => PropertyValue.Opaque(PropertyKind.Asset, OtherFields(obj, path)),
            ArchiveSignature => PropertyValue.Opaque(PropertyKind.Archive, OtherFields(obj, path)),
            var unknown => throw new MalformedPropertyException(path, $"unknown special-value signature '{unknown}'"),
        };
    }

    private static PropertyValue ToOutput(Struct obj, string path)
    {
        var value = obj.Fields.TryGetValue("value", out var v) ? ToValue(v, path) : null;
        var secret = obj.Fields.TryGetValue("secret", out var s)
            ? s.KindCase == Value.KindOneofCase.BoolValue ? s.BoolValue : throw new MalformedPropertyException(path, "an output value's 'secret' is not a boolean")
            : false;
        var dependencies = new List<string>();
        if (obj.Fields.TryGetValue("dependencies", out var deps))
        {
            if (deps.KindCase != Value.KindOneofCase.ListValue || deps.ListValue.Values.Any(d => d.KindCase != Value.KindOneofCase.StringValue))
                throw new MalformedPropertyException(path, "an output value's 'dependencies' is not a list of URN strings");
            dependencies.AddRange(deps.ListValue.Values.Select(d => d.StringValue));
        }
        return PropertyValue.Output(value, secret, dependencies);
    }

    private static PropertyValue ToReference(Struct obj, string path)
    {
        if (!obj.Fields.TryGetValue("urn", out var urn) || urn.KindCase != Value.KindOneofCase.StringValue)
            throw new MalformedPropertyException(path, "a resource reference without a string 'urn'");
        var version = obj.Fields.TryGetValue("packageVersion", out var pv)
            ? pv.KindCase == Value.KindOneofCase.StringValue ? pv.StringValue : throw new MalformedPropertyException(path, "a resource reference's 'packageVersion' is not a string")
            : "";
        // A reference to a component resource has no id; Null stands for "absent".
        var id = obj.Fields.TryGetValue("id", out var i) ? ToValue(i, Child(path, "id")) : PropertyValue.Null;
        return PropertyValue.ResourceReference(urn.StringValue, id, version);
    }

    private static PropertyMap OtherFields(Struct obj, string path) => new(obj.Fields
        .Where(f => f.Key != SignatureKey)
        .Select(f => KeyValuePair.Create(f.Key, ToValue(f.Value, Child(path, f.Key)))));

    private static Value FromOutput(PropertyValue.OutputData output)
    {
        var fields = new List<(string, Value)>();
        if (output.Value is not null) fields.Add(("value", ToProto(output.Value)));
        if (output.Secret) fields.Add(("secret", Value.ForBool(true)));
        if (output.Dependencies.Length > 0) fields.Add(("dependencies", Value.ForList(output.Dependencies.Select(Value.ForString).ToArray())));
        return Signed(OutputValueSignature, fields.ToArray());
    }

    private static Value FromReference(PropertyMap fields)
    {
        var result = new List<(string, Value)> { ("urn", ToProto(fields.Get("urn"))) };
        if (!fields.Get("id").IsNull) result.Add(("id", ToProto(fields.Get("id"))));
        if (fields.Get("packageVersion") is { Kind: PropertyKind.String } v && v.StringValue.Length > 0) result.Add(("packageVersion", ToProto(v)));
        return Signed(ResourceReferenceSignature, result.ToArray());
    }

    private static Value Signed(string signature, params (string Key, Value Value)[] fields)
    {
        var obj = new Struct { Fields = { [SignatureKey] = Value.ForString(signature) } };
        foreach (var (key, value) in fields) obj.Fields[key] = value;
        return Value.ForStruct(obj);
    }

    private static string Child(string path, string key) => path.Length == 0 ? key : $"{path}.{key}";
}

/// <summary>A property Struct the engine would never send (unknown signature, secret without value, wrong field
/// type). The host answers InvalidArgument with this message, which names the property path.</summary>
public sealed class MalformedPropertyException(string path, string problem)
    : Exception($"malformed property '{path}': {problem}")
{
    public string PropertyPath { get; } = path;
}
