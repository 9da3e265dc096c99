using System.Globalization;
using ClusterScale.Simulators.ModelArts;
using ClusterScale.Simulators.ModelArts.Supernodes;
using Microsoft.Extensions.Time.Testing;
using Newtonsoft.Json.Linq;

namespace ClusterScale.Simulators.Tests.ModelArts;

/// <summary>
/// The evidence a client has of which servers a scale-up created (spec Corrections 2026-12-05): `create_at` set when
/// the scale-up is accepted, on the cloud's clock, which the `Date` header shows and which may differ from the
/// client's (<see cref="ModelArtsSimulatorOptions.ClockOffset"/>); `order_id` as SEED 004 shows it.
/// </summary>
public class CloudClockTests : SimulatorTest
{
    private static readonly TimeSpan Offset = TimeSpan.FromMinutes(7) + TimeSpan.FromMilliseconds(250);
    private static readonly TimeSpan CreateDuration = TimeSpan.FromSeconds(30);

    protected override ModelArtsSimulatorOptions Configure(ModelArtsSimulatorOptions options) => options with { ClockOffset = Offset };

    private DateTimeOffset CloudNow => Clock.GetUtcNow() + Offset;

    private async Task<JToken> Show(string id) => (await Client.GetAsync("/hyperinstance/" + id)).Body;

    private static long Ms(DateTimeOffset time) => time.ToUnixTimeMilliseconds();

    [Fact]
    public async Task Every_answer_carries_the_clouds_clock_in_its_Date_header()
    {
        var id = Simulator.CreateSupernode(Flavor2);
        Clock.Advance(TimeSpan.FromSeconds(3));
        var expected = DateTimeOffset.Parse(CloudNow.ToString("r", CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);

        Assert.Equal(expected, (await Client.GetAsync("/hyperinstance/" + id)).Date);
        Assert.Equal(expected, (await Client.GetAsync("/hyperinstance/" + Guid.NewGuid())).Date); // an error too
        Assert.Equal(expected, (await Client.AdminAsync(HttpMethod.Get, "/__sim/faults")).Date);
    }

    [Fact]
    public async Task The_gateway_judges_X_Sdk_Date_on_the_clouds_clock()
    {
        var id = Simulator.CreateSupernode(Flavor2);
        using var far = new SimClient(Simulator.Endpoint, Simulator.Options with { Time = new FakeTimeProvider(CloudNow - TimeSpan.FromMinutes(16)) });
        using var near = new SimClient(Simulator.Endpoint, Simulator.Options with { Time = new FakeTimeProvider(CloudNow - TimeSpan.FromMinutes(14)) });

        var expired = await far.GetAsync("/hyperinstance/" + id);

        Assert.Equal((401, "APIGW.0301"), expired.Outcome);
        Assert.Contains("expired", expired.ErrorMsg);
        Assert.Equal(200, (await near.GetAsync("/hyperinstance/" + id)).Status);
    }

    [Fact]
    public async Task The_SEEDs_supernode_shows_its_sub_node_created_1_ms_after_it_on_its_order()
    {
        var createdAt = CloudNow;

        var detail = await Show(Simulator.CreateSupernode(Flavor1));

        Assert.Equal(Ms(createdAt), detail["create_at"]!.Value<long>());
        var server = Assert.Single(detail["servers"]!);
        Assert.Equal(Ms(createdAt) + 1, server["create_at"]!.Value<long>());
        Assert.Equal(detail["order_id"]!.Value<string>(), server["order_id"]!.Value<string>());
        Assert.Matches("^[a-zA-Z0-9]{1,64}$", server["order_id"]!.Value<string>()); // SEED's range
    }

    [Fact]
    public async Task Servers_of_one_scale_up_carry_its_acceptance_time_even_when_they_trickle_in_later()
    {
        var id = Simulator.CreateSupernode(new SupernodeSetup(Flavor2) { Arrival = ServerArrival.OneByOne });
        var original = (await Show(id))["servers"]!.Select(server => server["create_at"]!.Value<long>()).ToArray();
        Clock.Advance(TimeSpan.FromMinutes(5));
        var acceptedAt = CloudNow;

        Assert.Equal(200, (await Client.PostAsync($"/hyperinstance/{id}/live-scale-up", ScaleUpBody(Flavor4))).Status);
        Clock.Advance(CreateDuration * 2);

        var servers = (await Show(id))["servers"]!.ToArray();
        Assert.Equal(4, servers.Length);
        Assert.Equal(original, servers.Take(2).Select(server => server["create_at"]!.Value<long>()));
        Assert.All(servers.Skip(2), server => Assert.Equal(Ms(acceptedAt), server["create_at"]!.Value<long>()));
        Assert.Equal(Ms(acceptedAt + CreateDuration * 2), servers[3]["update_at"]!.Value<long>()); // listed one create duration later, RUNNING one more later
        Assert.Equal(Ms(acceptedAt), Simulator.Ledger(id)[3].CreateAt);
    }

    [Fact]
    public async Task A_POST_PAID_supernodes_new_servers_carry_its_original_order()
    {
        var id = Simulator.CreateSupernode(Flavor2);

        Simulator.ConsoleScaleUp(id, Flavor4);

        var detail = await Show(id);
        Assert.All(detail["servers"]!, server => Assert.Equal(detail["order_id"]!.Value<string>(), server["order_id"]!.Value<string>()));
    }
}

/// <summary><see cref="ModelArtsSimulatorOptions.ArrivalDelay"/>: an accepted scale-up whose servers are not listed yet
/// is still in flight (spec Corrections 2026-12-05: "accepted, nothing new listed yet" is the normal first state).</summary>
public class ArrivalDelayTests : SimulatorTest
{
    private static readonly TimeSpan Delay = TimeSpan.FromSeconds(45);

    protected override ModelArtsSimulatorOptions Configure(ModelArtsSimulatorOptions options) => options with { ArrivalDelay = Delay };

    [Fact]
    public async Task Nothing_new_is_listed_until_the_delay_has_passed_and_the_scale_is_in_flight_meanwhile()
    {
        var id = Simulator.CreateSupernode(Flavor2);
        Assert.Equal(200, (await Client.PostAsync($"/hyperinstance/{id}/live-scale-up", ScaleUpBody(Flavor4))).Status);
        Clock.Advance(Delay - TimeSpan.FromSeconds(1));

        Assert.Equal(2, (await Client.GetAsync("/hyperinstance/" + id)).Body["servers"]!.Count());
        Assert.Equal((400, "ModelArts.0104"), (await Client.PostAsync($"/hyperinstance/{id}/live-scale-up", ScaleUpBody(Flavor8))).Outcome);
        Assert.Equal(4, Simulator.Ledger(id).Count); // ordered already: the truth knows them
        Clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(["RUNNING", "RUNNING", "CREATING", "CREATING"], Simulator.GetSupernode(id).Servers.Select(server => server.Status));
        Clock.Advance(TimeSpan.FromSeconds(30));
        Assert.Equal(["RUNNING", "RUNNING", "RUNNING", "RUNNING"], Simulator.GetSupernode(id).Servers.Select(server => server.Status));
    }
}
