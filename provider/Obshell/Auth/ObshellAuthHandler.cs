using System.Net;
using System.Security.Cryptography;
using System.Text;
using ClusterScale.Provider.Obshell.Api;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;

namespace ClusterScale.Provider.Obshell.Auth;

/// <summary>
/// Signs every authenticated request for one agent with obshell's hybrid encryption: a header carrying the password,
/// an expiry timestamp, the exact request target and a fresh AES key, RSA-encrypted with the agent's public key; and
/// the body AES-encrypted with that key. It sits INSIDE the retry handler so every attempt gets a fresh timestamp and
/// key. When the agent cannot decrypt the header (its key changed, e.g. regenerated at upgrade) or answers 401, the
/// cached key is dropped, refetched and the request re-signed once, as the official SDKs do.
/// </summary>
public sealed class ObshellAuthHandler(ObshellCredentials credentials, TimeProvider time) : DelegatingHandler
{
    /// <summary>The header's validity window. The SDKs use 60 s; a larger clock skew fails with
    /// <c>Security.Authentication.Expired</c>, reported as such.</summary>
    public static readonly TimeSpan HeaderLifetime = TimeSpan.FromSeconds(60);

    private static readonly HashSet<string> UnauthenticatedPaths = ["/api/v1/info", "/api/v1/status", "/api/v1/secret", "/api/v1/time"];
    private static readonly HttpRequestOptionsKey<byte[]> PlainBody = new("obshell.plain-body");

    private readonly SemaphoreSlim _keyGate = new(1, 1);
    private RSA? _publicKey;

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (UnauthenticatedPaths.Contains(request.RequestUri!.AbsolutePath))
            return await base.SendAsync(request, cancellationToken);

        var body = await PlainBodyOfAsync(request, cancellationToken);
        for (var attempt = 1; ; attempt++)
        {
            var key = await PublicKeyAsync(request.RequestUri, cancellationToken);
            Sign(request, key, body);
            var response = await base.SendAsync(request, cancellationToken);
            if (attempt > 1 || !await IsKeyOrAuthRejectionAsync(response, cancellationToken))
                return response;
            response.Dispose();
            DropKey(key);
        }
    }

    /// <summary>The plaintext body, kept in the request's options: an outer retry resends the same request object,
    /// whose content this handler has already replaced with ciphertext.</summary>
    private static async Task<byte[]> PlainBodyOfAsync(HttpRequestMessage request, CancellationToken cancellation)
    {
        if (request.Options.TryGetValue(PlainBody, out var kept)) return kept;
        var body = request.Content is null ? [] : await request.Content.ReadAsByteArrayAsync(cancellation);
        request.Options.Set(PlainBody, body);
        return body;
    }

    private void Sign(HttpRequestMessage request, RSA key, byte[] body)
    {
        var (aesKey, iv) = HybridCipher.NewSessionKey();
        var header = new JObject
        {
            ["Auth"] = credentials.Password,
            ["Ts"] = (time.GetUtcNow() + HeaderLifetime).ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Uri"] = request.RequestUri!.PathAndQuery,
            ["Keys"] = Convert.ToBase64String([.. aesKey, .. iv]),
        };
        request.Headers.Remove(ObshellCredentials.AgentHeader);
        request.Headers.Remove(ObshellCredentials.RootHeader);
        request.Headers.TryAddWithoutValidation(credentials.HeaderName,
            HybridCipher.RsaEncrypt(key, Encoding.UTF8.GetBytes(header.ToString(Formatting.None))));
        if (body.Length == 0) return;
        var mediaType = request.Content?.Headers.ContentType;
        request.Content = new StringContent(HybridCipher.AesEncrypt(aesKey, iv, body), Encoding.UTF8);
        if (mediaType is not null) request.Content.Headers.ContentType = mediaType;
    }

    private async Task<RSA> PublicKeyAsync(Uri target, CancellationToken cancellation)
    {
        await _keyGate.WaitAsync(cancellation);
        try
        {
            return _publicKey ??= await FetchPublicKeyAsync(target, cancellation);
        }
        finally
        {
            _keyGate.Release();
        }
    }

    private async Task<RSA> FetchPublicKeyAsync(Uri target, CancellationToken cancellation)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(target, "/api/v1/secret"));
        using var response = await base.SendAsync(request, cancellation);
        var text = await response.Content.ReadAsStringAsync(cancellation);
        var secret = response.IsSuccessStatusCode ? Http.WireJson.Deserialize<ObshellEnvelope<AgentSecret>>(text)?.Data : null;
        if (secret is null || string.IsNullOrEmpty(secret.PublicKey))
            throw new HttpRequestException($"obshell {target.Authority} did not return its public key (HTTP {(int)response.StatusCode})",
                null, response.StatusCode);
        return HybridCipher.ImportPublicKey(secret.PublicKey);
    }

    private void DropKey(RSA used)
    {
        // Only drop the key this request used: a concurrent request may already have fetched a newer one. Not disposed:
        // a concurrent request may still be encrypting with it.
        Interlocked.CompareExchange(ref _publicKey, null, used);
    }

    /// <summary>401 (any authentication failure) or a header the agent could not decrypt (code 1, any status).</summary>
    private static async Task<bool> IsKeyOrAuthRejectionAsync(HttpResponseMessage response, CancellationToken cancellation)
    {
        if (response.IsSuccessStatusCode) return false;
        if (response.StatusCode == HttpStatusCode.Unauthorized) return true;
        await response.Content.LoadIntoBufferAsync(cancellation);
        var error = ObshellErrors.TryReadError(await response.Content.ReadAsStringAsync(cancellation));
        return error is not null && (error.ErrCode == ObshellErrors.DecryptFailed || error.Code == ObshellErrors.DecryptFailedCode);
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _publicKey?.Dispose();
            _keyGate.Dispose();
        }
        base.Dispose(disposing);
    }
}
