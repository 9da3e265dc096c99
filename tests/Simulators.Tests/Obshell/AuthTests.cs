using System.Security.Cryptography;
using ClusterScale.Simulators.Obshell;
using static ClusterScale.Simulators.Tests.Obshell.SimulatorScope;

namespace ClusterScale.Simulators.Tests.Obshell;

public sealed class AuthTests
{
    private const string ObInfo = "/api/v1/ob/info";

    [Theory]
    [InlineData(1024)]
    [InlineData(512)]
    public async Task Secret_is_a_DER_PKCS1_RSA_public_key_of_the_configured_size(int bits)
    {
        await using var scope = await StartAsync(Fast with { RsaKeyBits = bits });
        var secret = await scope.Client.RawAsync(HttpMethod.Get, "/api/v1/secret");

        using var rsa = RSA.Create();
        rsa.ImportRSAPublicKey(Convert.FromBase64String((string)secret.Data!["public_key"]!), out var read);
        Assert.Equal(bits, rsa.KeySize);
        Assert.Equal(200, (await scope.Client.GetAsync(ObInfo)).Status); // 53-byte chunks work for both sizes
        Assert.Equal("10.0.0.1", (string)secret.Data["ip"]!);
        Assert.Equal(2886, (int)secret.Data["port"]!);
    }

    [Fact]
    public async Task A_correct_root_password_header_is_accepted()
    {
        await using var scope = await StartAsync();
        var response = await scope.Client.GetAsync(ObInfo);
        Assert.Equal(200, response.Status);
        Assert.True((bool)response.Json["successful"]!);
    }

    [Fact]
    public async Task No_header_is_400_Request_Header_NotFound_even_without_any_password()
    {
        await using var scope = await StartAsync(Fast with { RootPassword = "" });
        var response = await scope.Client.GetAsync(ObInfo, new AuthTweak { NoHeader = true });
        Assert.Equal(400, response.Status);
        Assert.Equal("Request.Header.NotFound", response.ErrCode);
    }

    [Fact]
    public async Task An_empty_password_header_is_accepted_when_the_cluster_has_none()
    {
        await using var scope = await StartAsync(Fast with { RootPassword = "" });
        scope.Client.Password = "";
        Assert.Equal(200, (await scope.Client.GetAsync(ObInfo)).Status);
    }

    [Fact]
    public async Task Header_field_names_match_case_insensitively()
    {
        await using var scope = await StartAsync();
        await scope.Client.PublicKeyAsync();
        var ts = DateTimeOffset.UtcNow.AddMinutes(1).ToUnixTimeSeconds();
        var header = scope.Client.EncryptHeader($$"""{"auth":"{{RootPassword}}","TS":"{{ts}}","uRI":"{{ObInfo}}","keys":""}""");
        Assert.Equal(200, (await scope.Client.GetAsync(ObInfo, new AuthTweak { RawHeader = header })).Status);
    }

    [Fact]
    public async Task A_numeric_ts_does_not_unmarshal_and_is_DecryptFailed()
    {
        await using var scope = await StartAsync();
        await scope.Client.PublicKeyAsync();
        var ts = DateTimeOffset.UtcNow.AddMinutes(1).ToUnixTimeSeconds();
        var header = scope.Client.EncryptHeader($$"""{"Auth":"{{RootPassword}}","Ts":{{ts}},"Uri":"{{ObInfo}}"}""");
        var response = await scope.Client.GetAsync(ObInfo, new AuthTweak { RawHeader = header });
        Assert.Equal((401, "Security.Authentication.Header.DecryptFailed"), (response.Status, response.ErrCode));
    }

    [Fact]
    public async Task A_wrong_root_password_is_401_IncorrectOceanbasePassword()
    {
        await using var scope = await StartAsync();
        var response = await scope.Client.GetAsync(ObInfo, new AuthTweak { Password = "wrong" });
        AssertUnauthorized(response, "Security.Authentication.IncorrectOceanbasePassword");
    }

    [Fact]
    public async Task With_an_agent_password_the_agent_header_is_checked()
    {
        await using var scope = await StartAsync(Fast with { AgentPassword = "agent-pw" });
        Assert.Equal(200, (await scope.Client.GetAsync(ObInfo)).Status);
        AssertUnauthorized(await scope.Client.GetAsync(ObInfo, new AuthTweak { Password = "wrong" }), "Security.Authentication.IncorrectAgentPassword");
    }

