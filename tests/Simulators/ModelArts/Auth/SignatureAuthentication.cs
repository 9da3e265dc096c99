using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using ClusterScale.Simulators.ModelArts.Api;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace ClusterScale.Simulators.ModelArts.Auth;

/// <summary>
/// Verifies every request's SDK-HMAC-SHA256 signature the way API Gateway does, from the raw request target (so a
/// client that encodes its path differently than it signed it is caught). Every failure is 401 APIGW.0301; repeated
/// failures lock the access key (<see cref="AccessKeyLockout"/>).
/// </summary>
internal sealed class SignatureAuthentication(ModelArtsSimulatorOptions options, Credentials credentials)
{
    private const string SdkDateHeader = "X-Sdk-Date";
    private const string SecurityTokenHeader = "X-Security-Token";
    private const string AccessKeyItem = "modelarts.access-key";

    /// <summary>The access key that signed this request, once <see cref="VerifyAsync"/> accepted it: whose request
    /// it was, for the truth ledger.</summary>
    public static string SignedBy(HttpContext context) =>
        context.Items[AccessKeyItem] as string ?? throw new InvalidOperationException("the request was not authenticated");

    public async Task VerifyAsync(HttpContext context)
    {
        var authorization = SdkAuthorization.TryParse(context.Request.Headers.Authorization.ToString())
            ?? throw ApiErrorException.Unauthenticated("Incorrect IAM authentication information: Authorization header missing or not SDK-HMAC-SHA256");
        // The gateway's wording (devg-apisign/api-sign-0001.html); the docs show the key masked, and the simulator
        // masks it too, so an answer never carries a credential.
        if (credentials.Find(authorization.AccessKey) is not { } key)
            throw ApiErrorException.Unauthenticated("Incorrect IAM authentication information: Get secretKey failed,ak:******,err:ak not exist");
        var lockout = key.Lockout;
        if (lockout.IsLocked)
            throw ApiErrorException.Unauthenticated("Incorrect IAM authentication information: AK access failed to reach the limit,forbidden.");
        try
        {
            await VerifySignatureAsync(context, authorization, key.SecretKey);
        }
        catch (ApiErrorException)
        {
            lockout.RecordFailure();
            throw;
        }
        lockout.RecordSuccess();
        context.Items[AccessKeyItem] = authorization.AccessKey;
    }

    private async Task VerifySignatureAsync(HttpContext context, SdkAuthorization authorization, string secretKey)
    {
        var signed = authorization.SignedHeaders;
        foreach (var required in new[] { "host", "x-sdk-date" })
            if (!signed.Contains(required, StringComparer.Ordinal))
                throw ApiErrorException.Unauthenticated($"Incorrect IAM authentication information: header '{required}' must be signed");
        // Temporary credentials are only trusted when the token is covered by the signature.
        if (context.Request.Headers.ContainsKey(SecurityTokenHeader) && !signed.Contains("x-security-token", StringComparer.Ordinal))
            throw ApiErrorException.Unauthenticated("Incorrect IAM authentication information: header 'x-security-token' must be signed");

        var sdkDate = context.Request.Headers[SdkDateHeader].ToString();
        CheckFreshness(sdkDate);

        var headers = new List<(string, string)>(signed.Count);
        foreach (var name in signed)
        {
            if (!context.Request.Headers.TryGetValue(name, out var value))
                throw ApiErrorException.Unauthenticated($"Incorrect IAM authentication information: signed header '{name}' is missing");
            headers.Add((name, value.ToString()));
        }

        var (path, query) = SplitRawTarget(context);
        var body = await RequestBody.ReadAsync(context);
        var canonicalRequest = SdkHmacCanonicalizer.CanonicalRequest(
            context.Request.Method,
            SdkHmacCanonicalizer.CanonicalUri(path.Split('/').Select(Uri.UnescapeDataString)),
            SdkHmacCanonicalizer.CanonicalQuery(ParseQuery(query)),
            headers,
            SdkHmacCanonicalizer.HexSha256(body));
        var expected = SdkHmacCanonicalizer.Signature(secretKey, SdkHmacCanonicalizer.StringToSign(sdkDate, canonicalRequest));
        if (!CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(expected), Encoding.ASCII.GetBytes(authorization.Signature)))
            throw ApiErrorException.Unauthenticated("Incorrect IAM authentication information: verify aksk signature fail");
    }

    private void CheckFreshness(string sdkDate)
    {
        if (!DateTimeOffset.TryParseExact(sdkDate, SdkHmacCanonicalizer.DateFormat, CultureInfo.InvariantCulture,
                DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var signedAt))
            throw ApiErrorException.Unauthenticated("Incorrect IAM authentication information: X-Sdk-Date missing or not YYYYMMDDTHHMMSSZ");
        // The gateway compares X-Sdk-Date with its own clock (spec section 9: more than 15 min off is rejected).
        var skew = (options.CloudNow() - signedAt).Duration();
        if (skew > options.MaxClockSkew)
            throw ApiErrorException.Unauthenticated(
                $"Incorrect IAM authentication information: the request has expired (X-Sdk-Date {sdkDate} is more than {options.MaxClockSkew.TotalMinutes:0.##} minutes from server time)");
    }

    private static (string Path, string Query) SplitRawTarget(HttpContext context)
    {
        var raw = context.Features.Get<IHttpRequestFeature>()?.RawTarget ?? context.Request.Path + context.Request.QueryString;
        var question = raw.IndexOf('?');
        return question < 0 ? (raw, "") : (raw[..question], raw[(question + 1)..]);
    }

    /// <summary>Query pairs decoded as form values ('+' is a space), a key without '=' having an empty value.</summary>
    private static IEnumerable<KeyValuePair<string, string>> ParseQuery(string query)
    {
        foreach (var part in query.Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var equals = part.IndexOf('=');
            var key = equals < 0 ? part : part[..equals];
            var value = equals < 0 ? "" : part[(equals + 1)..];
            yield return new(Decode(key), Decode(value));
        }
    }

    private static string Decode(string component) => Uri.UnescapeDataString(component.Replace('+', ' '));
}
