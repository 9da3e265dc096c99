using ClusterScale.Provider.Journal;
using ClusterScale.Provider.ModelArts;
using ClusterScale.Provider.ModelArts.Ownership;
using ClusterScale.Provider.Protocol;
using ClusterScale.Simulators.ModelArts.Faults;
using ClusterScale.Simulators.ModelArts;
using ClusterScale.Simulators.ModelArts.Supernodes;
using Microsoft.Extensions.Time.Testing;
using static ClusterScale.Provider.Tests.ModelArts.ModelArtsTestBed;

namespace ClusterScale.Provider.Tests.ModelArts;

/// <summary>
/// Issue 19: a supernode is shared with the console, other stacks and the users of its servers. Each test reproduces
/// a defect of the closed-world provider against the simulator's second actor and its truth ledger.
/// </summary>
public sealed class SupernodeScaleOpenWorldTests
{
    [Fact]
    public async Task Another_actor_growing_the_supernode_while_a_scale_up_is_pending_is_neither_awaited_nor_claimed_nor_removed()
    {
        // The cloud's clock is driven: the other stack acts minutes later, and the cloud runs 7 minutes ahead of this
        // machine (the send window is judged on the cloud's clock, from its Date header).
        var cloud = new FakeTimeProvider(DateTimeOffset.Parse("2026-12-05T09:00:00Z"));
        await using var bed = await StartAsync(new ModelArtsSimulatorOptions { Time = cloud, ClockOffset = TimeSpan.FromMinutes(7) });
        var id = bed.Sim.CreateSupernode(Flavor2);
        using var cancel = new CancellationTokenSource();
        bed.Progress.OnMessage = message =>
        {
            if (message.Contains("accepted", StringComparison.Ordinal)) cancel.Cancel();
            return Task.CompletedTask;
        };
        var inputs = Inputs(id, Flavor4);
        var interrupted = await Assert.ThrowsAsync<ResourceInitFailedException>(() => bed.CreateAsync(inputs, cancellation: cancel.Token));
        bed.Progress.OnMessage = null;
        cloud.Advance(TimeSpan.FromMinutes(3));
        bed.Sim.ConsoleScaleUp(id, Flavor8); // another actor grows it past this resource's target
        cloud.Advance(TimeSpan.FromMinutes(3));

        var resumed = await bed.UpdateAsync(interrupted.Outputs, interrupted.Inputs, inputs, timeout: TimeSpan.FromSeconds(20));

        var ledger = bed.Sim.Ledger(id);
        var mine = ledger.Where(e => e.CreatedBy == bed.Sim.Options.AccessKey).Select(e => e.ServerId).Order(StringComparer.Ordinal).ToList();
        var console = ledger.Where(e => e.CreatedBy == "console").Select(e => e.ServerId).ToList();
        Assert.Equal(2, mine.Count);
        Assert.Equal(4, console.Count);
        Assert.Equal(mine, Strings(resumed.Get("addedServerIds")));
        Assert.Contains(bed.Progress.Messages, m => m.Contains("grown by someone else", StringComparison.Ordinal) && console.All(m.Contains));

        await WhileTimePasses(cloud, bed.DeleteAsync(resumed));

        Assert.All(bed.Sim.Ledger(id), e => Assert.Equal(mine.Contains(e.ServerId) ? bed.Sim.Options.AccessKey : null, e.RemovedBy));
    }

    [Fact]
    public async Task Destroy_after_a_create_interrupted_before_any_server_was_listed_waits_for_them_and_removes_them()
    {
        // SEED 004: the 200 lists only the servers the supernode had; the new ones show in later reads.
        var cloud = new FakeTimeProvider(DateTimeOffset.Parse("2026-12-05T09:00:00Z"));
        // SEED 004 shows the supernode ACTIVE meanwhile: servers arriving one at a time keep it so.
        await using var bed = await StartAsync(new ModelArtsSimulatorOptions { Time = cloud, ArrivalDelay = TimeSpan.FromMinutes(2), Arrival = ServerArrival.OneByOne });
        var id = bed.Sim.CreateSupernode(Flavor2);
        using var cancel = new CancellationTokenSource();
        bed.Progress.OnMessage = message =>
        {
            if (message.Contains("accepted", StringComparison.Ordinal)) cancel.Cancel();
            return Task.CompletedTask;
        };
        var interrupted = await Assert.ThrowsAsync<ResourceInitFailedException>(() => bed.CreateAsync(Inputs(id, Flavor4), cancellation: cancel.Token));
        Assert.Equal(2, bed.ServerIds(id).Count); // accepted, nothing new listed yet

        // Still in flight: destroy must not succeed, nor drop the state, nor send anything.
        var stillComing = await Assert.ThrowsAnyAsync<Exception>(() => bed.Resource.DeleteAsync(
            new DeleteInput(id, "urn:test", interrupted.Outputs, interrupted.Inputs, TimeSpan.FromSeconds(1)), bed.Operation()));
        Assert.Contains("timed out", stillComing.Message);
        Assert.Equal(1, bed.ScaleUpCalls);
        Assert.DoesNotContain(bed.Sim.Requests, r => r.Method == "POST" && r.PathAndQuery.EndsWith("/live-scale-down", StringComparison.Ordinal));

        cloud.Advance(TimeSpan.FromMinutes(5)); // they arrive
        await WhileTimePasses(cloud, bed.DeleteAsync(interrupted.Outputs));

        var mine = bed.Sim.Ledger(id).Where(e => e.CreatedBy == bed.Sim.Options.AccessKey).ToList();
        Assert.Equal(2, mine.Count);
        Assert.All(mine, e => Assert.Equal(bed.Sim.Options.AccessKey, e.RemovedBy));
    }

