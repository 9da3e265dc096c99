using System.Net;
using ClusterScale.Provider.Protocol;
using ClusterScale.Simulators.ModelArts;
using Microsoft.Extensions.Time.Testing;
using static ClusterScale.Provider.Tests.ModelArts.ModelArtsTestBed;

namespace ClusterScale.Provider.Tests.ModelArts;

/// <summary>What the cloud can refuse or break, and what the user then sees.</summary>
public sealed class SupernodeScaleFailureTests
{
    [Fact]
    public async Task Sold_out_flavor_fails_cleanly_without_adding_servers()
    {
        await using var bed = await StartAsync();
        var id = bed.Sim.CreateSupernode(Flavor2);
        bed.Sim.Faults.SoldOut(Flavor4);

        var error = await Assert.ThrowsAsync<OperationFailedException>(() => bed.CreateAsync(Inputs(id, Flavor4)));

        Assert.Contains("sold out", error.Message);
        Assert.Contains("ModelArts.0104", error.Message);
        Assert.Equal(2, bed.ServerIds(id).Count);
    }

    [Fact]
    public async Task A_flavor_over_the_48_node_limit_fails_with_the_quota_error()
    {
        await using var bed = await StartAsync();
        var id = bed.Sim.CreateSupernode(Flavor2);

        var error = await Assert.ThrowsAsync<OperationFailedException>(() => bed.CreateAsync(Inputs(id, FlavorOverCap)));

        Assert.Contains("ModelArts.0116", error.Message);
        Assert.Contains("48", error.Message);
        Assert.Equal(2, bed.ServerIds(id).Count);
    }

    [Fact]
    public async Task Create_failed_servers_fail_the_wait_naming_them_and_stay_recorded_for_destroy()
    {
        await using var bed = await StartAsync();
        var id = bed.Sim.CreateSupernode(Flavor2);
        var original = bed.ServerIds(id);
        bed.Sim.Faults.FailNextServerCreations(1);

        var error = await Assert.ThrowsAsync<ResourceInitFailedException>(() => bed.CreateAsync(Inputs(id, Flavor4)));

        var failed = bed.Sim.GetSupernode(id).Servers.Single(s => s.Status == "CREATE_FAILED");
        Assert.Contains(failed.Id, error.Message);
        Assert.Contains("CREATE_FAILED", error.Message);
        Assert.Equal(id, error.Id);
        Assert.Contains(failed.Id, Strings(error.Outputs.Get("addedServerIds")));
        Assert.Equal("scale-up", error.Outputs.Get("pendingScale").ObjectValue.Get("operation").StringValue);

        await bed.DeleteAsync(error.Outputs);
        Assert.Equal(original, bed.ServerIds(id));
    }

    [Fact]
    public async Task Supernode_error_during_the_wait_fails_at_once_with_the_state()
    {
        await using var bed = await StartAsync(new ModelArtsSimulatorOptions { ServerCreateDuration = TimeSpan.FromMinutes(5) });
        var id = bed.Sim.CreateSupernode(Flavor2);
        bed.Progress.OnMessage = message =>
        {
            if (message.Contains("accepted", StringComparison.Ordinal)) bed.Sim.Faults.PutSupernodeInError(id);
            return Task.CompletedTask;
        };

        var error = await Assert.ThrowsAsync<ResourceInitFailedException>(() => bed.CreateAsync(Inputs(id, Flavor4)));

        Assert.Contains("ERROR", error.Message);
        Assert.Equal(2, Strings(error.Outputs.Get("addedServerIds")).Count);
    }

    [Fact]
    public async Task Throttling_bursts_are_survived_with_backoff()
    {
        await using var bed = await StartAsync();
        var id = bed.Sim.CreateSupernode(Flavor2);
        bed.Sim.Faults.Throttle(3);

        var created = await bed.CreateAsync(Inputs(id, Flavor4));

        Assert.Equal(2, Strings(created.Outputs.Get("addedServerIds")).Count);
        Assert.Equal(3, bed.Sim.Requests.Count(r => r.Status == 429 && r.ErrorCode == "APIGW.0308"));
    }

    [Fact]
    public async Task A_throttled_scale_up_post_is_resent_and_adds_servers_once()
    {
        ModelArtsSimulator? sim = null;
        await using var bed = await StartAsync(transport: new BeforeFirstPost(() => sim!.Faults.Throttle(2)));
        sim = bed.Sim;
        var id = bed.Sim.CreateSupernode(Flavor2);

        var created = await bed.CreateAsync(Inputs(id, Flavor4));

        Assert.Equal(3, bed.ScaleUpCalls); // two 429s, then the accepted one
        Assert.Equal(4, bed.ServerIds(id).Count);
        Assert.Equal(2, Strings(created.Outputs.Get("addedServerIds")).Count);
    }

    [Fact]
    public async Task A_5xx_on_the_scale_up_is_checked_by_reading_before_the_single_resend()
    {
        ModelArtsSimulator? sim = null;
        await using var bed = await StartAsync(transport: new BeforeFirstPost(() => sim!.Faults.FailNextRequests(1, (int)HttpStatusCode.InternalServerError)));
        sim = bed.Sim;
        var id = bed.Sim.CreateSupernode(Flavor2);

        var created = await bed.CreateAsync(Inputs(id, Flavor4));

        Assert.Equal(2, bed.ScaleUpCalls); // the failed POST (nothing changed) and one resend
        var requests = bed.Sim.Requests.ToList();
        var failedPost = requests.FindIndex(r => r.Method == "POST" && r.Status == 500);
        Assert.Equal("GET", requests[failedPost + 1].Method); // state re-read before resending
        Assert.Equal(4, bed.ServerIds(id).Count);
        Assert.Equal(2, Strings(created.Outputs.Get("addedServerIds")).Count);
    }

