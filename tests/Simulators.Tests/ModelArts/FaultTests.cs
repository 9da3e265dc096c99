using System.Diagnostics;
using ClusterScale.Simulators.ModelArts;
using ClusterScale.Simulators.ModelArts.Api;
using Newtonsoft.Json.Linq;

namespace ClusterScale.Simulators.Tests.ModelArts;

/// <summary>Injected faults hit authenticated requests in order, exactly as many times as armed.</summary>
public class FaultTests : SimulatorTest
{
    private const string ThrottleMessage = "The throttling threshold has been reached: policy user over ratelimit,limit:20,time:1 second";

    [Fact]
    public async Task Throttled_requests_get_429_APIGW_0308_then_pass()
    {
        var id = Simulator.CreateSupernode(Flavor2);
        Simulator.Faults.Throttle(2);

        var first = await Client.PostAsync($"/hyperinstance/{id}/live-scale-up", ScaleUpBody(Flavor4));
        var second = await Client.GetAsync("/hyperinstance/" + id);
        var third = await Client.GetAsync("/hyperinstance/" + id);

        Assert.Equal((429, "APIGW.0308", ThrottleMessage), (first.Status, first.ErrorCode, first.ErrorMsg));
        Assert.Equal((429, "APIGW.0308"), (second.Status, second.ErrorCode));
        Assert.Equal(200, third.Status);
        Assert.Equal(2, Simulator.GetSupernode(id).Servers.Count); // the throttled scale-up did nothing
    }

    [Fact]
    public async Task Unauthenticated_requests_do_not_consume_the_throttle()
    {
        var id = Simulator.CreateSupernode(Flavor2);
        Simulator.Faults.Throttle(1);

        var unsigned = await Client.SendAsync(HttpMethod.Get, Client.ProjectPath("/hyperinstance/" + id), sign: false);
        var signed = await Client.GetAsync("/hyperinstance/" + id);

        Assert.Equal(401, unsigned.Status);
        Assert.Equal(429, signed.Status);
    }

    [Theory]
    [InlineData(500)]
    [InlineData(503)]
    public async Task Failed_requests_return_the_status_and_change_nothing(int status)
    {
        var id = Simulator.CreateSupernode(Flavor2);
        Simulator.Faults.FailNextRequests(1, status);

        var failed = await Client.PostAsync($"/hyperinstance/{id}/live-scale-up", ScaleUpBody(Flavor4));
        var retried = await Client.PostAsync($"/hyperinstance/{id}/live-scale-up", ScaleUpBody(Flavor4));

        Assert.Equal((status, "ModelArts.0001"), (failed.Status, failed.ErrorCode));
        Assert.Equal(200, retried.Status);
        Assert.Equal(4, Simulator.GetSupernode(id).Servers.Count);
    }

    [Fact]
    public async Task Failures_default_to_500()
    {
        Simulator.Faults.FailNextRequests(1);

        Assert.Equal(500, (await Client.GetAsync("/hyperinstance")).Status);
    }

    [Theory]
    [InlineData(200)]
    [InlineData(302)]
    [InlineData(600)]
    public void A_failure_status_must_be_an_error(int status) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => Simulator.Faults.FailNextRequests(1, status));

    [Fact]
    public void Fault_counts_cannot_be_negative() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => Simulator.Faults.Throttle(-1));

    [Fact]
    public async Task Slow_responses_wait_on_the_simulator_clock_then_apply_the_request()
    {
        var id = Simulator.CreateSupernode(Flavor2);
        Simulator.Faults.SlowResponses(TimeSpan.FromMinutes(2), 1);

        var slow = Client.PostAsync($"/hyperinstance/{id}/live-scale-up", ScaleUpBody(Flavor4));
        var advanced = TimeSpan.Zero;
        // The delay runs on the fake clock: advance it until the server's timer (registered once the request
        // arrives) fires. The short real wait only yields to the server; it decides nothing.
        while (await Task.WhenAny(slow, Task.Delay(20)) != slow)
        {
            Clock.Advance(TimeSpan.FromSeconds(30));
            advanced += TimeSpan.FromSeconds(30);
            Assert.True(advanced < TimeSpan.FromHours(1), "the slow request never completed");
        }

        Assert.True(advanced >= TimeSpan.FromMinutes(2), $"answered after {advanced} of simulated time");
        Assert.Equal(200, (await slow).Status);
        Assert.Equal(200, (await Client.GetAsync("/hyperinstance/" + id)).Status); // only one request was slowed
    }

    [Fact]
    public async Task Clear_disarms_every_pending_fault()
    {
        var id = Simulator.CreateSupernode(Flavor2);
        Simulator.Faults.Throttle(5);
        Simulator.Faults.FailNextRequests(5);
        Simulator.Faults.SlowResponses(TimeSpan.FromHours(1), 5);
        Simulator.Faults.FailNextServerCreations(5);
        Simulator.Faults.SoldOut(Flavor4);

        Simulator.Faults.Clear();
        var response = await Client.PostAsync($"/hyperinstance/{id}/live-scale-up", ScaleUpBody(Flavor4));
        Clock.Advance(TimeSpan.FromSeconds(30));

        Assert.Equal(200, response.Status);
        Assert.All(Simulator.GetSupernode(id).Servers, server => Assert.Equal("RUNNING", server.Status));
    }

    [Fact]
    public async Task Error_status_survives_clear()
    {
        var id = Simulator.CreateSupernode(Flavor2);
        Simulator.Faults.PutSupernodeInError(id);

        Simulator.Faults.Clear();

        Assert.Equal("ERROR", (await Client.GetAsync("/hyperinstance/" + id)).Body["status"]!.Value<string>());
    }

    [Fact]
    public void Putting_an_unknown_supernode_in_error_fails_loudly() =>
        Assert.Equal("ModelArts.6404", Assert.Throws<ApiErrorException>(
            () => Simulator.Faults.PutSupernodeInError(Guid.NewGuid().ToString())).Code);
}

/// <summary>The real clock and real durations: what a user running the simulator standalone sees.</summary>
public class RealClockTests : IAsyncLifetime
{
    private ModelArtsSimulator simulator = null!;

    public async Task InitializeAsync() => simulator = await ModelArtsSimulator.StartAsync(new ModelArtsSimulatorOptions
    {
        ServerCreateDuration = TimeSpan.FromMilliseconds(200),
    });

    public async Task DisposeAsync() => await simulator.DisposeAsync();

    [Fact]
    public async Task Endpoint_is_loopback_and_a_scale_up_settles_after_the_create_duration()
    {
        Assert.StartsWith("http://127.0.0.1:", simulator.Endpoint);
        var id = simulator.CreateSupernode("kat3ne-8-800t.48xlarge.8.matrix");
        using var client = new SimClient(simulator);
        var started = Stopwatch.StartNew();

        var response = await client.PostAsync($"/hyperinstance/{id}/live-scale-up",
            new { flavor = "kat3ne-16-800t.96xlarge.8.matrix", image_id = "f4059eb4-c2f5-46a8-9b33-6cbed5d3fc81", key_pair_name = "k" });
        while (simulator.GetSupernode(id).Status != "ACTIVE")
        {
            Assert.True(started.Elapsed < TimeSpan.FromSeconds(10), "the scale-up never settled");
            await Task.Delay(10);
        }

        Assert.Equal(200, response.Status);
        Assert.Equal("ACTIVE", response.Body["status"]!.Value<string>()); // the snapshot at acceptance
        Assert.True(started.Elapsed >= TimeSpan.FromMilliseconds(200), $"settled after {started.Elapsed}");
    }
}
