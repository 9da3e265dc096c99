using System.Collections.Immutable;
using System.Globalization;

namespace ClusterScale.Provider.Protocol;

/// <summary>The kinds of value the Pulumi engine sends inside a property Struct.</summary>
public enum PropertyKind { Null, Bool, Number, String, Array, Object, Secret, Computed, Output, ResourceReference, Asset, Archive }

/// <summary>
/// One Pulumi property value: plain JSON-like data plus the engine's special values (secrets, unknowns, output
/// values, resource references). Immutable with structural equality, so Diff can compare old and new inputs directly.
/// Conversion to and from google.protobuf.Struct lives in <see cref="PropertyStruct"/>.
/// </summary>
public sealed class PropertyValue : IEquatable<PropertyValue>
{
    public static readonly PropertyValue Null = new(PropertyKind.Null);
    /// <summary>An unknown (computed) value: only ever seen during previews.</summary>
    public static readonly PropertyValue Computed = new(PropertyKind.Computed);

    public PropertyKind Kind { get; }
    private readonly bool _bool;
    private readonly double _number;
    private readonly string? _string;
    private readonly ImmutableArray<PropertyValue> _array;
    private readonly ImmutableSortedDictionary<string, PropertyValue>? _object;
    private readonly PropertyValue? _inner;

    private PropertyValue(PropertyKind kind) => Kind = kind;
    private PropertyValue(bool value) : this(PropertyKind.Bool) => _bool = value;
    private PropertyValue(double value) : this(PropertyKind.Number) => _number = value;
    private PropertyValue(PropertyKind kind, string value) : this(kind) => _string = value;
    private PropertyValue(ImmutableArray<PropertyValue> items) : this(PropertyKind.Array) => _array = items;
    private PropertyValue(PropertyKind kind, ImmutableSortedDictionary<string, PropertyValue> fields) : this(kind) => _object = fields;
    private PropertyValue(PropertyKind kind, PropertyValue inner) : this(kind) => _inner = inner;

    public static PropertyValue From(bool value) => new(value);
    public static PropertyValue From(double value) => new(value);
    public static PropertyValue From(string? value) => value is null ? Null : new(PropertyKind.String, value);
    public static PropertyValue From(IEnumerable<PropertyValue> items) => new(items.ToImmutableArray());
    public static PropertyValue From(IEnumerable<KeyValuePair<string, PropertyValue>> fields) =>
        new(PropertyKind.Object, fields.ToImmutableSortedDictionary(StringComparer.Ordinal));
    public static PropertyValue From(PropertyMap map) => new(PropertyKind.Object, map.Fields);

    /// <summary>Wraps a value as secret; wrapping a secret again is a no-op.</summary>
    public static PropertyValue Secret(PropertyValue value) => value.Kind == PropertyKind.Secret ? value : new(PropertyKind.Secret, value);

    /// <summary>An output value: <paramref name="value"/> null means unknown.</summary>
    public static PropertyValue Output(PropertyValue? value, bool secret, IEnumerable<string> dependencies) =>
        new OutputData(value, secret, dependencies.ToImmutableArray()).ToValue();

    public static PropertyValue ResourceReference(string urn, PropertyValue id, string packageVersion) =>
        new(PropertyKind.ResourceReference, ImmutableSortedDictionary.CreateRange(StringComparer.Ordinal, new[]
        {
            KeyValuePair.Create("urn", From(urn)), KeyValuePair.Create("id", id), KeyValuePair.Create("packageVersion", From(packageVersion)),
        }));

    /// <summary>Assets and archives are carried opaquely (no resource here takes one): their Struct fields are kept as-is.</summary>
    public static PropertyValue Opaque(PropertyKind kind, PropertyMap fields) =>
        kind is PropertyKind.Asset or PropertyKind.Archive ? new(kind, fields.Fields)
            : throw new ArgumentException($"{kind} is not an opaque kind", nameof(kind));

