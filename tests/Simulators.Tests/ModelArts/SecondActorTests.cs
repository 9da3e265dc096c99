using Newtonsoft.Json.Linq;

namespace ClusterScale.Simulators.Tests.ModelArts;

/// <summary>
/// The second actor on a supernode (issue 19 "The simulator"): someone in the console scales it up or down, and users
/// logged into its servers reboot, stop and start them, leaving the statuses of PY model/server_response.py:84. Driven
/// through the admin routes of contracts.md and the same-named C# methods.
/// </summary>
public class SecondActorTests : SimulatorTest
{
    private static readonly TimeSpan CreateDuration = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan DeleteDuration = TimeSpan.FromSeconds(10);

    private async Task<JToken> Show(string id) => (await Client.GetAsync("/hyperinstance/" + id)).Body;

    private static string[] Ids(JToken detail) => detail["servers"]!.Select(server => server["id"]!.Value<string>()!).ToArray();

    private static string[] Statuses(JToken detail) => detail["servers"]!.Select(server => server["status"]!.Value<string>()!).ToArray();

    [Fact]
    public async Task The_console_scales_up_through_the_admin_route_as_an_accepted_live_scale_up()
    {
        var id = Simulator.CreateSupernode(Flavor2);

        var accepted = await Client.AdminAsync(HttpMethod.Post, $"/__sim/supernodes/{id}/console/scale-up", new { flavor = Flavor4 });

        Assert.Equal(200, accepted.Status);
        Assert.Equal(id, accepted.Body["id"]!.Value<string>());
        Assert.Equal(2, accepted.Body["servers"]!.Count()); // the snapshot at acceptance, as live-scale-up answers
        Clock.Advance(CreateDuration);
        var detail = await Show(id);
        Assert.Equal(["RUNNING", "RUNNING", "RUNNING", "RUNNING"], Statuses(detail));
        var ledger = Simulator.Ledger(id);
        Assert.Equal(["initial", "initial", "console", "console"], ledger.Select(entry => entry.CreatedBy));
        Assert.Equal(Ids(detail), ledger.Select(entry => entry.ServerId));
    }

    [Fact]
    public async Task The_console_is_refused_what_a_live_scale_up_would_be_refused()
    {
        var id = Simulator.CreateSupernode(Flavor2);
        Assert.Equal(200, (await Client.PostAsync($"/hyperinstance/{id}/live-scale-up", ScaleUpBody(Flavor4))).Status);

        var busy = await Client.AdminAsync(HttpMethod.Post, $"/__sim/supernodes/{id}/console/scale-up", new { flavor = Flavor8 });
        Clock.Advance(CreateDuration);
        var smaller = await Client.AdminAsync(HttpMethod.Post, $"/__sim/supernodes/{id}/console/scale-up", new { flavor = Flavor2 });

        Assert.Equal((400, "ModelArts.0104"), busy.Outcome);
        Assert.Contains("scale in progress", busy.ErrorMsg);
        Assert.Equal((400, "ModelArts.0104"), smaller.Outcome);
        Assert.Equal(4, Simulator.GetSupernode(id).Servers.Count);
    }

    [Fact]
    public async Task A_client_scale_is_refused_while_the_consoles_is_in_progress()
    {
        var id = Simulator.CreateSupernode(Flavor2);
        Simulator.ConsoleScaleUp(id, Flavor4);

        var refused = await Client.PostAsync($"/hyperinstance/{id}/live-scale-up", ScaleUpBody(Flavor8));

        Assert.Equal((400, "ModelArts.0104"), refused.Outcome);
        Clock.Advance(CreateDuration);
        Assert.Equal(200, (await Client.PostAsync($"/hyperinstance/{id}/live-scale-up", ScaleUpBody(Flavor8))).Status);
    }

