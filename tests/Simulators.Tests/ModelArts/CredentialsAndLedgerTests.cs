using ClusterScale.Simulators.ModelArts.Api;
using ClusterScale.Simulators.ModelArts.Faults;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;

namespace ClusterScale.Simulators.Tests.ModelArts;

/// <summary>
/// Several key pairs (a second stack signs with its own access key) and the truth ledger that attributes every
/// server's creation and removal to the access key of the accepted request, "console" or "initial" (contracts.md).
/// </summary>
public class CredentialsAndLedgerTests : SimulatorTest
{
    private const string SecondAk = "SECONDSTACKACCESSKEY";
    private const string SecondSk = "second-stack-secret";
    private static readonly TimeSpan CreateDuration = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan DeleteDuration = TimeSpan.FromSeconds(10);

    private Task<SimResponse> Post(string suffix, object body, string? ak = null, string? sk = null) =>
        Client.SendAsync(HttpMethod.Post, Client.ProjectPath(suffix), JsonConvert.SerializeObject(body), accessKey: ak, secretKey: sk);

    private async Task<JArray> LedgerOverHttp(string id)
    {
        var response = await Client.AdminAsync(HttpMethod.Get, $"/__sim/supernodes/{id}/ledger");
        Assert.Equal(200, response.Status);
        return (JArray)response.Body;
    }

    [Fact]
    public async Task A_key_pair_added_through_the_admin_route_signs_requests()
    {
        var id = Simulator.CreateSupernode(Flavor2);
        var before = await Client.SendAsync(HttpMethod.Get, Client.ProjectPath("/hyperinstance/" + id), accessKey: SecondAk, secretKey: SecondSk);

        var added = await Client.AdminAsync(HttpMethod.Post, "/__sim/credentials", new { ak = SecondAk, sk = SecondSk });

        Assert.Equal((401, "APIGW.0301"), before.Outcome);
        Assert.Contains("ak not exist", before.ErrorMsg);
        Assert.Equal(200, added.Status);
        Assert.Equal(200, (await Client.SendAsync(HttpMethod.Get, Client.ProjectPath("/hyperinstance/" + id), accessKey: SecondAk, secretKey: SecondSk)).Status);
        Assert.Equal((401, "APIGW.0301"), (await Client.SendAsync(HttpMethod.Get, Client.ProjectPath("/hyperinstance/" + id), accessKey: SecondAk, secretKey: "wrong")).Outcome);
        Assert.Equal(200, (await Client.GetAsync("/hyperinstance/" + id)).Status); // the first pair still works
    }

    [Fact]
    public async Task A_key_pair_that_clashes_is_refused_naming_the_field()
    {
        Simulator.AddCredentials(SecondAk, SecondSk);
        Simulator.AddCredentials(SecondAk, SecondSk); // the same pair again changes nothing

        var otherSecret = await Client.AdminAsync(HttpMethod.Post, "/__sim/credentials", new { ak = SecondAk, sk = "clashing-secret-value" });
        var actorName = await Client.AdminAsync(HttpMethod.Post, "/__sim/credentials", new { ak = "console", sk = "x" });
        var noSecret = await Client.AdminAsync(HttpMethod.Post, "/__sim/credentials", new { ak = "THIRD" });

        Assert.Equal((400, "ModelArts.0104"), otherSecret.Outcome);
        Assert.Contains("ak", otherSecret.ErrorMsg);
        Assert.DoesNotContain("clashing-secret-value", otherSecret.ErrorMsg); // a secret never appears in an answer
        Assert.Equal((400, "ModelArts.0104"), actorName.Outcome);
        Assert.Equal((400, "ModelArts.0104"), noSecret.Outcome);
        Assert.Contains("sk", noSecret.ErrorMsg);
    }

    [Fact]
    public async Task Each_access_key_is_locked_on_its_own()
    {
        var id = Simulator.CreateSupernode(Flavor2);
        Simulator.AddCredentials(SecondAk, SecondSk);
        var show = Client.ProjectPath("/hyperinstance/" + id);
        for (var i = 0; i < 5; i++)
            await Client.SendAsync(HttpMethod.Get, show, accessKey: SecondAk, secretKey: "wrong");

        var locked = await Client.SendAsync(HttpMethod.Get, show, accessKey: SecondAk, secretKey: SecondSk);

        Assert.Equal((401, "APIGW.0301"), locked.Outcome);
        Assert.Contains("AK access failed to reach the limit", locked.ErrorMsg);
        Assert.Equal(200, (await Client.GetAsync("/hyperinstance/" + id)).Status);
    }

