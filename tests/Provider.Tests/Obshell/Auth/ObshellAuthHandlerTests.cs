using System.Net;
using System.Security.Cryptography;
using System.Text;
using ClusterScale.Provider.Obshell.Auth;
using Microsoft.Extensions.Time.Testing;
using Newtonsoft.Json.Linq;

namespace ClusterScale.Provider.Tests.Obshell.Auth;

/// <summary>The hybrid-encryption handler against an in-test agent that decrypts what it receives.</summary>
public sealed class ObshellAuthHandlerTests
{
    private static readonly DateTimeOffset Now = new(2026, 1, 2, 3, 4, 5, TimeSpan.Zero);

    [Fact]
    public async Task The_header_and_body_decrypt_to_the_password_expiry_exact_target_and_plain_body()
    {
        var agent = new DecryptingAgent();
        using var client = Client(agent, new ObshellCredentials("root-pw", null));

        using var response = await client.PostAsync("/api/v1/task/dag/11?show_details=true",
            new StringContent("{\"operator\":\"RETRY\"}", Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var seen = Assert.Single(agent.Seen);
        Assert.Equal(ObshellCredentials.RootHeader, seen.HeaderName);
        Assert.Equal("root-pw", (string?)seen.Header["Auth"]);
        Assert.Equal((Now + TimeSpan.FromSeconds(60)).ToUnixTimeSeconds().ToString(), (string?)seen.Header["Ts"]);
        Assert.Equal("/api/v1/task/dag/11?show_details=true", (string?)seen.Header["Uri"]);
        Assert.Equal("{\"operator\":\"RETRY\"}", seen.Body);
    }

    [Fact]
    public async Task The_agent_password_wins_and_an_empty_password_still_sends_a_header()
    {
        var agent = new DecryptingAgent();
        using (var withAgent = Client(agent, new ObshellCredentials("root-pw", "agent-pw")))
            (await withAgent.GetAsync("/api/v1/ob/info")).Dispose();
        using (var none = Client(agent, new ObshellCredentials(null, null)))
            (await none.GetAsync("/api/v1/ob/info")).Dispose();

        Assert.Equal((ObshellCredentials.AgentHeader, "agent-pw"), (agent.Seen[0].HeaderName, (string?)agent.Seen[0].Header["Auth"]));
        Assert.Equal((ObshellCredentials.RootHeader, ""), (agent.Seen[1].HeaderName, (string?)agent.Seen[1].Header["Auth"]));
        Assert.Null(agent.Seen[1].Body);
    }

    [Fact]
    public async Task Unauthenticated_paths_carry_no_header()
    {
        var agent = new DecryptingAgent();
        using var client = Client(agent, new ObshellCredentials("root-pw", null));

        (await client.GetAsync("/api/v1/info")).Dispose();

        Assert.Empty(agent.Seen);
        Assert.Equal(0, agent.SecretFetches);
    }

    [Fact]
    public async Task A_rotated_key_is_refetched_and_the_request_re_signed_once()
    {
        var agent = new DecryptingAgent();
        using var client = Client(agent, new ObshellCredentials("root-pw", null));
        (await client.GetAsync("/api/v1/ob/info")).Dispose();

        agent.RotateKey();
        using var response = await client.PostAsync("/api/v1/ob/scale_out", new StringContent("{\"zone\":\"zone1\"}"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(2, agent.SecretFetches);
        Assert.Equal("{\"zone\":\"zone1\"}", agent.Seen[^1].Body);
    }

    [Fact]
    public async Task A_second_rejection_is_returned_not_retried_forever()
    {
        var agent = new DecryptingAgent { RejectAll = true };
        using var client = Client(agent, new ObshellCredentials("bad", null));

        using var response = await client.GetAsync("/api/v1/ob/info");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal(2, agent.Attempts);
    }

    private static HttpClient Client(DecryptingAgent agent, ObshellCredentials credentials) =>
        new(new ObshellAuthHandler(credentials, new FakeTimeProvider(Now)) { InnerHandler = agent }) { BaseAddress = new Uri("http://127.0.0.1:2886") };

    /// <summary>Plays the agent: serves its public key and decrypts each signed request with its private key.</summary>
    private sealed class DecryptingAgent : HttpMessageHandler
    {
        private RSA _key = RSA.Create(1024);
        public List<(string HeaderName, JObject Header, string? Body)> Seen { get; } = [];
        public int SecretFetches { get; private set; }
        public int Attempts { get; private set; }
        public bool RejectAll { get; init; }

        public void RotateKey() => _key = RSA.Create(1024);

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            if (request.RequestUri!.AbsolutePath == "/api/v1/secret")
            {
                SecretFetches++;
                return Json(HttpStatusCode.OK, new JObject { ["successful"] = true, ["data"] = new JObject { ["public_key"] = Convert.ToBase64String(_key.ExportRSAPublicKey()) } });
            }
            var name = request.Headers.Contains(ObshellCredentials.AgentHeader) ? ObshellCredentials.AgentHeader : ObshellCredentials.RootHeader;
            if (!request.Headers.TryGetValues(name, out var values)) return Json(HttpStatusCode.OK, new JObject { ["successful"] = true });
            Attempts++;
            if (RejectAll) return Error(HttpStatusCode.Unauthorized, 10008, "Security.Authentication.IncorrectOceanbasePassword");
            JObject header;
            try
            {
                header = JObject.Parse(Encoding.UTF8.GetString(RsaDecrypt(Convert.FromBase64String(values.Single()))));
            }
            catch (CryptographicException)
            {
                return Error(HttpStatusCode.BadRequest, 1, "Security.Authentication.Header.DecryptFailed");
            }
            var keys = Convert.FromBase64String((string)header["Keys"]!);
            string? body = null;
            if (request.Content is not null)
            {
                using var aes = Aes.Create();
                aes.Key = keys[..16];
                var cipher = Convert.FromBase64String(await request.Content.ReadAsStringAsync(cancellationToken));
                body = Encoding.UTF8.GetString(aes.DecryptCbc(cipher, keys[16..], PaddingMode.PKCS7));
            }
            Seen.Add((name, header, body));
            return Json(HttpStatusCode.OK, new JObject { ["successful"] = true });
        }

        private byte[] RsaDecrypt(byte[] blocks)
        {
            var size = _key.KeySize / 8;
            return blocks.Chunk(size).SelectMany(b => _key.Decrypt(b, RSAEncryptionPadding.Pkcs1)).ToArray();
        }

        private static HttpResponseMessage Error(HttpStatusCode status, int code, string errCode) =>
            Json(status, new JObject { ["successful"] = false, ["status"] = (int)status, ["error"] = new JObject { ["code"] = code, ["errCode"] = errCode, ["message"] = errCode } });

        private static HttpResponseMessage Json(HttpStatusCode status, JObject body) =>
            new(status) { Content = new StringContent(body.ToString(), Encoding.UTF8, "application/json") };
    }
}