    [Fact]
    public async Task Servers_the_console_added_while_the_scale_up_was_reset_are_never_claimed_nor_removed()
    {
        ModelArtsSimulator? sim = null;
        string? id = null;
        // Reset before ModelArts sees it, while the console's scale-up to the same flavor lands.
        await using var bed = await StartAsync(transport: new ResetFirstPost(() => sim!.ConsoleScaleUp(id!, Flavor4)));
        sim = bed.Sim;
        id = bed.Sim.CreateSupernode(Flavor2);

        var unproven = await Assert.ThrowsAsync<ResourceInitFailedException>(() => bed.CreateAsync(Inputs(id, Flavor4), timeout: TimeSpan.FromSeconds(20)));

        var console = bed.Sim.Ledger(id).Where(e => e.CreatedBy == "console").Select(e => e.ServerId).ToList();
        Assert.Equal(2, console.Count);
        Assert.Empty(Strings(unproven.Outputs.Get("addedServerIds")));
        Assert.All(console, server => Assert.Contains(server, unproven.Message));
        Assert.Contains("adoptServerIds", unproven.Message);

        await Assert.ThrowsAsync<OperationFailedException>(() => bed.DeleteAsync(unproven.Outputs));
        // The user says none is this resource's: nothing is claimed, and destroy removes nothing.
        var disowned = await bed.UpdateAsync(unproven.Outputs, unproven.Inputs, Inputs(id, Flavor4, ("adoptServerIds", PropertyValue.From(Array.Empty<PropertyValue>()))));
        await bed.DeleteAsync(disowned);

        Assert.All(bed.Sim.Ledger(id), e => Assert.Null(e.RemovedBy));
        Assert.Equal(4, bed.ServerIds(id).Count);
    }