    [Fact]
    public async Task The_ledger_attributes_each_server_to_the_key_whose_accepted_request_created_or_removed_it()
    {
        var id = Simulator.CreateSupernode(Flavor1);
        Simulator.AddCredentials(SecondAk, SecondSk);
        Assert.Equal(200, (await Post($"/hyperinstance/{id}/live-scale-up", ScaleUpBody(Flavor2))).Status);
        Clock.Advance(CreateDuration);
        var acceptedAt = Clock.GetUtcNow();
        Assert.Equal(200, (await Post($"/hyperinstance/{id}/live-scale-up", ScaleUpBody(Flavor4), SecondAk, SecondSk)).Status);
        Clock.Advance(CreateDuration);
        var servers = Simulator.GetSupernode(id).Servers.Select(server => server.Id).ToArray();

        var removal = new { id, server_ids = new[] { servers[1] } };
        Assert.Equal(200, (await Post($"/hyperinstance/{id}/live-scale-down", removal, SecondAk, SecondSk)).Status);

        var ledger = await LedgerOverHttp(id);
        Assert.Equal(servers, ledger.Select(entry => entry["server_id"]!.Value<string>()));
        Assert.Equal(["initial", Simulator.Options.AccessKey, SecondAk, SecondAk], ledger.Select(entry => entry["created_by"]!.Value<string>()));
        Assert.Equal([null, SecondAk, null, null], ledger.Select(entry => entry["removed_by"]!.Value<string>()));
        Assert.All(ledger, entry => Assert.True(((JObject)entry).ContainsKey("removed_by"))); // null is written, not left out
        Assert.Equal(acceptedAt.ToUnixTimeMilliseconds(), ledger[2]["create_at"]!.Value<long>());
    }

    [Fact]
    public async Task A_request_answered_with_a_failure_after_acting_is_still_the_keys_in_the_ledger()
    {
        var id = Simulator.CreateSupernode(Flavor2);
        Simulator.Faults.ActThenFail(ScaleRoutes.LiveScaleUp, AfterActing.GatewayTimeout504, requests: 1);

        Assert.Equal((504, "APIGW.0201"), (await Client.PostAsync($"/hyperinstance/{id}/live-scale-up", ScaleUpBody(Flavor4))).Outcome);

        Assert.Equal(["initial", "initial", Simulator.Options.AccessKey, Simulator.Options.AccessKey], Simulator.Ledger(id).Select(entry => entry.CreatedBy));
    }

    [Fact]
    public async Task A_refused_or_failed_request_leaves_no_trace_in_the_ledger()
    {
        var id = Simulator.CreateSupernode(Flavor2);
        Simulator.Faults.FailNextRequests(1, 500);

        await Client.PostAsync($"/hyperinstance/{id}/live-scale-up", ScaleUpBody(Flavor4)); // failed before acting
        await Client.PostAsync($"/hyperinstance/{id}/live-scale-up", ScaleUpBody(Flavor1)); // refused: does not grow it

        Assert.Equal(2, (await LedgerOverHttp(id)).Count);
    }

    [Fact]
    public async Task The_ledger_outlives_the_supernode_and_names_the_console_for_out_of_band_removals()
    {
        var id = Simulator.CreateSupernode(Flavor4);
        var first = Simulator.GetSupernode(id).Servers[0].Id;
        Simulator.RemoveServerOutOfBand(id, first);
        Simulator.TerminateSupernode(id);
        Clock.Advance(DeleteDuration * 2);
        Assert.Equal((400, "ModelArts.6404"), (await Client.GetAsync("/hyperinstance/" + id)).Outcome);

        var ledger = await LedgerOverHttp(id);

        Assert.Equal(4, ledger.Count);
        Assert.All(ledger, entry => Assert.Equal("console", entry["removed_by"]!.Value<string>()));
        Assert.Equal((400, "ModelArts.6404"), (await Client.AdminAsync(HttpMethod.Get, $"/__sim/supernodes/{Guid.NewGuid()}/ledger")).Outcome);
    }
}