    [Fact]
    public async Task A_cluster_agent_with_an_agent_password_accepts_the_root_password_header()
    {
        // Spec section 1: a member holds the OceanBase password, so X-OCS-Header + root password passes.
        await using var scope = await StartAsync(Fast with { AgentPassword = "agent-pw" });
        scope.Client.UseAgentHeader = false;
        var right = await scope.Client.GetAsync(ObInfo, new AuthTweak { Password = RootPassword });
        var wrong = await scope.Client.GetAsync(ObInfo, new AuthTweak { Password = "agent-pw" });

        Assert.Equal(200, right.Status);
        AssertUnauthorized(wrong, "Security.Authentication.IncorrectOceanbasePassword");
    }

    [Fact]
    public async Task A_SINGLE_agent_with_an_agent_password_refuses_the_root_password_header_WithAgentPassword()
    {
        await using var scope = await StartAsync(Fast with { SpareAgentPassword = "spare-pw" });
        var spare = scope.ClientFor(Spare);
        var withRoot = await spare.GetAsync(ObInfo, new AuthTweak { Password = RootPassword });
        spare.UseAgentHeader = true;
        var withAgent = await spare.GetAsync(ObInfo, new AuthTweak { Password = "spare-pw" });
        var wrongAgent = await spare.GetAsync(ObInfo, new AuthTweak { Password = "wrong" });

        AssertUnauthorized(withRoot, "Security.Authentication.WithAgentPassword");
        Assert.Equal(200, withAgent.Status);
        AssertUnauthorized(wrongAgent, "Security.Authentication.IncorrectAgentPassword");
    }

    [Fact]
    public async Task Without_an_agent_password_the_agent_header_is_refused_WithOceanBasePassword()
    {
        await using var scope = await StartAsync();
        scope.Client.UseAgentHeader = true;
        AssertUnauthorized(await scope.Client.GetAsync(ObInfo), "Security.Authentication.WithOceanBasePassword");
    }

    [Fact]
    public async Task With_both_headers_the_agent_header_wins()
    {
        await using var scope = await StartAsync(Fast with { AgentPassword = "agent-pw" });
        var rightAgentWrongRoot = await scope.Client.GetAsync(ObInfo, new AuthTweak { AlsoRootHeaderPassword = "wrong" });
        var wrongAgentRightRoot = await scope.Client.GetAsync(ObInfo, new AuthTweak { Password = "wrong", AlsoRootHeaderPassword = RootPassword });
        Assert.Equal(200, rightAgentWrongRoot.Status);
        AssertUnauthorized(wrongAgentRightRoot, "Security.Authentication.IncorrectAgentPassword");
    }

    [Theory]
    [InlineData("/api/v1/ob/info?x=1")]
    [InlineData("/api/v1/ob/scale_out")]
    public async Task A_header_for_another_uri_is_401_UriMismatch(string signedUri)
    {
        await using var scope = await StartAsync();
        AssertUnauthorized(await scope.Client.GetAsync(ObInfo, new AuthTweak { Uri = signedUri }), "Security.Authentication.Header.UriMismatch");
    }

    [Fact]
    public async Task The_uri_includes_the_query_string()
    {
        await using var scope = await StartAsync();
        var id = await scope.ScaleOutAsync();
        var target = $"/api/v1/task/dag/{id}?show_details=false";

        var withoutQuery = await scope.Client.GetAsync(target, new AuthTweak { Uri = $"/api/v1/task/dag/{id}" });
        var withQuery = await scope.Client.GetAsync(target);
        AssertUnauthorized(withoutQuery, "Security.Authentication.Header.UriMismatch");
        Assert.Equal(200, withQuery.Status);
    }

