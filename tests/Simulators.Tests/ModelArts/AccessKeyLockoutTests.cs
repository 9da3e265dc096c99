namespace ClusterScale.Simulators.Tests.ModelArts;

/// <summary>API Gateway locks an access key for five minutes after five failed AK/SK authentications in a row
/// (devg-apisign/api-sign-0001.html, sis_faq/sis_04_0082.html): even a correct signature is then refused.</summary>
public class AccessKeyLockoutTests : SimulatorTest
{
    private const string LockedMessage = "Incorrect IAM authentication information: AK access failed to reach the limit,forbidden.";

    private string? supernodeId;

    private string ShowPath => Client.ProjectPath("/hyperinstance/" + (supernodeId ??= Simulator.CreateSupernode(Flavor2)));

    private Task<SimResponse> Show(string? secretKey = null) => Client.SendAsync(HttpMethod.Get, ShowPath, secretKey: secretKey);

    private async Task FailTimes(int count)
    {
        for (var i = 0; i < count; i++)
            Assert.Equal((401, "APIGW.0301"), (await Show(secretKey: "wrong-secret")).Outcome);
    }

    [Fact]
    public async Task Five_failures_in_a_row_lock_the_key_so_a_correct_signature_is_refused()
    {
        await FailTimes(5);

        var response = await Show();

        Assert.Equal((401, "APIGW.0301"), response.Outcome);
        Assert.Equal(LockedMessage, response.ErrorMsg);
        Assert.Equal(response.RequestId, response.Body["request_id"]!.ToString());
    }

    [Fact]
    public async Task Four_failures_do_not_lock_and_a_success_starts_the_count_again()
    {
        await FailTimes(4);
        Assert.Equal(200, (await Show()).Status);
        await FailTimes(4);

        Assert.Equal(200, (await Show()).Status);
    }

    [Fact]
    public async Task The_lock_lifts_after_five_minutes()
    {
        await FailTimes(5);
        Clock.Advance(TimeSpan.FromMinutes(5) - TimeSpan.FromSeconds(1));
        Assert.Equal(LockedMessage, (await Show()).ErrorMsg);

        Clock.Advance(TimeSpan.FromSeconds(1));

        Assert.Equal(200, (await Show()).Status);
    }

    [Fact]
    public async Task Failures_under_an_unknown_key_do_not_lock_the_known_one()
    {
        for (var i = 0; i < 6; i++)
            Assert.Equal(401, (await Client.SendAsync(HttpMethod.Get, ShowPath, accessKey: "SOMEONEELSESKEY0000")).Status);

        Assert.Equal(200, (await Show()).Status);
    }
}
