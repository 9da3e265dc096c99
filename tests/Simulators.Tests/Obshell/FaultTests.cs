using Microsoft.Extensions.Time.Testing;
using static ClusterScale.Simulators.Tests.Obshell.SimulatorScope;

namespace ClusterScale.Simulators.Tests.Obshell;

public sealed class FaultTests
{
    [Fact]
    public async Task Failed_requests_get_the_status_and_are_not_processed()
    {
        await using var scope = await StartAsync();
        await scope.Client.PublicKeyAsync();
        scope.Sim.Faults.FailNextRequests(2, 503);

        var first = await scope.Client.PostAsync("/api/v1/ob/scale_out", ScaleOutBody(Spare, "zone1"));
        Assert.Equal(503, first.Status);
        Assert.False((bool)first.Json["successful"]!);
        Assert.Empty(scope.Sim.Dags);
    }

    [Fact]
    public async Task Reset_connections_fail_the_client_and_the_next_request_works()
    {
        await using var scope = await StartAsync();
        scope.Sim.Faults.ResetNextConnections(1);

        await Assert.ThrowsAsync<HttpRequestException>(() => scope.Client.RawAsync(HttpMethod.Get, "/api/v1/info"));
        Assert.Equal(200, (await scope.Client.RawAsync(HttpMethod.Get, "/api/v1/info")).Status);
        Assert.Equal(0, scope.Sim.Requests[0].Status);
    }

    [Fact]
    public async Task A_slow_response_is_processed_before_it_is_answered()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var scope = await StartAsync(Fast with { Time = time, StageDuration = TimeSpan.FromHours(1) });
        await scope.Client.PublicKeyAsync();
        scope.Sim.Faults.SlowResponses(TimeSpan.FromMinutes(2), 1);

        var pending = scope.Client.PostAsync("/api/v1/ob/scale_out", ScaleOutBody(Spare, "zone1"));
        await WaitUntilAsync(() => scope.Sim.Dags.Count == 1);
        Assert.False(pending.IsCompleted);

        await WaitUntilAsync(() =>
        {
            time.Advance(TimeSpan.FromMinutes(1));
            return pending.IsCompleted;
        });
        Assert.Equal(200, (await pending).Status);
    }

    [Fact]
    public async Task A_client_that_times_out_on_a_slow_response_still_leaves_the_DAG_behind()
    {
        await using var scope = await StartAsync(Fast with { StageDuration = TimeSpan.FromMilliseconds(20) });
        await scope.Client.PublicKeyAsync();
        scope.Sim.Faults.SlowResponses(TimeSpan.FromMinutes(5), 1);
        using var giveUp = new CancellationTokenSource();

        var pending = scope.Client.PostAsync("/api/v1/ob/scale_out", ScaleOutBody(Spare, "zone1"), ct: giveUp.Token);
        await WaitUntilAsync(() => scope.Sim.Dags.Count == 1); // processed, answer held back
        await giveUp.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => pending);

        var dag = Assert.Single(scope.Sim.Dags);
        Assert.Equal(("SUCCEED", "RUN"), StateOf(await scope.WaitForDagAsync(dag.Id)));
        await WaitUntilAsync(() => scope.Sim.Requests.Any(r => r.PathAndQuery == "/api/v1/ob/scale_out"));
        Assert.Equal(0, scope.Sim.Requests.Single(r => r.PathAndQuery == "/api/v1/ob/scale_out").Status);
    }

    [Fact]
    public async Task A_restarted_agent_is_down_then_back_on_the_same_port_and_its_DAG_went_on()
    {
        await using var scope = await StartAsync(Fast with { StageDuration = TimeSpan.FromMilliseconds(20) });
        var id = await scope.ScaleOutAsync();
        var endpoint = scope.Sim.EndpointOf(First);

        scope.Sim.Faults.RestartAgent(First, TimeSpan.FromSeconds(3));
        await Assert.ThrowsAsync<HttpRequestException>(() => scope.Client.RawAsync(HttpMethod.Get, "/api/v1/info"));

        await WaitUntilAsync(async () =>
        {
            try
            {
                return (await scope.Client.RawAsync(HttpMethod.Get, "/api/v1/info")).Status == 200;
            }
            catch (HttpRequestException)
            {
                return false;
            }
        });
        Assert.Equal(endpoint, scope.Sim.EndpointOf(First));
        Assert.Equal(("SUCCEED", "RUN"), StateOf(await scope.WaitForDagAsync(id)));
    }

    [Fact]
    public async Task A_restarting_agent_comes_back_once_another_socket_that_held_its_port_lets_it_go()
    {
        // Seen once in the open-world campaign: while the agent was down, another socket on the machine held its port,
        // and the restart failed "address already in use", ending the whole campaign.
        await using var scope = await StartAsync();
        var port = int.Parse(scope.Sim.EndpointOf(First).Split(':')[1], System.Globalization.CultureInfo.InvariantCulture);
        var squatter = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, port);
        scope.Sim.Faults.RestartAgent(First, TimeSpan.FromMilliseconds(300));
        squatter.Start();
        await Task.Delay(TimeSpan.FromSeconds(1));
        squatter.Stop();

        await WaitUntilAsync(async () =>
        {
            try
            {
                return (await scope.Client.RawAsync(HttpMethod.Get, "/api/v1/info")).Status == 200;
            }
            catch (HttpRequestException)
            {
                return false;
            }
        });
    }

    [Fact]
    public async Task A_spare_that_is_restarting_cannot_be_scaled_out()
    {
        await using var scope = await StartAsync();
        scope.Sim.Faults.RestartAgent(Spare, TimeSpan.FromMinutes(5)); // disposing the simulator ends the wait

        var response = await scope.Client.PostAsync("/api/v1/ob/scale_out", ScaleOutBody(Spare, "zone1"));
        Assert.Equal("Agent.RPC.RequestFailed", response.ErrCode);
        Assert.StartsWith($"get {Spare} status failed: ", response.Message);
    }

    [Fact]
    public async Task Every_request_is_recorded_with_the_agent_target_and_status()
    {
        await using var scope = await StartAsync();
        await scope.Client.GetAsync("/api/v1/ob/info?x=1", new AuthTweak { Uri = "/api/v1/ob/info?x=1" });

        Assert.Equal(
            [new("10.0.0.1:2886", "GET", "/api/v1/secret", 200), new("10.0.0.1:2886", "GET", "/api/v1/ob/info?x=1", 200)],
            scope.Sim.Requests);
    }
}
