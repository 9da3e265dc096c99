namespace ClusterScale.Simulators.ModelArts.Auth;

/// <summary>The parsed `Authorization: SDK-HMAC-SHA256 Access=..., SignedHeaders=..., Signature=...` header.</summary>
public sealed record SdkAuthorization(string AccessKey, IReadOnlyList<string> SignedHeaders, string Signature)
{
    public static SdkAuthorization? TryParse(string? header)
    {
        var prefix = SdkHmacCanonicalizer.Algorithm + " ";
        if (header is null || !header.StartsWith(prefix, StringComparison.Ordinal))
            return null;
        var fields = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var part in header[prefix.Length..].Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            var equals = part.IndexOf('=');
            if (equals <= 0 || !fields.TryAdd(part[..equals], part[(equals + 1)..]))
                return null;
        }
        if (!fields.TryGetValue("Access", out var access) || access.Length == 0
            || !fields.TryGetValue("SignedHeaders", out var signedHeaders) || signedHeaders.Length == 0
            || !fields.TryGetValue("Signature", out var signature) || signature.Length == 0)
            return null;
        return new SdkAuthorization(access, signedHeaders.Split(';'), signature);
    }
}
