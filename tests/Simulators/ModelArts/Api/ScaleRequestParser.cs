using System.Text.RegularExpressions;
using ClusterScale.Simulators.ModelArts.Supernodes;

namespace ClusterScale.Simulators.ModelArts.Api;

/// <summary>Validates live-scale-up and live-scale-down bodies against the documented schema (spec section 2).</summary>
internal static partial class ScaleRequestParser
{
    private const int MaxUserdataBytes = 32 * 1024;
    private static readonly string[] VolumeTypes = ["ESSD", "GPSSD", "SAS", "SATA", "SSD"];

    public static ScaleUpOrder ParseScaleUp(byte[] bytes)
    {
        var body = BodyFields.Parse(bytes);
        if (body.Has("admin_pass"))
            throw body.Invalid("admin_pass", "not supported: supernodes log in with key pairs only");
        // The doc allows only letters, digits and dots, but real flavor names contain hyphens: accept them.
        var flavor = body.RequiredString("flavor");
        if (!FlavorPattern().IsMatch(flavor))
            throw body.Invalid("flavor", "1-128 letters, digits, dots, hyphens or underscores");
        var imageId = body.RequiredString("image_id");
        if (!UuidPattern().IsMatch(imageId))
            throw body.Invalid("image_id", "must be a 36-character UUID");
        // UNCONFIRMED: the schema marks key_pair_name optional, but without admin_pass a supernode has no other
        // login, so the simulator requires it.
        var keyPair = body.RequiredString("key_pair_name");
        if (!KeyPairPattern().IsMatch(keyPair))
            throw body.Invalid("key_pair_name", "1-64 letters, digits, '.', '_' or '-'");
        CheckUserdata(body);
        return new ScaleUpOrder(flavor, imageId, keyPair, ParseRootVolume(body), ParseDataVolume(body));
    }

    public static ScaleDownOrder ParseScaleDown(byte[] bytes)
    {
        var body = BodyFields.Parse(bytes);
        return new ScaleDownOrder(
            body.OptionalString("id"), body.OptionalString("flavor"),
            body.OptionalStringArray("server_ids") ?? [], body.OptionalString("resource_flavor"));
    }

    private static VolumeRequest? ParseRootVolume(BodyFields body)
    {
        if (body.OptionalObject("root_volume") is not { } volume)
            return null;
        var size = volume.OptionalInt("size");
        if (size is < 100 or > 1024)
            throw volume.Invalid("size", "must be 100-1024 GB");
        return new VolumeRequest(size, VolumeType(volume, required: false));
    }

    private static DataVolumeRequest? ParseDataVolume(BodyFields body)
    {
        if (body.OptionalObject("data_volume") is not { } volume)
            return null;
        var size = volume.RequiredInt("size");
        if (size is < 100 or > 32768)
            throw volume.Invalid("size", "must be 100-32768 GB");
        var type = VolumeType(volume, required: true)!;
        var count = volume.RequiredInt("count");
        if (count is < 1 or > 8)
            throw volume.Invalid("count", "must be 1-8");
        return new DataVolumeRequest(size, type, count);
    }

    private static string? VolumeType(BodyFields volume, bool required)
    {
        var type = required ? volume.RequiredString("type") : volume.OptionalString("type");
        if (type is not null && !VolumeTypes.Contains(type, StringComparer.Ordinal))
            throw volume.Invalid("type", "must be one of " + string.Join(", ", VolumeTypes));
        return type;
    }

    /// <summary>userdata must be base64 of at most 32 KB; the value itself never appears in an error.</summary>
    private static void CheckUserdata(BodyFields body)
    {
        if (body.OptionalString("userdata") is not { } userdata)
            return;
        var decoded = new byte[userdata.Length];
        if (!Convert.TryFromBase64String(userdata, decoded, out var length))
            throw body.Invalid("userdata", "must be base64");
        if (length > MaxUserdataBytes)
            throw body.Invalid("userdata", $"decodes to {length} bytes; at most {MaxUserdataBytes} are allowed");
    }

    [GeneratedRegex("^[A-Za-z0-9._-]{1,128}$")]
    private static partial Regex FlavorPattern();

    [GeneratedRegex("^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$")]
    private static partial Regex UuidPattern();

    [GeneratedRegex("^[A-Za-z0-9._-]{1,64}$")]
    private static partial Regex KeyPairPattern();
}
