using System.Text.RegularExpressions;
using ClusterScale.Provider.ModelArts.Api;
using ClusterScale.Provider.Protocol;

namespace ClusterScale.Provider.ModelArts;

/// <summary>The inputs of <c>clusterscale:modelarts:SupernodeScale</c>, validated against the live-scale-up schema.</summary>
public sealed partial record SupernodeScaleArgs(
    string SupernodeId, string Flavor, string ImageId, string KeyPairName, RootVolume? RootVolume, DataVolume? DataVolume, string? Userdata)
{
    public const string SupernodeIdKey = "supernodeId", FlavorKey = "flavor", ImageIdKey = "imageId", KeyPairNameKey = "keyPairName",
        RootVolumeKey = "rootVolume", DataVolumeKey = "dataVolume", UserdataKey = "userdata", AdoptServerIdsKey = "adoptServerIds";

    public static readonly IReadOnlyList<string> Keys = [SupernodeIdKey, FlavorKey, ImageIdKey, KeyPairNameKey, RootVolumeKey, DataVolumeKey, UserdataKey, AdoptServerIdsKey];

    /// <summary>The servers the user declared this resource's (<c>adoptServerIds</c>): the one explicit, reviewable way
    /// to settle what <see cref="Ownership.ScaleUpOwnership"/> cannot tell. Null when not set.</summary>
    public static IReadOnlySet<string>? AdoptedOf(PropertyMap inputs) =>
        inputs.Get(AdoptServerIdsKey).Unwrapped() is { Kind: PropertyKind.Array } ids
            ? ids.ArrayValue.Select(v => v.Unwrapped()).Where(v => v.Kind == PropertyKind.String).Select(v => v.StringValue).ToHashSet()
            : null;

    public static readonly IReadOnlyList<string> VolumeTypes = ["ESSD", "GPSSD", "SAS", "SATA", "SSD"];

    private const int MaxUserdataBytes = 32 * 1024;

    /// <summary>The API's UUID rule for supernode ids (version 1-5, RFC variant).</summary>
    [GeneratedRegex("^[0-9a-f]{8}-[0-9a-f]{4}-[1-5][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$")]
    private static partial Regex SupernodeIdPattern();

    [GeneratedRegex("^[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12}$")]
    private static partial Regex ImageIdPattern();

    /// <summary>The doc says letters, digits and dots, but real flavors contain hyphens
    /// (<c>kat3ne-32-800t.192xlarge.8.matrix</c>), so hyphens are accepted.</summary>
    [GeneratedRegex("^[A-Za-z0-9.-]{1,128}$")]
    private static partial Regex FlavorPattern();

    [GeneratedRegex("^[A-Za-z0-9._-]{1,64}$")]
    private static partial Regex KeyPairPattern();

    /// <summary>Every rule of the API's request schema, so bad input fails in Check and nothing is sent. Unknown
    /// values (previews) are not judged. Failures name the top-level property; the reason names any sub-field.</summary>
    public static IReadOnlyList<CheckFailure> Validate(PropertyMap inputs)
    {
        var failures = new List<CheckFailure>();
        void Fail(string property, string reason) => failures.Add(new CheckFailure(property, reason));

        foreach (var key in inputs.Keys.Where(k => !Keys.Contains(k) && !k.StartsWith("__", StringComparison.Ordinal)))
            Fail(key, $"unknown property '{key}'; SupernodeScale accepts {string.Join(", ", Keys)}");

        CheckString(inputs, SupernodeIdKey, required: true, Fail, s => SupernodeIdPattern().IsMatch(s),
            "must be a supernode id: a lower-case UUID (version 1-5), e.g. b4beacb6-4380-448c-a218-daa82cf03f5d");
        CheckString(inputs, FlavorKey, required: true, Fail, s => FlavorPattern().IsMatch(s),
            "must be 1-128 letters, digits, dots or hyphens");
        // Spec §6 and "Corrections on 2026-12-05": a flavor outside the naming rule has no known sub-node count, so
        // nothing could tell how many servers a scale to it adds or when it is done.
        if (inputs.Get(FlavorKey).Unwrapped() is { Kind: PropertyKind.String, StringValue: var flavor } && FlavorPattern().IsMatch(flavor)
            && SupernodeFlavor.SubNodes(flavor) is null)
            Fail(FlavorKey, $"{FlavorKey} must follow the supernode flavor rule kat3ne-{{N}}-800t.{{6N}}xlarge.8.matrix with N a multiple of 8 from 8 to {8 * SupernodeFlavor.MaxSubNodes} " +
            "(N/8 sub-nodes, spec §6): for another name the sub-node count, and so what a scale adds and when it is done, is unknown; " +
                $"got '{flavor}'");
        CheckServerIds(inputs, Fail);
        CheckString(inputs, ImageIdKey, required: true, Fail, s => ImageIdPattern().IsMatch(s), "must be a 36-character UUID");
        CheckString(inputs, KeyPairNameKey, required: true, Fail, s => KeyPairPattern().IsMatch(s),
            "must be 1-64 letters, digits, dots, underscores or hyphens");
        CheckString(inputs, UserdataKey, required: false, Fail, IsValidUserdata,
            $"must be base64 text of at most {MaxUserdataBytes / 1024} KB before encoding");
        CheckVolume(inputs, RootVolumeKey, 100, 1024, withCount: false, Fail);
        CheckVolume(inputs, DataVolumeKey, 100, 32768, withCount: true, Fail);
        return failures;
    }

    /// <summary>Reads validated, fully known inputs.</summary>
    public static SupernodeScaleArgs From(PropertyMap inputs)
    {
        string Text(string key) => inputs.Get(key).Unwrapped().StringValue;
        int? Int(PropertyMap map, string key) => map.Get(key).Unwrapped() is { Kind: PropertyKind.Number } n ? (int)n.NumberValue : null;
        string? Str(PropertyMap map, string key) => map.Get(key).Unwrapped() is { Kind: PropertyKind.String } t ? t.StringValue : null;
        var root = Object(inputs.Get(RootVolumeKey));
        var data = Object(inputs.Get(DataVolumeKey));
        var userdata = inputs.Get(UserdataKey).Unwrapped();
        return new SupernodeScaleArgs(Text(SupernodeIdKey), Text(FlavorKey), Text(ImageIdKey), Text(KeyPairNameKey),
            root is null ? null : new RootVolume(Int(root, "size"), Str(root, "type")),
            data is null ? null : new DataVolume(Int(data, "size")!.Value, Str(data, "type")!, Int(data, "count")!.Value),
            userdata.Kind == PropertyKind.String ? userdata.StringValue : null);
    }

    public LiveScaleUpRequest ToScaleUpRequest(string flavor) => new(flavor, ImageId, KeyPairName, RootVolume, DataVolume, Userdata);

    /// <summary>Userdata is secret: never rendered.</summary>
    public override string ToString() => $"SupernodeScaleArgs {{ {SupernodeId} -> {Flavor} }}";

    private static PropertyMap? Object(PropertyValue value) =>
        value.Unwrapped() is { Kind: PropertyKind.Object } o ? o.ObjectValue : null;

    private static void CheckString(PropertyMap inputs, string key, bool required, Action<string, string> fail, Func<string, bool> valid, string rule)
    {
        var value = inputs.Get(key).Unwrapped();
        if (value.ContainsUnknowns) return;
        if (value.IsNull)
        {
            if (required) fail(key, $"{key} is required");
            return;
        }
        if (value.Kind != PropertyKind.String) fail(key, $"{key} must be a string");
        else if (!valid(value.StringValue))
            // Userdata is secret, so its value is never echoed back.
            fail(key, key == UserdataKey ? $"{key} {rule}" : $"{key} {rule}; got '{value.StringValue}'");
    }

    private static void CheckServerIds(PropertyMap inputs, Action<string, string> fail)
    {
        var value = inputs.Get(AdoptServerIdsKey).Unwrapped();
        if (value.IsNull || value.ContainsUnknowns) return;
        if (value.Kind != PropertyKind.Array || value.ArrayValue.Any(v => v.Unwrapped() is not { Kind: PropertyKind.String, StringValue.Length: > 0 }))
            fail(AdoptServerIdsKey, $"{AdoptServerIdsKey} must be a list of server ids (non-empty strings)");
    }

    private static void CheckVolume(PropertyMap inputs, string key, int minSize, int maxSize, bool withCount, Action<string, string> fail)
    {
        var value = inputs.Get(key).Unwrapped();
        if (value.IsNull || value.ContainsUnknowns) return;
        if (value.Kind != PropertyKind.Object)
        {
            fail(key, $"{key} must be an object");
            return;
        }
        var fields = value.ObjectValue;
        var allowed = withCount ? new[] { "size", "type", "count" } : ["size", "type"];
        foreach (var extra in fields.Keys.Where(k => !allowed.Contains(k)))
            fail(key, $"{key}.{extra} is not a known field; {key} has {string.Join(", ", allowed)}");
        CheckInteger(fields, key, "size", minSize, maxSize, "GB", required: withCount, fail);
        if (withCount) CheckInteger(fields, key, "count", 1, 8, "disks", required: true, fail);
        var type = fields.Get("type");
        if (type.IsNull)
        {
            if (withCount) fail(key, $"{key}.type is required");
        }
        else if (type.Kind != PropertyKind.String || !VolumeTypes.Contains(type.StringValue))
            fail(key, $"{key}.type must be one of {string.Join(", ", VolumeTypes)}; got '{type}'");
    }

    private static void CheckInteger(PropertyMap fields, string key, string field, int min, int max, string unit, bool required, Action<string, string> fail)
    {
        var value = fields.Get(field);
        if (value.IsNull)
        {
            if (required) fail(key, $"{key}.{field} is required");
            return;
        }
        if (value.Kind != PropertyKind.Number || value.NumberValue != Math.Floor(value.NumberValue) || value.NumberValue < min || value.NumberValue > max)
            fail(key, $"{key}.{field} must be an integer from {min} to {max} ({unit}); got {value}");
    }

    private static bool IsValidUserdata(string text)
    {
        var buffer = new byte[(text.Length * 3 + 3) / 4];
        return Convert.TryFromBase64String(text, buffer, out var length) && length <= MaxUserdataBytes;
    }
}