    [Fact]
    public async Task A_lost_scale_up_response_is_not_resent_and_what_appears_is_owned_only_once_the_user_adopts_it()
    {
        // Issue 19: after an ambiguous send, servers that appear may be another actor's (the console scaling at the
        // same moment looks exactly the same), so none is claimed silently: partial state naming them and the one way
        // to adopt them.
        await using var bed = await StartAsync(transport: new LoseFirstPostResponse());
        var id = bed.Sim.CreateSupernode(Flavor2);
        var original = bed.ServerIds(id);

        var unproven = await Assert.ThrowsAsync<ResourceInitFailedException>(() => bed.CreateAsync(Inputs(id, Flavor4)));

        Assert.Equal(1, bed.ScaleUpCalls);
        Assert.Equal(4, bed.ServerIds(id).Count);
        var appeared = bed.ServerIds(id).Except(original).Order(StringComparer.Ordinal).ToList();
        Assert.Empty(Strings(unproven.Outputs.Get("addedServerIds")));
        Assert.All(appeared, server => Assert.Contains(server, unproven.Message));
        Assert.Contains("adoptServerIds", unproven.Message);

        var adopted = Inputs(id, Flavor4, ("adoptServerIds", PropertyValue.From(appeared.Select(a => PropertyValue.From(a)))));
        var resumed = await bed.UpdateAsync(unproven.Outputs, unproven.Inputs, adopted);

        Assert.Equal(1, bed.ScaleUpCalls);
        Assert.Equal(appeared, Strings(resumed.Get("addedServerIds")));
        Assert.False(resumed.ContainsKey("pendingScale"));
    }

    [Fact]
    public async Task A_signature_rejected_for_clock_skew_is_a_clear_error_without_secrets()
    {
        var skewed = new FakeTimeProvider(DateTimeOffset.UtcNow.AddHours(1));
        await using var bed = await StartAsync(clientTime: skewed);
        var id = bed.Sim.CreateSupernode(Flavor2);

        var error = await Assert.ThrowsAsync<OperationFailedException>(() => bed.CreateAsync(Inputs(id, Flavor4)));

        Assert.Contains("APIGW.0301", error.Message);
        Assert.Contains("expired", error.Message);
        Assert.DoesNotContain(bed.Sim.Options.SecretKey, error.ToString());
        Assert.DoesNotContain(bed.Sim.Options.AccessKey, error.ToString());
        Assert.Equal(2, bed.ServerIds(id).Count);
    }

    [Fact]
    public async Task Delete_refused_because_too_few_sub_nodes_would_remain_explains_why()
    {
        await using var bed = await StartAsync();
        var id = bed.Sim.CreateSupernode(Flavor2);
        var created = await bed.CreateAsync(Inputs(id, Flavor4));
        foreach (var original in bed.ServerIds(id).Except(Strings(created.Outputs.Get("addedServerIds"))))
            bed.Sim.RemoveServerOutOfBand(id, original);

        var error = await Assert.ThrowsAsync<OperationFailedException>(() => bed.DeleteAsync(created.Outputs));

        Assert.Contains("cannot remove the 2 server(s) this resource added", error.Message);
        Assert.Contains("keeps at least one", error.Message);
        Assert.Contains("delete the supernode itself", error.Message);
        Assert.DoesNotContain(bed.Sim.Requests, r => r.PathAndQuery.EndsWith("/live-scale-down", StringComparison.Ordinal)); // refused before sending (§4 floor)
        Assert.Equal(2, bed.ServerIds(id).Count);
    }

    [Fact]
    public async Task Create_on_a_missing_supernode_fails_cleanly()
    {
        await using var bed = await StartAsync();
        var error = await Assert.ThrowsAsync<OperationFailedException>(() => bed.CreateAsync(Inputs("b4beacb6-4380-448c-a218-daa82cf03f5d", Flavor4)));
        Assert.Contains("does not exist", error.Message);
    }

    /// <summary>Runs an action (arming a simulator fault) just before the first POST goes out.</summary>
    private sealed class BeforeFirstPost(Action arm) : DelegatingHandler(new SocketsHttpHandler())
    {
        private int _done;

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            if (request.Method == HttpMethod.Post && Interlocked.Exchange(ref _done, 1) == 0) arm();
            return base.SendAsync(request, cancellationToken);
        }
    }

    /// <summary>The first POST reaches the simulator, which acts on it, but its answer is lost (connection reset).</summary>
    private sealed class LoseFirstPostResponse() : DelegatingHandler(new SocketsHttpHandler())
    {
        private int _done;

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var response = await base.SendAsync(request, cancellationToken);
            if (request.Method != HttpMethod.Post || Interlocked.Exchange(ref _done, 1) != 0) return response;
            response.Dispose();
            throw new HttpRequestException("connection reset by peer (test)", new IOException("reset"));
        }
    }
}