    [Theory]
    [InlineData("REBOOT_FAILED")]
    [InlineData("STOP_FAILED")]
    [InlineData("START_FAILED")]
    [InlineData("CHANGINGOS_FAILED")]
    [InlineData("STOPPED")]
    public async Task A_server_a_user_left_failed_or_stopped_is_reported_and_kept_never_scaled_in(string status)
    {
        await using var bed = await StartAsync();
        var id = bed.Sim.CreateSupernode(Flavor2);
        var created = await bed.CreateAsync(Inputs(id, Flavor4));
        var server = Strings(created.Outputs.Get("addedServerIds"))[0];
        bed.Sim.SetServerStatus(server, status);

        var news = Inputs(id, Flavor4).With("imageId", PropertyValue.From("a4059eb4-c2f5-46a8-9b33-6cbed5d3fc82"));
        var updated = await bed.UpdateAsync(created.Outputs, Inputs(id, Flavor4), news);

        Assert.DoesNotContain(bed.Sim.Requests, r => r.Method == "POST" && r.PathAndQuery.EndsWith("/live-scale-down", StringComparison.Ordinal));
        Assert.Equal(1, bed.ScaleUpCalls);
        Assert.Contains(server, Strings(updated.Get("addedServerIds")));
        Assert.Contains(bed.Progress.Messages, m => m.Contains($"{server} ({status})", StringComparison.Ordinal) && m.Contains("kept", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_refused_scale_up_removes_nothing()
    {
        // Reproduced: ModelArts.0104 for a flavor outside the §6 rule made the provider remove every server it had added.
        await using var bed = await StartAsync();
        var id = bed.Sim.CreateSupernode(Flavor2);
        var created = await bed.CreateAsync(Inputs(id, Flavor4));

        await Assert.ThrowsAnyAsync<Exception>(() => bed.UpdateAsync(created.Outputs, Inputs(id, Flavor4), Inputs(id, "kat3ne-7.unknown")));

        Assert.DoesNotContain(bed.Sim.Requests, r => r.Method == "POST" && r.PathAndQuery.EndsWith("/live-scale-down", StringComparison.Ordinal));
        Assert.Equal(4, bed.ServerIds(id).Count);
    }

    [Fact]
    public async Task An_update_from_an_engine_that_sends_no_old_inputs_scales()
    {
        await using var bed = await StartAsync();
        var id = bed.Sim.CreateSupernode(Flavor1);
        var created = await bed.CreateAsync(Inputs(id, Flavor2));

        var updated = await bed.Resource.UpdateAsync(new UpdateInput(id, "urn:test", created.Outputs, PropertyMap.Empty, Inputs(id, Flavor4),
            Preview: false, null, []), bed.Operation());

        Assert.Equal(4, bed.ServerIds(id).Count);
        Assert.Equal(3, Strings(updated.Get("addedServerIds")).Count);
    }

    [Fact]
    public async Task A_refresh_with_ModelArts_hung_honours_its_timeout_and_names_the_supernode()
    {
        await using var bed = await StartAsync();
        var id = bed.Sim.CreateSupernode(Flavor2);
        var created = await bed.CreateAsync(Inputs(id, Flavor4));
        bed.Sim.Faults.SlowResponses(TimeSpan.FromMinutes(10), 5);

        var error = await Assert.ThrowsAsync<OperationFailedException>(() => bed.Resource.ReadAsync(
            new ReadInput(id, "urn:test", created.Outputs, Inputs(id, Flavor4), TimeSpan.FromMilliseconds(500)), bed.Operation()));

        Assert.Contains(id, error.Message);
        Assert.Contains("time limit", error.Message);
    }

    [Fact]
    public async Task A_journal_that_cannot_be_written_after_acceptance_leaves_partial_state_never_nothing_was_sent()
    {
        // Issue 18: the disk fills between the pending entry and the write after ModelArts accepted.
        string? journalDirectory = null;
        await using var bed = await StartAsync(transport: new AfterFirstPost(() =>
        {
            Directory.Delete(journalDirectory!, recursive: true);
            File.WriteAllText(journalDirectory!, "a file where the journal directory was: every write fails");
        }));
        journalDirectory = bed.Journal.Directory;
        var id = bed.Sim.CreateSupernode(Flavor2);
        try
        {
            var error = await Assert.ThrowsAsync<ResourceInitFailedException>(() => bed.CreateAsync(Inputs(id, Flavor4)));

            Assert.DoesNotContain("nothing was sent", error.Message);
            Assert.Contains("journal", error.Message);
            Assert.Equal("scale-up", error.Outputs.Get("pendingScale").ObjectValue.Get("operation").StringValue);
        }
        finally
        {
            File.Delete(journalDirectory);
            Directory.CreateDirectory(journalDirectory);
        }
    }

    /// <summary>The cloud's clock moves on (a second per step) until <paramref name="operation"/> ends: servers being
    /// removed leave DELETING on that clock.</summary>
    private static async Task WhileTimePasses(FakeTimeProvider cloud, Task operation)
    {
        while (!operation.IsCompleted)
        {
            cloud.Advance(TimeSpan.FromSeconds(1));
            await Task.WhenAny(operation, Task.Delay(10));
        }
        await operation;
    }

    private static async Task<T> WhileTimePasses<T>(FakeTimeProvider cloud, Task<T> operation)
    {
        await WhileTimePasses(cloud, (Task)operation);
        return await operation;
    }

    /// <summary>The first POST never reaches the simulator: <paramref name="meanwhile"/> runs, then the connection resets.</summary>
    private sealed class ResetFirstPost(Action meanwhile) : DelegatingHandler(new SocketsHttpHandler())
    {
        private int _done;

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            if (request.Method != HttpMethod.Post || Interlocked.Exchange(ref _done, 1) != 0) return base.SendAsync(request, cancellationToken);
            meanwhile();
            throw new HttpRequestException("connection reset by peer (test)", new IOException("reset"));
        }
    }

    /// <summary>Runs <paramref name="then"/> once the first POST was answered.</summary>
    private sealed class AfterFirstPost(Action then) : DelegatingHandler(new SocketsHttpHandler())
    {
        private int _done;

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var response = await base.SendAsync(request, cancellationToken);
            if (request.Method == HttpMethod.Post && Interlocked.Exchange(ref _done, 1) == 0) then();
            return response;
        }
    }
    [Fact]
    public async Task A_scale_that_cannot_add_capacity_asks_about_the_servers_a_scale_added_never_the_ones_bought_with_the_supernode()
    {
        // Campaign seed 1846742097 round 5: stack B's target was reached by stack A's scale; B's error asked the user
        // to adopt every server, the two bought with the supernode included (SEED 004: created 1 ms after it, on its
        // order). Those are provably no scale's; the ask names only what a killed run of this resource could have added.
        var cloud = new FakeTimeProvider(DateTimeOffset.Parse("2026-12-05T09:00:00Z"));
        await using var bed = await StartAsync(new ModelArtsSimulatorOptions { Time = cloud });
        var id = bed.Sim.CreateSupernode(Flavor2);
        // Half a second after the purchase (seen in the campaign): a POST_PAID scale's servers carry the supernode's
        // order too, so only a tight spread of create_at tells them from those bought with it.
        cloud.Advance(TimeSpan.FromMilliseconds(500));
        bed.Sim.ConsoleScaleUp(id, Flavor4);
        cloud.Advance(TimeSpan.FromMinutes(1));
        var original = bed.Sim.Ledger(id).Where(e => e.CreatedBy == "initial").Select(e => e.ServerId).ToList();
        var added = bed.Sim.Ledger(id).Where(e => e.CreatedBy == "console").Select(e => e.ServerId).ToList();

        var refused = await Assert.ThrowsAnyAsync<Exception>(() => bed.CreateAsync(Inputs(id, Flavor4)));

        Assert.Contains("adoptServerIds", refused.Message);
        Assert.All(added, server => Assert.Contains(server, refused.Message));
        Assert.All(original, server => Assert.DoesNotContain(server, refused.Message));
        Assert.Equal(0, bed.ScaleUpCalls);
    }

    [Fact]
    public async Task A_scale_that_cannot_add_capacity_to_a_supernode_as_bought_asks_nothing()
    {
        await using var bed = await StartAsync();
        var id = bed.Sim.CreateSupernode(Flavor4);

        var refused = await Assert.ThrowsAnyAsync<Exception>(() => bed.CreateAsync(Inputs(id, Flavor4)));

        Assert.Contains("cannot add capacity", refused.Message);
        Assert.DoesNotContain("adoptServerIds", refused.Message);
        Assert.Equal(0, bed.ScaleUpCalls);
    }

    [Fact]
    public async Task A_later_scale_up_of_the_console_is_never_counted_as_ours_when_fewer_of_ours_are_listed()
    {
        // Open-world campaign (foreign_taken, foreign_removed): after the 200 of our scale-up fewer of our servers were
        // listed than it adds (here one was removed in the console), and the console's later scale-up (created after
        // our send window closed) filled the count ("earliest created, up to what the scale adds"); our destroy then
        // removed it. Whether create_at is the acceptance or each server's creation is UNCONFIRMED, so a server created
        // after the window is never ours silently: the provider asks.
        var cloud = new FakeTimeProvider(DateTimeOffset.Parse("2026-12-05T09:00:00Z"));
        await using var bed = await StartAsync(new ModelArtsSimulatorOptions { Time = cloud });
        var id = bed.Sim.CreateSupernode(Flavor2);
        var inputs = Inputs(id, Flavor4);
        var interrupted = await bed.CreateCancelledOnAcceptanceAsync(inputs);
        cloud.Advance(TimeSpan.FromMinutes(1));
        var mine = bed.Sim.Ledger(id).Where(e => e.CreatedBy == bed.Sim.Options.AccessKey).Select(e => e.ServerId).Order(StringComparer.Ordinal).ToList();
        bed.Sim.ConsoleScaleDown(id, [mine[0]]);
        cloud.Advance(TimeSpan.FromMinutes(1));
        bed.Sim.ConsoleScaleUp(id, Flavor4);
        cloud.Advance(TimeSpan.FromMinutes(1));
        var console = bed.Sim.Ledger(id).Where(e => e.CreatedBy == "console" && e.RemovedBy is null).Select(e => e.ServerId).Single();

        var refreshed = await bed.Resource.ReadAsync(new ReadInput(id, "urn:test", interrupted.Outputs, inputs), bed.Operation());
        Assert.Equal([mine[1]], Strings(refreshed!.Outputs.Get("addedServerIds")));
        var asked = await Assert.ThrowsAsync<ResourceInitFailedException>(() => bed.UpdateAsync(refreshed.Outputs, inputs, inputs, timeout: TimeSpan.FromSeconds(20)));
        Assert.Contains(console, asked.Message);
        Assert.Contains("adoptServerIds", asked.Message);
        Assert.Equal([mine[1]], Strings(asked.Outputs.Get("addedServerIds")));

        await Assert.ThrowsAnyAsync<Exception>(() => bed.Resource.DeleteAsync(new DeleteInput(id, "urn:test", asked.Outputs, asked.Outputs, TimeSpan.FromSeconds(1)), bed.Operation()));
        Assert.Null(bed.Sim.Ledger(id).Single(e => e.ServerId == console).RemovedBy);
    }

    [Fact]
    public async Task An_ask_also_names_the_servers_an_earlier_killed_create_of_this_resource_left_and_adopting_them_owns_them()
    {
        // Campaign seed 479104798 (seed 1611065308 round 2 and five more, wrong_asks): a create of this resource was
        // killed on another machine after its scale-up (its journal gone with the machine); the next create's send was
        // ambiguous and its ask named only the servers that appeared after it, so the earlier create's servers,
        // listed before that send, were owned by no resource and named in no ask.
        var cloud = new FakeTimeProvider(DateTimeOffset.Parse("2026-12-05T09:00:00Z"));
        await using var bed = await StartAsync(new ModelArtsSimulatorOptions { Time = cloud });
        var id = bed.Sim.CreateSupernode(Flavor2);
        var earlier = await CreateKilledOnAnotherMachineAsync(bed, cloud, id);
        bed.Sim.Faults.ActThenFail(ScaleRoutes.LiveScaleUp, AfterActing.InternalError500, requests: 2);

        var asked = await Assert.ThrowsAsync<ResourceInitFailedException>(() => WhileTimePasses(cloud, bed.CreateAsync(Inputs(id, Flavor8), timeout: TimeSpan.FromSeconds(20))));

        var mine = MineNow(bed, id);
        Assert.Equal(6, mine.Count);
        Assert.All(mine, server => Assert.Contains(server, asked.Message));
        Assert.All(earlier, server => Assert.Contains(server, asked.Message));
        var adopting = Inputs(id, Flavor8, ("adoptServerIds", PropertyValue.From(mine.Select(s => PropertyValue.From(s)))));
        var adopted = await WhileTimePasses(cloud, bed.UpdateAsync(asked.Outputs, adopting, adopting, timeout: TimeSpan.FromSeconds(20)));
        Assert.Equal(mine, Strings(adopted.Get("addedServerIds")));
    }

    [Fact]
    public async Task Following_the_ask_of_a_scale_that_cannot_add_capacity_adopts_the_servers_named()
    {
        // The error says: list the servers a killed run of this resource added in `adoptServerIds` and run `pulumi up`.
        // Doing so failed again with the same error (seen in the open-world campaign's stuck runs).
        var cloud = new FakeTimeProvider(DateTimeOffset.Parse("2026-12-05T09:00:00Z"));
        await using var bed = await StartAsync(new ModelArtsSimulatorOptions { Time = cloud });
        var id = bed.Sim.CreateSupernode(Flavor2);
        var earlier = await CreateKilledOnAnotherMachineAsync(bed, cloud, id);
        var refused = await Assert.ThrowsAnyAsync<Exception>(() => bed.CreateAsync(Inputs(id, Flavor4)));
        Assert.All(earlier, server => Assert.Contains(server, refused.Message));

        var adopting = Inputs(id, Flavor4, ("adoptServerIds", PropertyValue.From(earlier.Select(s => PropertyValue.From(s)))));
        var adopted = await bed.CreateAsync(adopting);

        Assert.Equal(earlier, Strings(adopted.Outputs.Get("addedServerIds")));
        Assert.Equal(1, bed.ScaleUpCalls);
    }

    [Fact]
    public async Task A_create_that_scales_past_servers_an_earlier_killed_create_left_names_them_and_adopting_them_owns_them()
    {
        // Open-world campaign (seed 1090983578 round 6, orphans_unreported): a create was killed on one machine after
        // its scale-up to flavor 4; on another machine (no journal) the user declared flavor 8 and the create's own
        // scale-up went through without a question, so the earlier servers belonged to no resource and no message
        // named them.
        var cloud = new FakeTimeProvider(DateTimeOffset.Parse("2026-12-05T09:00:00Z"));
        await using var bed = await StartAsync(new ModelArtsSimulatorOptions { Time = cloud });
        var id = bed.Sim.CreateSupernode(Flavor2);
        var earlier = await CreateKilledOnAnotherMachineAsync(bed, cloud, id);

        var created = await WhileTimePasses(cloud, bed.CreateAsync(Inputs(id, Flavor8), timeout: TimeSpan.FromSeconds(20)));

        var named = bed.Progress.Messages.Where(m => m.Contains("adoptServerIds", StringComparison.Ordinal)).ToList();
        Assert.All(earlier, server => Assert.Contains(named, m => m.Contains(server, StringComparison.Ordinal)));
        Assert.Equal(4, Strings(created.Outputs.Get("addedServerIds")).Count);
        var adopting = Inputs(id, Flavor8, ("adoptServerIds", PropertyValue.From(earlier.Select(s => PropertyValue.From(s)))));
        var adopted = await WhileTimePasses(cloud, bed.UpdateAsync(created.Outputs, Inputs(id, Flavor8), adopting, timeout: TimeSpan.FromSeconds(20)));
        Assert.Equal(MineNow(bed, id), Strings(adopted.Get("addedServerIds")));
        Assert.Equal(2, bed.ScaleUpCalls);
    }

    [Fact]
    public async Task Adopting_the_servers_of_one_killed_create_names_the_ones_another_killed_create_left()
    {
        // Open-world campaign (seed 1559778092 round 9, orphans_unreported): creates of this resource were killed on two
        // machines, to flavor 4 and then to flavor 8. Asked, the user adopted the first one's servers, and the create
        // took them through "already has 8 sub-nodes" without a word on the others: those belonged to no resource,
        // named nowhere.
        var cloud = new FakeTimeProvider(DateTimeOffset.Parse("2026-12-05T09:00:00Z"));
        await using var bed = await StartAsync(new ModelArtsSimulatorOptions { Time = cloud });
        var id = bed.Sim.CreateSupernode(Flavor2);
        var earlier = await CreateKilledOnAnotherMachineAsync(bed, cloud, id);
        var later = (await CreateKilledOnAnotherMachineAsync(bed, cloud, id, Flavor8)).Except(earlier).ToList();
        var shownBefore = bed.Progress.Messages.Count;

        var adopting = Inputs(id, Flavor8, ("adoptServerIds", PropertyValue.From(earlier.Select(s => PropertyValue.From(s)))));
        var adopted = await bed.CreateAsync(adopting);

        Assert.Equal(earlier, Strings(adopted.Outputs.Get("addedServerIds")));
        Assert.Equal(4, later.Count);
        var named = bed.Progress.Messages.Skip(shownBefore).Where(m => m.Contains("adoptServerIds", StringComparison.Ordinal)).ToList();
        Assert.All(later, server => Assert.Contains(named, m => m.Contains(server, StringComparison.Ordinal)));
        Assert.Equal(2, bed.ScaleUpCalls);
    }

    [Fact]
    public async Task An_update_whose_scale_up_a_killed_run_on_another_machine_completed_names_its_servers_and_adopting_them_owns_them()
    {
        // Open-world campaign (seed 125392306 round 22, orphans_unreported): an update to flavor 8 was killed on one
        // machine after its scale-up was sent; on another machine (no journal) the engine's state still said flavor 4,
        // and the next update found 8 sub-nodes and failed as "cannot be moved to flavor 8 ... so it is no scale-up",
        // naming none of the servers that scale-up added: they belonged to no resource.
        var cloud = new FakeTimeProvider(DateTimeOffset.Parse("2026-12-05T09:00:00Z"));
        await using var bed = await StartAsync(new ModelArtsSimulatorOptions { Time = cloud });
        var id = bed.Sim.CreateSupernode(Flavor2);
        var (created, lost) = await UpdateKilledOnAnotherMachineAsync(bed, cloud, id);

        var refused = await Assert.ThrowsAnyAsync<Exception>(() => WhileTimePasses(cloud, bed.UpdateAsync(created.Outputs, Inputs(id, Flavor4), Inputs(id, Flavor8), timeout: TimeSpan.FromSeconds(20))));

        Assert.Equal(4, lost.Count);
        Assert.All(lost, server => Assert.Contains(server, refused.Message));
        Assert.Contains("adoptServerIds", refused.Message);
        var adopting = Inputs(id, Flavor8, ("adoptServerIds", PropertyValue.From(lost.Select(s => PropertyValue.From(s)))));
        var adopted = await WhileTimePasses(cloud, bed.UpdateAsync(created.Outputs, Inputs(id, Flavor4), adopting, timeout: TimeSpan.FromSeconds(20)));
        Assert.Equal(MineNow(bed, id), Strings(adopted.Get("addedServerIds")));
        Assert.Equal(2, bed.ScaleUpCalls);
    }

    [Fact]
    public async Task A_shrink_it_cannot_make_names_the_servers_an_update_killed_on_another_machine_added()
    {
        // Open-world campaign (seed 463305322 round 16, orphans_unreported): a scale-up of this resource was sent, then
        // the CLI died and the next run was on another machine; the program now declared a smaller flavor, and the
        // "cannot be moved to flavor" error named none of the servers that scale-up added.
        var cloud = new FakeTimeProvider(DateTimeOffset.Parse("2026-12-05T09:00:00Z"));
        await using var bed = await StartAsync(new ModelArtsSimulatorOptions { Time = cloud });
        var id = bed.Sim.CreateSupernode(Flavor2);
        var (created, lost) = await UpdateKilledOnAnotherMachineAsync(bed, cloud, id);

        var refused = await Assert.ThrowsAnyAsync<Exception>(() => WhileTimePasses(cloud, bed.UpdateAsync(created.Outputs, Inputs(id, Flavor4), Inputs(id, Flavor2), timeout: TimeSpan.FromSeconds(20))));

        Assert.Contains("cannot be moved to flavor", refused.Message, StringComparison.Ordinal);
        Assert.Equal(4, lost.Count);
        Assert.All(lost, server => Assert.Contains(server, refused.Message));
        Assert.Equal(8, bed.ServerIds(id).Count);
    }

    [Fact]
    public async Task A_destroy_names_the_servers_an_update_killed_on_another_machine_added_and_leaves_them()
    {
        // Open-world campaign (seed 194119847 round 68, orphans_unreported): an update to flavor 8 was accepted, then the
        // CLI died (the engine kept the old state) and the user dropped the resource; its destroy on another machine
        // removed the recorded servers and said nothing of the four that update added: they belonged to no resource.
        var cloud = new FakeTimeProvider(DateTimeOffset.Parse("2026-12-05T09:00:00Z"));
        await using var bed = await StartAsync(new ModelArtsSimulatorOptions { Time = cloud });
        var id = bed.Sim.CreateSupernode(Flavor2);
        var (created, lost) = await UpdateKilledOnAnotherMachineAsync(bed, cloud, id);
        var shownBefore = bed.Progress.Messages.Count;

        await WhileTimePasses(cloud, bed.DeleteAsync(created.Outputs));

        Assert.Equal(4, lost.Count);
        Assert.Equal(lost, MineNow(bed, id));
        var warned = bed.Progress.Messages.Skip(shownBefore).Where(m => m.Contains("leaves them alone", StringComparison.Ordinal)).ToList();
        Assert.All(lost, server => Assert.Contains(warned, m => m.Contains(server, StringComparison.Ordinal)));
    }

    [Fact]
    public async Task A_refresh_names_the_servers_an_update_killed_on_another_machine_added_when_the_program_went_back_to_the_recorded_flavor()
    {
        // Open-world campaign (seed 1287538979 round 16, orphans_unreported): an update to flavor 8 was accepted, then the
        // CLI died (the engine kept the flavor-4 state); the user declared flavor 4 again, so `up` called no method that
        // reads the supernode, and the four servers that update added belonged to no resource, named nowhere. Pulumi
        // tells the user to refresh after an interrupted update: the refresh names them, leaves them, changes nothing.
        var cloud = new FakeTimeProvider(DateTimeOffset.Parse("2026-12-05T09:00:00Z"));
        await using var bed = await StartAsync(new ModelArtsSimulatorOptions { Time = cloud });
        var id = bed.Sim.CreateSupernode(Flavor2);
        var (created, lost) = await UpdateKilledOnAnotherMachineAsync(bed, cloud, id);
        var shownBefore = bed.Progress.Messages.Count;

        var refreshed = await bed.Resource.ReadAsync(new ReadInput(id, "urn:test", created.Outputs, Inputs(id, Flavor4)), bed.Operation());

        Assert.Equal(4, lost.Count);
        var warned = bed.Progress.Messages.Skip(shownBefore).Where(m => m.Contains("adoptServerIds", StringComparison.Ordinal)).ToList();
        Assert.All(lost, server => Assert.Contains(warned, m => m.Contains(server, StringComparison.Ordinal)));
        Assert.Equal(created.Outputs[SupernodeScaleState.AddedKey], refreshed!.Outputs[SupernodeScaleState.AddedKey]);
        Assert.Equal(8, bed.ServerIds(id).Count);
    }

    [Fact]
    public async Task A_refresh_names_nothing_when_every_server_no_step_records_is_older_than_the_newest_step()
    {
        // The console's servers, added before this resource's scale-up, were named by that scale-up: a refresh does not
        // name them again.
        var cloud = new FakeTimeProvider(DateTimeOffset.Parse("2026-12-05T09:00:00Z"));
        await using var bed = await StartAsync(new ModelArtsSimulatorOptions { Time = cloud });
        var id = bed.Sim.CreateSupernode(Flavor2);
        cloud.Advance(TimeSpan.FromMinutes(1));
        bed.Sim.ConsoleScaleUp(id, Flavor4);
        cloud.Advance(TimeSpan.FromMinutes(1));
        var created = await WhileTimePasses(cloud, bed.CreateAsync(Inputs(id, Flavor8), timeout: TimeSpan.FromSeconds(20)));
        Assert.Contains(bed.Progress.Messages, m => m.Contains("before this resource's scale-up", StringComparison.Ordinal));
        var shownBefore = bed.Progress.Messages.Count;

        await bed.Resource.ReadAsync(new ReadInput(id, "urn:test", created.Outputs, Inputs(id, Flavor8)), bed.Operation());

        Assert.Equal(shownBefore, bed.Progress.Messages.Count);
    }

    [Fact]
    public async Task A_destroy_cut_short_after_it_removed_a_pending_scale_up_leaves_the_servers_of_a_later_scale_up_in_that_window_alone()
    {
        // Open-world campaign (seed 880896412 round 0, foreign_taken then foreign_removed): a destroy of a resource whose
        // accepted scale-up was still pending decided that scale-up's servers (its send window), removed them, and was
        // killed; the engine kept the pending scale-up. Another stack then scaled the supernode up inside that window,
        // and the next `up` took its servers as the pending scale-up's, and a later destroy removed them.
        var cloud = new FakeTimeProvider(DateTimeOffset.Parse("2026-12-05T09:00:00Z"));
        await using var bed = await StartAsync(new ModelArtsSimulatorOptions { Time = cloud });
        var id = bed.Sim.CreateSupernode(Flavor2);
        cloud.Advance(TimeSpan.FromMinutes(1));
        var before = bed.ServerIds(id).Order(StringComparer.Ordinal).ToList();
        var sent = cloud.GetUtcNow().ToUnixTimeMilliseconds();
        bed.Sim.ConsoleScaleUp(id, Flavor8); // stands in for this resource's accepted scale-up: ModelArts cannot tell them apart
        var ours = bed.ServerIds(id).Except(before).ToHashSet();
        cloud.Advance(TimeSpan.FromSeconds(30));
        // Its answer was slow: the window on the cloud's clock spans an hour.
        var pending = new SupernodeScaleState([], new PendingScale(PendingScale.ScaleUp, Flavor8, before, new SendWindow(sent, sent + 3_600_000), Acknowledged: true));
        var outputs = pending.Bookkeeping().Aggregate(Inputs(id, Flavor8), (map, field) => map.With(field.Key, field.Value));
        // The destroy is cut short once ModelArts acted on its live-scale-down (the answer never comes).
        bed.Sim.Faults.ActThenFail(ScaleRoutes.LiveScaleDown, AfterActing.Stall, requests: 1);
        using (var cut = new CancellationTokenSource())
        {
            var destroy = bed.Resource.DeleteAsync(new DeleteInput(id, "urn:test", outputs, outputs, null), bed.Operation(cut.Token));
            while (bed.Sim.Faults.ActThenFailAnswers == 0 && !destroy.IsCompleted)
            {
                cloud.Advance(TimeSpan.FromSeconds(1));
                await Task.WhenAny(destroy, Task.Delay(10));
            }
            cut.Cancel();
            await Assert.ThrowsAnyAsync<Exception>(() => destroy);
        }
        cloud.Advance(TimeSpan.FromMinutes(1));
        Assert.Empty(bed.ServerIds(id).Intersect(ours));
        bed.Sim.ConsoleScaleUp(id, Flavor8); // another actor's scale-up, inside that window
        var theirs = bed.ServerIds(id).Except(before).ToHashSet();
        cloud.Advance(TimeSpan.FromSeconds(30));

        var next = WhileTimePasses(cloud, new SupernodeScale(bed.Connection, bed.Journal).UpdateAsync(
            new UpdateInput(id, "urn:test", outputs, Inputs(id, Flavor8), Inputs(id, Flavor8), Preview: false, TimeSpan.FromSeconds(20), []), bed.Operation()));
        var asked = await Assert.ThrowsAnyAsync<Exception>(() => next);

        Assert.All(theirs, server => Assert.Contains(server, asked.Message));
        Assert.Contains("adoptServerIds", asked.Message, StringComparison.Ordinal);
        var state = asked is ResourceInitFailedException partial ? SupernodeScaleState.FromOutputs(partial.Outputs) : SupernodeScaleState.Empty;
        Assert.Empty(state.StepServerIds.Intersect(theirs));
        Assert.Equal(theirs, bed.ServerIds(id).Except(before).ToHashSet());
    }

    /// <summary>A create of this resource to <paramref name="flavor"/> by a plugin on another machine (its own
    /// journal), killed before Pulumi recorded it: every server a scale of this test added, which no state holds.</summary>
    private static async Task<List<string>> CreateKilledOnAnotherMachineAsync(ModelArtsTestBed bed, FakeTimeProvider cloud, string id, string flavor = Flavor4)
    {
        cloud.Advance(TimeSpan.FromMinutes(1)); // a scale comes well after the purchase (ScaleUpOwnership.Unrecorded)
        await WhileTimePasses(cloud, OnAnotherMachine(bed).CreateAsync(new CreateInput("urn:test", "scale", Inputs(id, flavor), Preview: false, null), bed.Operation()));
        return MineNow(bed, id);
    }

    /// <summary>This resource created to <see cref="Flavor4"/> and recorded; then its update to <see cref="Flavor8"/>
    /// run by a plugin on another machine (its own journal) and killed before Pulumi recorded it, so the engine still
    /// holds <paramref name="id"/>'s flavor-4 state: that state, and the servers the update added, which no state holds.</summary>
    private static async Task<(CreateResult Created, List<string> Lost)> UpdateKilledOnAnotherMachineAsync(ModelArtsTestBed bed, FakeTimeProvider cloud, string id)
    {
        cloud.Advance(TimeSpan.FromMinutes(1));
        var created = await WhileTimePasses(cloud, bed.CreateAsync(Inputs(id, Flavor4), timeout: TimeSpan.FromSeconds(20)));
        var first = MineNow(bed, id);
        await WhileTimePasses(cloud, OnAnotherMachine(bed).UpdateAsync(new UpdateInput(id, "urn:test", created.Outputs, Inputs(id, Flavor4), Inputs(id, Flavor8), Preview: false, null, []), bed.Operation()));
        return (created, MineNow(bed, id).Except(first).ToList());
    }

    /// <summary>SupernodeScale on another machine: the same ModelArts, its own (empty) journal.</summary>
    private static SupernodeScale OnAnotherMachine(ModelArtsTestBed bed) =>
        new(bed.Connection, new OperationJournal(Path.Combine(Directory.CreateTempSubdirectory("clusterscale-other-machine-").FullName, "journal")));

    private static List<string> MineNow(ModelArtsTestBed bed, string id) =>
        bed.Sim.Ledger(id).Where(e => e.CreatedBy == bed.Sim.Options.AccessKey && e.RemovedBy is null).Select(e => e.ServerId).Order(StringComparer.Ordinal).ToList();
}