    public bool BoolValue => Kind == PropertyKind.Bool ? _bool : throw WrongKind(PropertyKind.Bool);
    public double NumberValue => Kind == PropertyKind.Number ? _number : throw WrongKind(PropertyKind.Number);
    public string StringValue => Kind == PropertyKind.String ? _string! : throw WrongKind(PropertyKind.String);
    public ImmutableArray<PropertyValue> ArrayValue => Kind == PropertyKind.Array ? _array : throw WrongKind(PropertyKind.Array);
    public PropertyMap ObjectValue => Kind == PropertyKind.Object ? new PropertyMap(_object!) : throw WrongKind(PropertyKind.Object);
    /// <summary>The value inside a secret.</summary>
    public PropertyValue SecretValue => Kind == PropertyKind.Secret ? _inner! : throw WrongKind(PropertyKind.Secret);
    public OutputData OutputValue => Kind == PropertyKind.Output ? OutputData.FromFields(_object!) : throw WrongKind(PropertyKind.Output);
    /// <summary>The raw fields of a resource reference, asset or archive.</summary>
    public PropertyMap OpaqueFields => Kind is PropertyKind.ResourceReference or PropertyKind.Asset or PropertyKind.Archive
        ? new PropertyMap(_object!) : throw WrongKind(PropertyKind.ResourceReference);

    public bool IsNull => Kind == PropertyKind.Null;
    public bool IsSecret => Kind == PropertyKind.Secret || (Kind == PropertyKind.Output && OutputValue.Secret);

    /// <summary>True when this value, or anything inside it, is unknown (a preview placeholder).</summary>
    public bool ContainsUnknowns => Kind switch
    {
        PropertyKind.Computed => true,
        PropertyKind.Output => OutputValue.Value is null || OutputValue.Value.ContainsUnknowns,
        PropertyKind.Secret => _inner!.ContainsUnknowns,
        PropertyKind.Array => _array.Any(v => v.ContainsUnknowns),
        PropertyKind.Object => _object!.Values.Any(v => v.ContainsUnknowns),
        _ => false,
    };

    /// <summary>True when this value, or anything inside it, is secret.</summary>
    public bool ContainsSecrets => Kind switch
    {
        PropertyKind.Secret => true,
        PropertyKind.Output => OutputValue.Secret || (OutputValue.Value?.ContainsSecrets ?? false),
        PropertyKind.Array => _array.Any(v => v.ContainsSecrets),
        PropertyKind.Object => _object!.Values.Any(v => v.ContainsSecrets),
        _ => false,
    };

    /// <summary>
    /// The plain value with secret wrappers and known output values unwrapped at every depth. Use it to read an
    /// input; remember <see cref="ContainsSecrets"/> first so the output can be wrapped again.
    /// </summary>
    public PropertyValue Unwrapped() => Kind switch
    {
        PropertyKind.Secret => _inner!.Unwrapped(),
        PropertyKind.Output => OutputValue.Value?.Unwrapped() ?? Computed,
        PropertyKind.Array => From(_array.Select(v => v.Unwrapped())),
        PropertyKind.Object => new PropertyValue(PropertyKind.Object, _object!.ToImmutableSortedDictionary(kv => kv.Key, kv => kv.Value.Unwrapped(), StringComparer.Ordinal)),
        _ => this,
    };

    /// <summary>A short human-readable rendering for error messages; secrets render as [secret].</summary>
    public override string ToString() => Kind switch
    {
        PropertyKind.Null => "null",
        PropertyKind.Bool => _bool ? "true" : "false",
        PropertyKind.Number => _number.ToString(CultureInfo.InvariantCulture),
        PropertyKind.String => _string!,
        PropertyKind.Array => "[" + string.Join(", ", _array) + "]",
        PropertyKind.Object => "{" + string.Join(", ", _object!.Select(kv => $"{kv.Key}: {kv.Value}")) + "}",
        PropertyKind.Secret => "[secret]",
        PropertyKind.Computed => "[unknown]",
        PropertyKind.Output => OutputValue.Secret ? "[secret]" : OutputValue.Value?.ToString() ?? "[unknown]",
        _ => $"[{Kind}]",
    };

    public bool Equals(PropertyValue? other)
    {
        if (ReferenceEquals(this, other)) return true;
        if (other is null || other.Kind != Kind) return false;
        return Kind switch
        {
            PropertyKind.Null or PropertyKind.Computed => true,
            PropertyKind.Bool => _bool == other._bool,
            PropertyKind.Number => _number.Equals(other._number),
            PropertyKind.String => _string == other._string,
            PropertyKind.Array => _array.SequenceEqual(other._array),
            PropertyKind.Secret => _inner!.Equals(other._inner),
            _ => _object!.Count == other._object!.Count && _object.All(kv => other._object.TryGetValue(kv.Key, out var v) && kv.Value.Equals(v)),
        };
    }

