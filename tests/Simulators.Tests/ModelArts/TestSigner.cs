using System.Security.Cryptography;
using System.Text;

namespace ClusterScale.Simulators.Tests.ModelArts;

/// <summary>
/// A client-side SDK-HMAC-SHA256 signer written independently of the simulator's verifier (from the request
/// message, with the framework's own escaping), so the two cross-check each other through the published vectors.
/// </summary>
internal static class TestSigner
{
    public static string SdkDate(DateTimeOffset at) => at.UtcDateTime.ToString("yyyyMMdd'T'HHmmss'Z'", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>Adds Host and X-Sdk-Date (unless present) and the Authorization header signing every header set.</summary>
    public static void Sign(HttpRequestMessage request, byte[] body, string accessKey, string secretKey, DateTimeOffset now)
    {
        var uri = request.RequestUri!;
        request.Headers.Host ??= uri.IsDefaultPort ? uri.Host : $"{uri.Host}:{uri.Port}";
        if (!request.Headers.Contains("X-Sdk-Date"))
            request.Headers.TryAddWithoutValidation("X-Sdk-Date", SdkDate(now));
        var signed = request.Headers
            .Select(header => (Name: header.Key.ToLowerInvariant(), Value: string.Join(",", header.Value).Trim()))
            .Where(header => !header.Name.Contains('_'))
            .OrderBy(header => header.Name, StringComparer.Ordinal)
            .ToList();
        var signature = Signature(request.Method.Method, uri, signed, body, request.Headers.GetValues("X-Sdk-Date").Single(), secretKey);
        request.Headers.TryAddWithoutValidation("Authorization",
            $"SDK-HMAC-SHA256 Access={accessKey}, SignedHeaders={string.Join(";", signed.Select(h => h.Name))}, Signature={signature}");
    }

    public static string Signature(string method, Uri uri, IReadOnlyList<(string Name, string Value)> signedHeaders, byte[] body, string sdkDate, string secretKey)
    {
        var path = string.Join("/", uri.AbsolutePath.Split('/').Select(segment => Uri.EscapeDataString(Uri.UnescapeDataString(segment))));
        if (!path.EndsWith('/'))
            path += "/";
        var query = string.Join("&", uri.Query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries)
            .Select(pair => pair.Split('=', 2))
            .Select(kv => Uri.EscapeDataString(Uri.UnescapeDataString(kv[0])) + "=" + Uri.EscapeDataString(Uri.UnescapeDataString(kv.Length > 1 ? kv[1] : "")))
            .Order(StringComparer.Ordinal));
        var canonical = new StringBuilder()
            .Append(method).Append('\n').Append(path).Append('\n').Append(query).Append('\n');
        foreach (var (name, value) in signedHeaders)
            canonical.Append(name).Append(':').Append(value).Append('\n');
        canonical.Append('\n').Append(string.Join(";", signedHeaders.Select(h => h.Name))).Append('\n').Append(Hex(SHA256.HashData(body)));
        var toSign = $"SDK-HMAC-SHA256\n{sdkDate}\n{Hex(SHA256.HashData(Encoding.UTF8.GetBytes(canonical.ToString())))}";
        return Hex(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secretKey), Encoding.UTF8.GetBytes(toSign)));
    }

    private static string Hex(byte[] bytes) => string.Concat(bytes.Select(b => b.ToString("x2")));
}
