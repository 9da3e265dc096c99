using System.Security.Cryptography;
using System.Text;

namespace ClusterScale.Simulators.ModelArts.Auth;

/// <summary>
/// The SDK-HMAC-SHA256 algorithm of Huawei Cloud's API Gateway (spec section 6), written from the server's side:
/// every step works on already-decoded path and query values, as the gateway sees them.
/// </summary>
public static class SdkHmacCanonicalizer
{
    public const string Algorithm = "SDK-HMAC-SHA256";
    public const string DateFormat = "yyyyMMdd'T'HHmmss'Z'";

    /// <summary>Percent-encodes everything but the RFC 3986 unreserved set, upper-case hex, from UTF-8 bytes.</summary>
    public static string Encode(string value)
    {
        var builder = new StringBuilder(value.Length);
        foreach (var b in Encoding.UTF8.GetBytes(value))
        {
            var c = (char)b;
            if (char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' or '~')
                builder.Append(c);
            else
                builder.Append('%').Append(b.ToString("X2"));
        }
        return builder.ToString();
    }

    /// <summary>Each decoded segment encoded, joined by '/', and a trailing '/' added: the signer does this even
    /// though the URL it sends keeps its own path.</summary>
    public static string CanonicalUri(string decodedPath) => CanonicalUri(decodedPath.Split('/'));

    /// <summary>The same from decoded segments, so an encoded '/' inside a segment stays inside it.</summary>
    public static string CanonicalUri(IEnumerable<string> decodedSegments)
    {
        var uri = string.Join('/', decodedSegments.Select(Encode));
        return uri.EndsWith('/') ? uri : uri + "/";
    }

    /// <summary>Keys sorted ordinally, repeated keys' values sorted too, `k=v` pairs joined by '&amp;'.</summary>
    public static string CanonicalQuery(IEnumerable<KeyValuePair<string, string>> decodedPairs) =>
        string.Join('&', decodedPairs
            .Select(pair => (Key: Encode(pair.Key), Value: Encode(pair.Value)))
            .OrderBy(pair => pair.Key, StringComparer.Ordinal)
            .ThenBy(pair => pair.Value, StringComparer.Ordinal)
            .Select(pair => pair.Key + "=" + pair.Value));

    /// <summary>The canonical request; <paramref name="signedHeaders"/> are (lower-case name, value) in signed order.</summary>
    public static string CanonicalRequest(
        string method, string canonicalUri, string canonicalQuery,
        IReadOnlyList<(string Name, string Value)> signedHeaders, string payloadHash)
    {
        var headerBlock = new StringBuilder();
        foreach (var (name, value) in signedHeaders)
            headerBlock.Append(name).Append(':').Append(value.Trim()).Append('\n');
        var names = string.Join(';', signedHeaders.Select(header => header.Name));
        return $"{method}\n{canonicalUri}\n{canonicalQuery}\n{headerBlock}\n{names}\n{payloadHash}";
    }

    public static string StringToSign(string sdkDate, string canonicalRequest) =>
        $"{Algorithm}\n{sdkDate}\n{HexSha256(Encoding.UTF8.GetBytes(canonicalRequest))}";

    public static string Signature(string secretKey, string stringToSign) =>
        Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secretKey), Encoding.UTF8.GetBytes(stringToSign)));

    public static string HexSha256(ReadOnlySpan<byte> data) => Convert.ToHexStringLower(SHA256.HashData(data));
}
