using Newtonsoft.Json.Linq;

namespace ClusterScale.Simulators.Tests.ModelArts;

/// <summary>Every way a signature can be wrong is 401 APIGW.0301, and a correct one passes.</summary>
public class AuthenticationTests : SimulatorTest
{
    private string supernodeId = "";

    private string ShowPath => Client.ProjectPath("/hyperinstance/" + supernodeId);

    private async Task<SimResponse> Show(
        Action<HttpRequestMessage>? before = null, Action<HttpRequestMessage>? after = null,
        string? accessKey = null, string? secretKey = null, bool sign = true)
    {
        supernodeId = Simulator.CreateSupernode(Flavor2);
        return await Client.SendAsync(HttpMethod.Get, ShowPath, null, before, after, accessKey, secretKey, sign);
    }

    private static void AssertUnauthenticated(SimResponse response, string messagePart)
    {
        Assert.Equal(401, response.Status);
        Assert.Equal("APIGW.0301", response.ErrorCode);
        Assert.Contains(messagePart, response.ErrorMsg);
        Assert.NotNull(response.RequestId);
    }

    [Fact]
    public async Task A_correctly_signed_request_is_answered()
    {
        var response = await Show();

        Assert.Equal(200, response.Status);
        Assert.Equal(supernodeId, response.Body["id"]!.Value<string>());
    }

    [Fact]
    public async Task Unknown_access_key_is_refused() =>
        AssertUnauthenticated(await Show(accessKey: "SOMEONEELSESKEY0000"), "Get secretKey failed,ak:******,err:ak not exist");

    [Fact]
    public async Task Wrong_secret_key_is_refused() =>
        AssertUnauthenticated(await Show(secretKey: "not-the-secret"), "signature");

    [Fact]
    public async Task Missing_authorization_is_refused() =>
        AssertUnauthenticated(await Show(sign: false), "Authorization");

    [Theory]
    [InlineData("Bearer abc")]
    [InlineData("SDK-HMAC-SHA256 Access=SIMULATORACCESSKEY0001")]
    public async Task Unparsable_authorization_is_refused(string header) =>
        AssertUnauthenticated(await Show(sign: false, after: request => request.Headers.TryAddWithoutValidation("Authorization", header)), "Authorization");

    [Fact]
    public async Task A_body_other_than_the_signed_one_is_refused()
    {
        supernodeId = Simulator.CreateSupernode(Flavor2);
        var response = await Client.SendAsync(HttpMethod.Post, Client.ProjectPath($"/hyperinstance/{supernodeId}/live-scale-up"),
            """{"flavor":"kat3ne-16-800t.96xlarge.8.matrix","image_id":"f4059eb4-c2f5-46a8-9b33-6cbed5d3fc81","key_pair_name":"k"}""",
            afterSigning: request => request.Content = new StringContent(
                """{"flavor":"kat3ne-32-800t.192xlarge.8.matrix","image_id":"f4059eb4-c2f5-46a8-9b33-6cbed5d3fc81","key_pair_name":"k"}"""));

        AssertUnauthenticated(response, "signature");
        Assert.Equal(2, Simulator.GetSupernode(supernodeId).Servers.Count);
    }

    [Fact]
    public async Task A_query_other_than_the_signed_one_is_refused()
    {
        var response = await Client.SendAsync(HttpMethod.Get, Client.ProjectPath("/hyperinstance?limit=2"),
            afterSigning: request => request.RequestUri = new Uri(request.RequestUri!.ToString().Replace("limit=2", "limit=3")));

        AssertUnauthenticated(response, "signature");
    }

    [Fact]
    public async Task A_signed_query_is_verified_in_canonical_order()
    {
        Simulator.CreateSupernode(Flavor2);

        var response = await Client.SendAsync(HttpMethod.Get, Client.ProjectPath("/hyperinstance?sort_key=createTime&offset=0&limit=5&sort_dir=ASC"));

        Assert.Equal(200, response.Status);
        Assert.Equal(1, response.Body["total"]!.Value<int>());
    }