    public override bool Equals(object? obj) => obj is PropertyValue other && Equals(other);

    public override int GetHashCode() => Kind switch
    {
        PropertyKind.Bool => HashCode.Combine(Kind, _bool),
        PropertyKind.Number => HashCode.Combine(Kind, _number),
        PropertyKind.String => HashCode.Combine(Kind, _string),
        PropertyKind.Array => HashCode.Combine(Kind, _array.Length),
        PropertyKind.Secret => HashCode.Combine(Kind, _inner),
        PropertyKind.Null or PropertyKind.Computed => Kind.GetHashCode(),
        _ => HashCode.Combine(Kind, _object!.Count),
    };

    private InvalidOperationException WrongKind(PropertyKind wanted) => new($"expected a {wanted} value but found {Kind}");

    /// <summary>The payload of an output value.</summary>
    public sealed record OutputData(PropertyValue? Value, bool Secret, ImmutableArray<string> Dependencies)
    {
        internal PropertyValue ToValue()
        {
            var fields = ImmutableSortedDictionary.CreateBuilder<string, PropertyValue>(StringComparer.Ordinal);
            if (Value is not null) fields["value"] = Value;
            fields["secret"] = From(Secret);
            fields["dependencies"] = From(Dependencies.Select(d => From(d)));
            return new PropertyValue(PropertyKind.Output, fields.ToImmutable());
        }

        internal static OutputData FromFields(ImmutableSortedDictionary<string, PropertyValue> fields) => new(
            fields.GetValueOrDefault("value"),
            fields.TryGetValue("secret", out var s) && s.Kind == PropertyKind.Bool && s.BoolValue,
            fields.TryGetValue("dependencies", out var d) && d.Kind == PropertyKind.Array
                ? d.ArrayValue.Where(x => x.Kind == PropertyKind.String).Select(x => x.StringValue).ToImmutableArray()
                : ImmutableArray<string>.Empty);
    }
}

/// <summary>A property bag (the top level of inputs, outputs or config), ordered by key, compared structurally.</summary>
public sealed class PropertyMap : IReadOnlyDictionary<string, PropertyValue>, IEquatable<PropertyMap>
{
    public static readonly PropertyMap Empty = new(ImmutableSortedDictionary.Create<string, PropertyValue>(StringComparer.Ordinal));

    internal ImmutableSortedDictionary<string, PropertyValue> Fields { get; }

    internal PropertyMap(ImmutableSortedDictionary<string, PropertyValue> fields) => Fields = fields;

    public PropertyMap(IEnumerable<KeyValuePair<string, PropertyValue>> fields)
        : this(fields.ToImmutableSortedDictionary(StringComparer.Ordinal)) { }

    public PropertyValue this[string key] => Fields[key];
    public IEnumerable<string> Keys => Fields.Keys;
    public IEnumerable<PropertyValue> Values => Fields.Values;
    public int Count => Fields.Count;
    public bool ContainsKey(string key) => Fields.ContainsKey(key);
    public bool TryGetValue(string key, out PropertyValue value) => Fields.TryGetValue(key, out value!);

    /// <summary>The value at <paramref name="key"/>, or <see cref="PropertyValue.Null"/> when absent.</summary>
    public PropertyValue Get(string key) => Fields.GetValueOrDefault(key) ?? PropertyValue.Null;

    public PropertyMap With(string key, PropertyValue value) => new(Fields.SetItem(key, value));
    public PropertyMap Without(string key) => new(Fields.Remove(key));

    public IEnumerator<KeyValuePair<string, PropertyValue>> GetEnumerator() => Fields.GetEnumerator();
    System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();

    public bool Equals(PropertyMap? other) => other is not null && PropertyValue.From(this).Equals(PropertyValue.From(other));
    public override bool Equals(object? obj) => obj is PropertyMap other && Equals(other);
    public override int GetHashCode() => Fields.Count;
    public override string ToString() => PropertyValue.From(this).ToString();
}
