using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;

namespace ClusterScale.Simulators.Tests.Obshell;

/// <summary>How a test bends one request away from what a correct client sends.</summary>
internal sealed record AuthTweak
{
    public string? Uri { get; init; }
    public string? Ts { get; init; }
    public string? Password { get; init; }
    public bool NoHeader { get; init; }
    public bool PlainBody { get; init; }
    /// <summary>Send this text as the body, exactly (no encryption).</summary>
    public string? RawBody { get; init; }
    public string? RawHeader { get; init; }
    /// <summary>Also send X-OCS-Header with this password, next to the agent header.</summary>
    public string? AlsoRootHeaderPassword { get; init; }
}

/// <summary>An envelope as received.</summary>
internal sealed record ObshellResponse(int Status, string Body, string? ContentType = null)
{
    // Dates stay the exact strings the agent sent.
    public JObject Json => JsonConvert.DeserializeObject<JObject>(Body, new JsonSerializerSettings { DateParseHandling = DateParseHandling.None })!;
    public JToken? Data => Json["data"];
    public string? ErrCode => Json["error"]?["errCode"]?.Value<string>();
    public int? Code => Json["error"]?["code"]?.Value<int>();
    public string? Message => Json["error"]?["message"]?.Value<string>();
}

/// <summary>
/// A tiny independent obshell client doing the real hybrid encryption: RSA-PKCS#1-v1.5 over 53-byte chunks of
/// the header JSON with the public key from /api/v1/secret, and an AES-128-CBC body keyed by the header.
/// </summary>
internal sealed class ObshellTestClient(string endpoint, Func<DateTimeOffset>? clock = null) : IDisposable
{
    private const int ChunkSize = 53;
    private readonly HttpClient http = new() { BaseAddress = new Uri($"http://{endpoint}"), Timeout = TimeSpan.FromSeconds(20) };
    private readonly Func<DateTimeOffset> now = clock ?? (() => DateTimeOffset.UtcNow);
    private byte[]? publicKey;

    public string Password { get; set; } = "";

    /// <summary>Send X-OCS-Agent-Header (agent password) instead of X-OCS-Header (root password).</summary>
    public bool UseAgentHeader { get; set; }

    public HttpClient Http => http;

    public void ForgetKey() => publicKey = null;

    /// <summary>Fetches and caches the agent's public key, as the SDKs do.</summary>
    public async Task<byte[]> PublicKeyAsync()
    {
        var secret = await RawAsync(HttpMethod.Get, "/api/v1/secret");
        // A fault (a 5xx, a reset) answers without a key: as a failed request, for callers that retry or move on.
        var key = secret.Data?["public_key"]?.Value<string>() ?? throw new HttpRequestException($"GET /api/v1/secret answered {secret.Status} without a key");
        publicKey = Convert.FromBase64String(key);
        return publicKey;
    }

    public Task<ObshellResponse> GetAsync(string target, AuthTweak? tweak = null) => SendAsync(HttpMethod.Get, target, null, tweak);

    public Task<ObshellResponse> PostAsync(string target, object body, AuthTweak? tweak = null, CancellationToken ct = default) =>
        SendAsync(HttpMethod.Post, target, body, tweak, ct);

    public async Task<ObshellResponse> RawAsync(HttpMethod method, string target, Action<HttpRequestMessage>? edit = null, CancellationToken ct = default)
    {
        using var request = new HttpRequestMessage(method, target);
        edit?.Invoke(request);
        using var response = await http.SendAsync(request, ct);
        return new ObshellResponse((int)response.StatusCode, await response.Content.ReadAsStringAsync(), response.Content.Headers.ContentType?.ToString());
    }

    public async Task<ObshellResponse> SendAsync(HttpMethod method, string target, object? body, AuthTweak? tweak = null, CancellationToken ct = default)
    {
        tweak ??= new AuthTweak();
        if (publicKey is null)
        {
            await PublicKeyAsync();
        }

        var key = RandomNumberGenerator.GetBytes(16);
        var iv = RandomNumberGenerator.GetBytes(16);
        var json = body is null ? null : body as string ?? JsonConvert.SerializeObject(body);
        return await RawAsync(method, target, request =>
        {
            if (!tweak.NoHeader)
            {
                var header = tweak.RawHeader ?? Header(tweak.Password ?? Password, tweak.Ts, tweak.Uri ?? target, key, iv);
                request.Headers.Add(UseAgentHeader ? "X-OCS-Agent-Header" : "X-OCS-Header", header);
                if (tweak.AlsoRootHeaderPassword is { } rootPassword)
                {
                    request.Headers.Add("X-OCS-Header", Header(rootPassword, tweak.Ts, tweak.Uri ?? target, key, iv));
                }
            }

            if (json is not null || tweak.RawBody is not null)
            {
                var payload = tweak.RawBody ?? (tweak.PlainBody ? json! : Convert.ToBase64String(EncryptBody(json!, key, iv)));
                request.Content = new StringContent(payload, Encoding.UTF8);
                request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
            }
        }, ct);
    }

    public string Header(string password, string? ts, string uri, byte[] key, byte[] iv)
    {
        var expiry = ts ?? now().AddSeconds(60).ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture);
        return EncryptHeader(JsonConvert.SerializeObject(new
        {
            Auth = password,
            Ts = expiry,
            Uri = uri,
            Keys = Convert.ToBase64String([.. key, .. iv]),
        }));
    }

    /// <summary>Any header JSON, encrypted as the SDKs do (the public key must have been fetched).</summary>
    public string EncryptHeader(string json)
    {
        var plain = Encoding.UTF8.GetBytes(json);
        using var rsa = RSA.Create();
        rsa.ImportRSAPublicKey(publicKey, out _);
        var cipher = new List<byte>();
        for (var offset = 0; offset < plain.Length; offset += ChunkSize)
        {
            cipher.AddRange(rsa.Encrypt(plain.AsSpan(offset, Math.Min(ChunkSize, plain.Length - offset)).ToArray(), RSAEncryptionPadding.Pkcs1));
        }

        return Convert.ToBase64String([.. cipher]);
    }

    private static byte[] EncryptBody(string json, byte[] key, byte[] iv)
    {
        using var aes = Aes.Create();
        aes.Key = key;
        return aes.EncryptCbc(Encoding.UTF8.GetBytes(json), iv, PaddingMode.PKCS7);
    }

    public void Dispose() => http.Dispose();
}
