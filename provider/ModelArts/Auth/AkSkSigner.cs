using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace ClusterScale.Provider.ModelArts.Auth;

/// <summary>The signature of one request: what goes into the <c>Authorization</c> header.</summary>
public sealed record AkSkSignature(string SignedHeaders, string Signature, string Authorization);

/// <summary>
/// Huawei Cloud APIG AK/SK signing (<c>SDK-HMAC-SHA256</c>), as the official SDKs implement it. A pure function of the
/// request, so it is tested against the published vectors; <see cref="SigningHandler"/> applies it to HTTP requests.
/// </summary>
public static class AkSkSigner
{
    public const string Algorithm = "SDK-HMAC-SHA256";
    public const string DateHeader = "X-Sdk-Date";
    public const string DateFormat = "yyyyMMdd'T'HHmmss'Z'";

    /// <param name="headers">Every header that will be sent, including <c>host</c> and <c>x-sdk-date</c>.</param>
    /// <param name="sdkDate">The value of the <c>X-Sdk-Date</c> header (<see cref="FormatDate"/>).</param>
    public static AkSkSignature Sign(string method, Uri uri, IEnumerable<KeyValuePair<string, string>> headers,
        ReadOnlySpan<byte> body, string accessKey, string secretKey, string sdkDate)
    {
        // Names containing '_' are dropped: API gateways may discard such headers, which would break the signature.
        var signed = headers
            .Select(h => KeyValuePair.Create(h.Key.ToLowerInvariant(), h.Value.Trim()))
            .Where(h => !h.Key.Contains('_'))
            .GroupBy(h => h.Key)
            .Select(g => KeyValuePair.Create(g.Key, string.Join(",", g.Select(h => h.Value))))
            .OrderBy(h => h.Key, StringComparer.Ordinal)
            .ToList();
        var signedHeaders = string.Join(";", signed.Select(h => h.Key));
        var canonicalHeaders = string.Concat(signed.Select(h => $"{h.Key}:{h.Value}\n"));

        var canonicalRequest = string.Join("\n",
            method.ToUpperInvariant(), CanonicalUri(uri), CanonicalQuery(uri), canonicalHeaders, signedHeaders, Hex(SHA256.HashData(body)));
        var stringToSign = $"{Algorithm}\n{sdkDate}\n{Hex(SHA256.HashData(Encoding.UTF8.GetBytes(canonicalRequest)))}";
        var signature = Hex(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secretKey), Encoding.UTF8.GetBytes(stringToSign)));
        return new AkSkSignature(signedHeaders, signature,
            $"{Algorithm} Access={accessKey}, SignedHeaders={signedHeaders}, Signature={signature}");
    }

    public static string FormatDate(DateTimeOffset now) => now.UtcDateTime.ToString(DateFormat, CultureInfo.InvariantCulture);

    /// <summary>Each segment decoded then re-encoded (unreserved kept), with a trailing '/' added: the gateway signs
    /// the path that way whether or not the URL ends in '/'.</summary>
    internal static string CanonicalUri(Uri uri)
    {
        var path = string.Join("/", uri.AbsolutePath.Split('/').Select(s => Encode(Uri.UnescapeDataString(s))));
        return path.EndsWith('/') ? path : path + "/";
    }

    internal static string CanonicalQuery(Uri uri)
    {
        var query = uri.Query.TrimStart('?');
        if (query.Length == 0) return "";
        return string.Join("&", query.Split('&', StringSplitOptions.RemoveEmptyEntries)
            .Select(pair => pair.Split('=', 2))
            .Select(kv => (Key: Decode(kv[0]), Value: kv.Length > 1 ? Decode(kv[1]) : ""))
            // Spec §9: sorted by the RAW key (and a repeated key's raw values), then encoded (core signer.py:184-205).
            .OrderBy(kv => kv.Key, StringComparer.Ordinal).ThenBy(kv => kv.Value, StringComparer.Ordinal)
            .Select(kv => $"{Encode(kv.Key)}={Encode(kv.Value)}"));
    }

    private static string Decode(string component) => Uri.UnescapeDataString(component.Replace('+', ' '));

    /// <summary>RFC 3986 percent-encoding keeping only <c>A-Za-z0-9-_.~</c>: exactly <see cref="Uri.EscapeDataString(string)"/>.</summary>
    private static string Encode(string value) => Uri.EscapeDataString(value);

    private static string Hex(byte[] bytes) => Convert.ToHexStringLower(bytes);
}