    [Fact]
    public async Task Host_must_be_signed()
    {
        // Re-sign with a header list that leaves host out: the signature is valid for what it covers, yet refused.
        var response = await Show(after: request => ReplaceSignedHeaders(request, "x-sdk-date"));

        AssertUnauthenticated(response, "'host' must be signed");
    }

    [Fact]
    public async Task Sdk_date_must_be_signed() =>
        AssertUnauthenticated(await Show(after: request => ReplaceSignedHeaders(request, "host")), "'x-sdk-date' must be signed");

    [Fact]
    public async Task A_signed_header_that_was_not_sent_is_refused() =>
        AssertUnauthenticated(await Show(after: request => ReplaceSignedHeaders(request, "host;x-extra;x-sdk-date")), "'x-extra' is missing");

    [Fact]
    public async Task Unparsable_sdk_date_is_refused() =>
        AssertUnauthenticated(await Show(before: request => request.Headers.TryAddWithoutValidation("X-Sdk-Date", "2020-06-08T02:39:00Z")), "X-Sdk-Date");

    [Theory]
    [InlineData(-16)]
    [InlineData(16)]
    public async Task A_date_outside_the_clock_skew_is_refused_as_expired(int minutes)
    {
        var date = TestSigner.SdkDate(Clock.GetUtcNow().AddMinutes(minutes));

        AssertUnauthenticated(await Show(before: request => request.Headers.TryAddWithoutValidation("X-Sdk-Date", date)), "expired");
    }

    [Theory]
    [InlineData(-14)]
    [InlineData(14)]
    public async Task A_date_within_the_clock_skew_is_accepted(int minutes)
    {
        var date = TestSigner.SdkDate(Clock.GetUtcNow().AddMinutes(minutes));

        Assert.Equal(200, (await Show(before: request => request.Headers.TryAddWithoutValidation("X-Sdk-Date", date))).Status);
    }

    [Fact]
    public async Task A_signed_security_token_is_accepted() =>
        Assert.Equal(200, (await Show(before: request => request.Headers.TryAddWithoutValidation("X-Security-Token", "temporary-token"))).Status);

    [Fact]
    public async Task An_unsigned_security_token_is_refused() =>
        AssertUnauthenticated(await Show(after: request => request.Headers.TryAddWithoutValidation("X-Security-Token", "temporary-token")), "'x-security-token' must be signed");

    [Fact]
    public async Task A_signed_header_changed_after_signing_is_refused() =>
        AssertUnauthenticated(await Show(
            before: request => request.Headers.TryAddWithoutValidation("X-Project-Id", Simulator.Options.ProjectId),
            after: request =>
            {
                request.Headers.Remove("X-Project-Id");
                request.Headers.TryAddWithoutValidation("X-Project-Id", "another-project");
            }), "signature");

    [Fact]
    public async Task Refused_requests_change_nothing_and_are_journaled()
    {
        await Show(secretKey: "wrong");

        var recorded = Assert.Single(Simulator.Requests);
        Assert.Equal(("GET", ShowPath, 401, "APIGW.0301"), (recorded.Method, recorded.PathAndQuery, recorded.Status, recorded.ErrorCode));
    }

    /// <summary>Signs the request again over a chosen header list, so only the list is wrong.</summary>
    private void ReplaceSignedHeaders(HttpRequestMessage request, string signedHeaders)
    {
        var names = signedHeaders.Split(';');
        var headers = names.Select(name => (name, request.Headers.TryGetValues(name, out var values) ? string.Join(",", values) : "")).ToList();
        var date = request.Headers.GetValues("X-Sdk-Date").Single();
        var signature = TestSigner.Signature("GET", request.RequestUri!, headers, [], date, Simulator.Options.SecretKey);
        request.Headers.Remove("Authorization");
        request.Headers.TryAddWithoutValidation("Authorization",
            $"SDK-HMAC-SHA256 Access={Simulator.Options.AccessKey}, SignedHeaders={signedHeaders}, Signature={signature}");
    }
}
