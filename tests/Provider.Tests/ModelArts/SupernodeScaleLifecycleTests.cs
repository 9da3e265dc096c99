using ClusterScale.Provider.Protocol;
using ClusterScale.Simulators.ModelArts.Faults;
using static ClusterScale.Provider.Tests.ModelArts.ModelArtsTestBed;

namespace ClusterScale.Provider.Tests.ModelArts;

/// <summary>Scale up, up again, down to an earlier step, down to the starting flavor, and delete — against the simulator.</summary>
public sealed class SupernodeScaleLifecycleTests
{
    [Fact]
    public async Task Create_scales_up_and_records_exactly_the_new_servers()
    {
        await using var bed = await StartAsync();
        var id = bed.Sim.CreateSupernode(Flavor2);
        var original = bed.ServerIds(id);

        var created = await bed.CreateAsync(Inputs(id, Flavor4));

        Assert.Equal(id, created.Id);
        var supernode = bed.Sim.GetSupernode(id);
        Assert.Equal(4, supernode.Servers.Count);
        Assert.All(supernode.Servers, s => Assert.Equal("RUNNING", s.Status));
        var added = Strings(created.Outputs.Get("addedServerIds"));
        Assert.Equal(supernode.Servers.Select(s => s.Id).Except(original).Order(StringComparer.Ordinal), added);
        Assert.Equal([(Flavor4, added)], Steps(created.Outputs).Select(s => (s.Flavor, s.Ids)).ToList(), new StepComparer());
        Assert.Equal("ACTIVE", created.Outputs.Get("supernodeStatus").StringValue);
        Assert.Equal(supernode.Servers.Select(s => s.Id).Order(StringComparer.Ordinal),
            created.Outputs.Get("servers").ArrayValue.Select(s => s.ObjectValue.Get("id").StringValue));
        Assert.False(created.Outputs.ContainsKey("pendingScale"));
        Assert.Equal(1, bed.ScaleUpCalls);
        Assert.Contains(bed.Progress.Messages, m => m.Contains("server(s) of this scale-up RUNNING", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Scale_up_again_then_back_down_removes_only_the_later_step_then_delete_removes_the_rest()
    {
        await using var bed = await StartAsync();
        var id = bed.Sim.CreateSupernode(Flavor2);
        var original = bed.ServerIds(id);
        var inputs4 = Inputs(id, Flavor4);
        var created = await bed.CreateAsync(inputs4);

        var inputs8 = Inputs(id, Flavor8);
        var at8 = await bed.UpdateAsync(created.Outputs, inputs4, inputs8);
        var steps = Steps(at8);
        Assert.Equal([Flavor4, Flavor8], steps.Select(s => s.Flavor));
        Assert.Equal(2, steps[0].Ids.Count);
        Assert.Equal(4, steps[1].Ids.Count);
        Assert.Equal(8, bed.ServerIds(id).Count);

        var back4 = await bed.UpdateAsync(at8, inputs8, inputs4);
        var remaining = bed.ServerIds(id);
        Assert.Equal(4, remaining.Count);
        Assert.Empty(steps[1].Ids.Intersect(remaining));
        Assert.True(original.IsSubsetOf(remaining));
        Assert.Equal(Flavor4, bed.Sim.GetSupernode(id).Flavor);
        Assert.Equal([Flavor4], Steps(back4).Select(s => s.Flavor));

        await bed.DeleteAsync(back4);
        Assert.Equal(original, bed.ServerIds(id));
        Assert.Equal("ACTIVE", bed.Sim.GetSupernode(id).Status);
    }

    [Fact]
    public async Task Shrinking_to_the_flavor_the_supernode_started_from_removes_everything_it_added()
    {
        await using var bed = await StartAsync();
        var id = bed.Sim.CreateSupernode(Flavor2);
        var original = bed.ServerIds(id);
        var created = await bed.CreateAsync(Inputs(id, Flavor4));

        var back = await bed.UpdateAsync(created.Outputs, Inputs(id, Flavor4), Inputs(id, Flavor2));

        Assert.Equal(original, bed.ServerIds(id));
        Assert.Empty(Steps(back));
        Assert.Empty(back.Get("addedServerIds").ArrayValue);
        await bed.DeleteAsync(back); // nothing left to remove: succeeds without a call
        Assert.Equal(original, bed.ServerIds(id));
    }

    [Fact]
    public async Task Shrinking_to_the_starting_flavor_sends_no_live_scale_up_even_when_answers_are_lost()
    {
        // The campaign's defect: the update sent a live-scale-up to the smaller flavor, counting on its refusal; an
        // act-then-fail answer turned that refusal into "maybe acted", the scale-up stayed pending, and every later
        // `up` resent it and was refused again. Spec section 6 tells the flavor is smaller from its name alone.
        await using var bed = await StartAsync();
        var id = bed.Sim.CreateSupernode(Flavor2);
        var original = bed.ServerIds(id);
        var created = await bed.CreateAsync(Inputs(id, Flavor4));
        bed.Sim.Faults.ActThenFail(ScaleRoutes.LiveScaleUp, AfterActing.InternalError500, requests: 2);

        // A bound for the old behaviour, which waited for a scale-up that could not happen.
        var back = await bed.UpdateAsync(created.Outputs, Inputs(id, Flavor4), Inputs(id, Flavor2), timeout: TimeSpan.FromSeconds(20));

        Assert.Equal(1, bed.ScaleUpCalls);
        Assert.Equal(original, bed.ServerIds(id));
        Assert.Empty(Steps(back));
        Assert.False(back.ContainsKey("pendingScale"));
    }

    [Fact]
    public async Task A_flavor_it_cannot_reach_fails_clearly_and_changes_nothing()
    {
        await using var bed = await StartAsync();
        var id = bed.Sim.CreateSupernode(Flavor4);
        var created = await bed.CreateAsync(Inputs(id, Flavor8));
        var before = bed.ServerIds(id);

        var error = await Assert.ThrowsAsync<OperationFailedException>(() => bed.UpdateAsync(created.Outputs, Inputs(id, Flavor8), Inputs(id, Flavor2)));

        Assert.Contains($"cannot be moved to flavor {Flavor2}", error.Message);
        Assert.Contains($"scaled through ({Flavor8})", error.Message);
        Assert.Contains("replace the resource", error.Message);
        Assert.Equal(before, bed.ServerIds(id));
    }

    [Fact]
    public async Task Changing_only_future_server_settings_updates_state_without_calls()
    {
        await using var bed = await StartAsync();
        var id = bed.Sim.CreateSupernode(Flavor2);
        var created = await bed.CreateAsync(Inputs(id, Flavor4));
        var calls = bed.Sim.Requests.Count(r => r.Method == "POST");

        var news = Inputs(id, Flavor4).With("keyPairName", PropertyValue.From("other-key"));
        var updated = await bed.UpdateAsync(created.Outputs, Inputs(id, Flavor4), news);

        Assert.Equal("other-key", updated.Get("keyPairName").StringValue);
        Assert.Equal(calls, bed.Sim.Requests.Count(r => r.Method == "POST"));
    }

    [Fact]
    public async Task Userdata_reaches_the_api_and_stays_secret_in_outputs()
    {
        await using var bed = await StartAsync();
        var id = bed.Sim.CreateSupernode(Flavor2);
        var userdata = Convert.ToBase64String("#!/bin/bash\necho hi\n"u8.ToArray());

        var created = await bed.CreateAsync(Inputs(id, Flavor4, ("userdata", PropertyValue.From(userdata))));

        Assert.Equal(PropertyKind.Secret, created.Outputs.Get("userdata").Kind);
        Assert.Equal(userdata, created.Outputs.Get("userdata").SecretValue.StringValue);
    }

    [Fact]
    public async Task Preview_create_sends_nothing_and_leaves_outputs_unknown()
    {
        await using var bed = await StartAsync();
        var id = bed.Sim.CreateSupernode(Flavor2);

        var preview = await bed.Resource.CreateAsync(new CreateInput("urn:test", "scale", Inputs(id, Flavor4), Preview: true, null), bed.Operation());

        Assert.Equal(id, preview.Id);
        Assert.Equal(PropertyKind.Computed, preview.Outputs.Get("addedServerIds").Kind);
        Assert.Empty(bed.Sim.Requests);
    }

    [Fact]
    public async Task Preview_update_sends_nothing()
    {
        await using var bed = await StartAsync();
        var id = bed.Sim.CreateSupernode(Flavor2);
        var created = await bed.CreateAsync(Inputs(id, Flavor4));
        var count = bed.Sim.Requests.Count;

        var preview = await bed.Resource.UpdateAsync(new UpdateInput(id, "urn:test", created.Outputs, Inputs(id, Flavor4), Inputs(id, Flavor8), Preview: true, null, []), bed.Operation());

        Assert.Equal(PropertyKind.Computed, preview.Get("scaleSteps").Kind);
        Assert.Equal(count, bed.Sim.Requests.Count);
        Assert.Equal(4, bed.ServerIds(id).Count);
    }

    private sealed class StepComparer : IEqualityComparer<(string, IReadOnlyList<string>)>
    {
        public bool Equals((string, IReadOnlyList<string>) x, (string, IReadOnlyList<string>) y) => x.Item1 == y.Item1 && x.Item2.SequenceEqual(y.Item2);
        public int GetHashCode((string, IReadOnlyList<string>) obj) => obj.Item1.GetHashCode();
    }
}