    [Fact]
    public async Task The_console_scales_down_the_servers_it_names()
    {
        var id = Simulator.CreateSupernode(Flavor4);
        var victims = Simulator.GetSupernode(id).Servers.Skip(2).Select(server => server.Id).ToArray();

        var accepted = await Client.AdminAsync(HttpMethod.Post, $"/__sim/supernodes/{id}/console/scale-down", new { server_ids = victims });

        Assert.Equal(200, accepted.Status);
        Assert.Equal(["RUNNING", "RUNNING", "DELETING", "DELETING"], Statuses(await Show(id)));
        Clock.Advance(DeleteDuration);
        Assert.Equal(2, Ids(await Show(id)).Length);
        Assert.Equal([null, null, "console", "console"], Simulator.Ledger(id).Select(entry => entry.RemovedBy));
    }

    [Fact]
    public async Task The_console_cannot_scale_down_below_one_server_or_without_naming_servers()
    {
        var id = Simulator.CreateSupernode(Flavor1);
        var only = Simulator.GetSupernode(id).Servers[0].Id;

        Assert.Equal((400, "ModelArts.0104"), (await Client.AdminAsync(HttpMethod.Post, $"/__sim/supernodes/{id}/console/scale-down", new { server_ids = new[] { only } })).Outcome);
        var unnamed = await Client.AdminAsync(HttpMethod.Post, $"/__sim/supernodes/{id}/console/scale-down", new { });
        Assert.Equal((400, "ModelArts.0104"), unnamed.Outcome);
        Assert.Contains("server_ids", unnamed.ErrorMsg);
    }

    [Theory]
    [InlineData("REBOOT_FAILED")]
    [InlineData("STOPPED")]
    [InlineData("START_FAILED")]
    [InlineData("STOP_FAILED")]
    [InlineData("CHANGINGOS_FAILED")]
    [InlineData("REBOOTING")]
    public async Task A_user_leaves_a_server_in_the_status_their_action_ended_in(string status)
    {
        var id = Simulator.CreateSupernode(Flavor2);
        var server = Simulator.GetSupernode(id).Servers[1].Id;

        var set = await Client.AdminAsync(HttpMethod.Post, $"/__sim/servers/{server}/status", new { status });

        Assert.Equal(200, set.Status);
        Assert.Equal(status, set.Body["status"]!.Value<string>());
        Assert.Equal(["RUNNING", status], Statuses(await Show(id)));
        Assert.Equal(status, (await Client.GetAsync("/" + server)).Body["status"]!.Value<string>());
    }

    [Fact]
    public async Task A_user_brings_a_failed_server_back_to_RUNNING()
    {
        var id = Simulator.CreateSupernode(Flavor2);
        var server = Simulator.GetSupernode(id).Servers[0].Id;
        Simulator.SetServerStatus(server, "REBOOT_FAILED");

        Simulator.SetServerStatus(server, "RUNNING");

        Assert.Equal(["RUNNING", "RUNNING"], Statuses(await Show(id)));
    }

    [Fact]
    public async Task A_status_no_server_can_show_or_one_that_belongs_to_a_scale_is_refused()
    {
        var id = Simulator.CreateSupernode(Flavor2);
        var server = Simulator.GetSupernode(id).Servers[0].Id;

        var unknown = await Client.AdminAsync(HttpMethod.Post, $"/__sim/servers/{server}/status", new { status = "SLEEPING" });
        var deleting = await Client.AdminAsync(HttpMethod.Post, $"/__sim/servers/{server}/status", new { status = "DELETING" });
        var missing = await Client.AdminAsync(HttpMethod.Post, $"/__sim/servers/{Guid.NewGuid()}/status", new { status = "STOPPED" });

        Assert.Equal((400, "ModelArts.0104"), unknown.Outcome);
        Assert.Contains("SLEEPING", unknown.ErrorMsg);
        Assert.Equal((400, "ModelArts.0104"), deleting.Outcome);
        Assert.Equal((400, "ModelArts.6404"), missing.Outcome);
        Assert.Equal(["RUNNING", "RUNNING"], Statuses(await Show(id)));
    }
}