    [Fact]
    public async Task An_expired_ts_is_401_Expired()
    {
        await using var scope = await StartAsync();
        var past = DateTimeOffset.UtcNow.AddSeconds(-5).ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture);
        AssertUnauthorized(await scope.Client.GetAsync(ObInfo, new AuthTweak { Ts = past }), "Security.Authentication.Expired");
    }

    [Fact]
    public async Task A_ts_that_is_not_a_number_is_401_Timestamp_Invalid()
    {
        await using var scope = await StartAsync();
        AssertUnauthorized(await scope.Client.GetAsync(ObInfo, new AuthTweak { Ts = "soon" }), "Security.Authentication.Timestamp.Invalid");
    }

    [Fact]
    public async Task The_ts_is_only_checked_when_a_password_is_sent()
    {
        await using var scope = await StartAsync(Fast with { RootPassword = "" });
        scope.Client.Password = "";
        Assert.Equal(200, (await scope.Client.GetAsync(ObInfo, new AuthTweak { Ts = "1" })).Status);
    }

    [Fact]
    public async Task A_skewed_agent_clock_expires_a_60_second_header()
    {
        await using var scope = await StartAsync();
        scope.Sim.Faults.ClockSkew(TimeSpan.FromMinutes(5));
        AssertUnauthorized(await scope.Client.GetAsync(ObInfo), "Security.Authentication.Expired");

        scope.Sim.Faults.Clear();
        Assert.Equal(200, (await scope.Client.GetAsync(ObInfo)).Status);
    }

    [Theory]
    [InlineData("4.3.5.0", null)]
    [InlineData("4.4.1.1", 1)]
    public async Task An_undecryptable_header_is_DecryptFailed_with_code_1_only_from_4_4_1_1(string version, int? code)
    {
        await using var scope = await StartAsync(Fast with { ObshellVersion = version });
        var response = await scope.Client.GetAsync(ObInfo, new AuthTweak { RawHeader = Convert.ToBase64String(RandomNumberGenerator.GetBytes(100)) });
        Assert.Equal(401, response.Status);
        Assert.Equal("Security.Authentication.Header.DecryptFailed", response.ErrCode);
        Assert.Equal(code, response.Code);
    }

    [Fact]
    public async Task After_a_key_rotation_the_old_key_fails_with_code_1_and_a_fresh_key_works()
    {
        await using var scope = await StartAsync(Fast with { ObshellVersion = "4.4.2.0" });
        Assert.Equal(200, (await scope.Client.GetAsync(ObInfo)).Status);

        scope.Sim.Faults.RotateKey(First);
        var stale = await scope.Client.GetAsync(ObInfo);
        scope.Client.ForgetKey();
        var fresh = await scope.Client.GetAsync(ObInfo);

        Assert.Equal(1, stale.Code);
        Assert.Equal(200, fresh.Status);
    }

    [Fact]
    public async Task A_plain_json_body_with_an_auth_header_panics_into_500_Common_Unexpected_and_creates_nothing()
    {
        // Spec section 1: '{' is not base64, so 0 bytes decode and the unpadding panics (the old choice, BindJsonFailed, was wrong).
        await using var scope = await StartAsync();
        var response = await scope.Client.PostAsync("/api/v1/ob/scale_out", ScaleOutBody(Spare, "zone1"), new AuthTweak { PlainBody = true });

        Assert.Equal((500, "Common.Unexpected"), (response.Status, response.ErrCode));
        Assert.Empty(scope.Sim.Dags);
    }

    [Fact]
    public async Task Info_status_and_secret_need_no_auth_and_info_reports_security()
    {
        await using var scope = await StartAsync(Fast with { AgentPassword = "agent-pw" });
        var info = await scope.Client.RawAsync(HttpMethod.Get, "/api/v1/info");
        var status = await scope.Client.RawAsync(HttpMethod.Get, "/api/v1/status");

        Assert.Equal(200, info.Status);
        Assert.True((bool)info.Data!["security"]!);
        Assert.Equal("CLUSTER AGENT", (string)info.Data["identity"]!);
        Assert.Equal(new[] { "v2" }, info.Data["supportedAuth"]!.Select(t => (string)t!));
        Assert.Equal("CLUSTER AGENT", (string)status.Data!["agent"]!["identity"]!);
        Assert.Equal(2881, (int)status.Data["sqlPort"]!);
    }

    [Fact]
    public async Task A_SINGLE_agent_has_no_OceanBase_to_check_a_root_password_against_but_checks_the_uri()
    {
        await using var scope = await StartAsync();
        var spare = scope.ClientFor(Spare);
        var anyPassword = await spare.GetAsync("/api/v1/task/dag/11", new AuthTweak { Password = "anything" });
        var otherUri = await spare.GetAsync("/api/v1/task/dag/11", new AuthTweak { Uri = "/api/v1/task/dag/12" });

        Assert.Equal("Agent.OceanBase.NotHold", anyPassword.ErrCode); // past auth; a SINGLE agent holds no cluster tasks
        Assert.Equal("Security.Authentication.Header.UriMismatch", otherUri.ErrCode);
    }

    [Theory]
    [InlineData("QUJD", "Request.Body.Decrypt.AES.ContentLength.Invalid")] // 3 bytes: not whole AES blocks
    [InlineData("QUJDRA==!!!!", "Request.Body.Decrypt.AES.ContentLength.Invalid")] // decoded up to the bad character
    [InlineData("{\"zone\":\"zone1\"}", "Common.Unexpected")] // nothing decodes: Go's unpadding panics
    public async Task A_body_that_is_not_whole_AES_blocks_of_base64_is_a_500(string body, string errCode)
    {
        await using var scope = await StartAsync();
        var response = await scope.Client.PostAsync("/api/v1/ob/scale_out", "ignored", new AuthTweak { RawBody = body });
        Assert.Equal((500, errCode), (response.Status, response.ErrCode));
        Assert.Empty(scope.Sim.Dags);
    }

    [Fact]
    public async Task A_body_sent_with_a_header_that_carries_no_AES_key_is_500_KeyAndIv_Invalid()
    {
        await using var scope = await StartAsync();
        await scope.Client.PublicKeyAsync();
        var ts = DateTimeOffset.UtcNow.AddMinutes(1).ToUnixTimeSeconds();
        var header = scope.Client.EncryptHeader($$"""{"Auth":"{{RootPassword}}","Ts":"{{ts}}","Uri":"/api/v1/ob/scale_out"}""");
        var response = await scope.Client.PostAsync("/api/v1/ob/scale_out", ScaleOutBody(Spare, "zone1"), new AuthTweak { RawHeader = header });
        Assert.Equal((500, "Request.Body.Decrypt.AES.KeyAndIv.Invalid"), (response.Status, response.ErrCode));
    }

    [Fact]
    public async Task The_header_is_decrypted_on_every_route_even_one_without_auth()
    {
        await using var scope = await StartAsync();
        var info = await scope.Client.GetAsync("/api/v1/info", new AuthTweak { RawHeader = Convert.ToBase64String(RandomNumberGenerator.GetBytes(128)) });
        var nowhere = await scope.Client.GetAsync("/api/v1/nowhere", new AuthTweak { RawHeader = "AAAA" });
        Assert.Equal((401, "Security.Authentication.Header.DecryptFailed"), (info.Status, info.ErrCode));
        Assert.Equal((401, "Security.Authentication.Header.DecryptFailed"), (nowhere.Status, nowhere.ErrCode));
    }

    [Fact]
    public async Task Checks_run_in_obshell_s_order_body_then_uri_then_expiry_then_password()
    {
        await using var scope = await StartAsync();
        var expired = DateTimeOffset.UtcNow.AddSeconds(-5).ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture);
        var badBodyAndEverything = await scope.Client.PostAsync("/api/v1/ob/scale_out", "x",
            new AuthTweak { RawBody = "QUJD", Uri = "/elsewhere", Ts = expired, Password = "wrong" });
        var uriAndRest = await scope.Client.GetAsync(ObInfo, new AuthTweak { Uri = "/elsewhere", Ts = expired, Password = "wrong" });
        var expiryAndPassword = await scope.Client.GetAsync(ObInfo, new AuthTweak { Ts = expired, Password = "wrong" });

        Assert.Equal("Request.Body.Decrypt.AES.ContentLength.Invalid", badBodyAndEverything.ErrCode);
        Assert.Equal("Security.Authentication.Header.UriMismatch", uriAndRest.ErrCode);
        Assert.Equal("Security.Authentication.Expired", expiryAndPassword.ErrCode);
    }

    [Fact]
    public async Task A_SINGLE_agent_without_an_agent_password_checks_no_password_and_no_expiry()
    {
        await using var scope = await StartAsync();
        var response = await scope.ClientFor(Spare).GetAsync(ObInfo, new AuthTweak { Password = "anything", Ts = "1" });
        Assert.Equal(200, response.Status);
    }

    private static void AssertUnauthorized(ObshellResponse response, string errCode)
    {
        Assert.Equal(401, response.Status);
        Assert.Equal(401, (int)response.Json["status"]!);
        Assert.Equal(10008, response.Code);
        Assert.Equal(errCode, response.ErrCode);
    }
}
