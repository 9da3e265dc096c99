using ClusterScale.Provider.Journal;
using ClusterScale.Provider.ModelArts;
using ClusterScale.Provider.Protocol;
using ClusterScale.Simulators.ModelArts;
using static ClusterScale.Provider.Tests.ModelArts.ModelArtsTestBed;

namespace ClusterScale.Provider.Tests.ModelArts;

/// <summary>
/// A plugin that dies before Create/Update returns leaves the engine with no record of what it started; the
/// operation journal carries it to the next run. "Dying" here is a run that stops at a chosen point and never
/// continues, and the next run is a new SupernodeScale (nothing in memory) sharing only the journal directory.
/// </summary>
public sealed class SupernodeScaleJournalTests
{
    private static readonly ModelArtsSimulatorOptions SlowServers = new() { ServerCreateDuration = TimeSpan.FromMilliseconds(300) };

    [Fact]
    public async Task A_create_that_died_after_the_scale_up_was_accepted_is_continued_not_repeated()
    {
        await using var bed = await StartAsync(SlowServers);
        var id = bed.Sim.CreateSupernode(Flavor2);
        var original = bed.ServerIds(id);
        await DieAtProgressAsync(bed, "accepted", () => bed.CreateAsync(Inputs(id, Flavor4)));

        var restarted = Restarted(bed);
        var created = await restarted.CreateAsync(new CreateInput("urn:test", "scale", Inputs(id, Flavor4), Preview: false, null), bed.Operation());

        Assert.Equal(1, bed.ScaleUpCalls);
        Assert.Equal(4, bed.ServerIds(id).Count);
        var step = Assert.Single(Steps(created.Outputs));
        Assert.Equal(Flavor4, step.Flavor);
        Assert.Equal(bed.ServerIds(id).Except(original).Order(StringComparer.Ordinal), step.Ids);
        Assert.Contains(bed.Progress.Messages, m => m.Contains("interrupted", StringComparison.Ordinal));

        await restarted.DeleteAsync(new DeleteInput(id, "urn:test", created.Outputs, created.Outputs, null), bed.Operation());
        Assert.Equal(original, bed.ServerIds(id));
        Assert.Null(bed.Journal.Read("urn:test", id));
    }

    [Fact]
    public async Task A_create_that_died_before_its_request_left_sends_it_exactly_once()
    {
        var transport = new HoldFirstScaleUp();
        await using var bed = await StartAsync(SlowServers, transport: transport);
        var id = bed.Sim.CreateSupernode(Flavor2);
        _ = bed.CreateAsync(Inputs(id, Flavor4));
        await transport.Held.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal(0, bed.ScaleUpCalls);

        var created = await Restarted(bed).CreateAsync(new CreateInput("urn:test", "scale", Inputs(id, Flavor4), Preview: false, null), bed.Operation());

        Assert.Equal(1, bed.ScaleUpCalls);
        Assert.Equal(4, bed.ServerIds(id).Count);
        Assert.Equal(2, Assert.Single(Steps(created.Outputs)).Ids.Count);
    }

    [Fact]
    public async Task An_update_that_died_mid_scale_up_shows_in_diff_and_refresh_and_is_continued()
    {
        await using var bed = await StartAsync(SlowServers);
        var id = bed.Sim.CreateSupernode(Flavor2);
        var original = bed.ServerIds(id);
        var at4 = (await bed.CreateAsync(Inputs(id, Flavor4))).Outputs;
        await DieAtProgressAsync(bed, "accepted", () => bed.UpdateAsync(at4, Inputs(id, Flavor4), Inputs(id, Flavor8)));
        var restarted = Restarted(bed);

        // The engine still holds the state from before the update: even with the program unchanged, up must act.
        var diff = await restarted.DiffAsync(new DiffInput(id, "urn:test", at4, Inputs(id, Flavor4), Inputs(id, Flavor4), []), CancellationToken.None);
        Assert.True(diff.HasChanges);
        var refreshed = await restarted.ReadAsync(new ReadInput(id, "urn:test", at4, Inputs(id, Flavor4)), bed.Operation());
        Assert.Equal(bed.ServerIds(id).Except(original).Order(StringComparer.Ordinal), Strings(refreshed!.Outputs.Get("addedServerIds")));

        var updated = await restarted.UpdateAsync(new UpdateInput(id, "urn:test", at4, Inputs(id, Flavor4), Inputs(id, Flavor8), Preview: false, null, []), bed.Operation());

        Assert.Equal(2, bed.ScaleUpCalls);
        Assert.Equal([Flavor4, Flavor8], Steps(updated).Select(s => s.Flavor));
        Assert.Equal(8, bed.ServerIds(id).Count);
        await restarted.DeleteAsync(new DeleteInput(id, "urn:test", updated, Inputs(id, Flavor8), null), bed.Operation());
        Assert.Equal(original, bed.ServerIds(id));
    }

    [Fact]
    public async Task An_entry_based_on_a_state_the_engine_has_moved_past_is_ignored_and_removed()
    {
        await using var bed = await StartAsync();
        var id = bed.Sim.CreateSupernode(Flavor2);
        var at4 = (await bed.CreateAsync(Inputs(id, Flavor4))).Outputs;
        // What a create that died long ago would have left, had the engine not recorded its result since.
        var stale = new SupernodeScaleState([], new PendingScale(PendingScale.ScaleUp, Flavor8, ["gone-1"]));
        bed.Journal.Write("urn:test", id, new JournalEntry(SupernodeScaleState.Empty.Bookkeeping(), stale.Bookkeeping().With("flavor", PropertyValue.From(Flavor8))));

        var diff = await bed.Resource.DiffAsync(new DiffInput(id, "urn:test", at4, Inputs(id, Flavor4), Inputs(id, Flavor4), []), CancellationToken.None);

        Assert.False(diff.HasChanges);
        Assert.Null(bed.Journal.Read("urn:test", id));
    }

    [Fact]
    public async Task A_finished_create_leaves_an_entry_that_the_next_look_at_the_recorded_state_removes()
    {
        await using var bed = await StartAsync();
        var id = bed.Sim.CreateSupernode(Flavor2);

        var created = await bed.CreateAsync(Inputs(id, Flavor4));

        // Kept until the engine is seen to hold the result: the answer to Create may never have reached it.
        Assert.NotNull(bed.Journal.Read("urn:test", id));
        await bed.Resource.DiffAsync(new DiffInput(id, "urn:test", created.Outputs, Inputs(id, Flavor4), Inputs(id, Flavor4), []), CancellationToken.None);
        Assert.Null(bed.Journal.Read("urn:test", id));
    }

    /// <summary>The same configuration and journal in a new resource instance: a restarted plugin.</summary>
    private static SupernodeScale Restarted(ModelArtsTestBed bed) => new(bed.Connection, bed.Journal);

    /// <summary>Starts <paramref name="operation"/> and lets it run until it reports <paramref name="message"/>, where it
    /// stops for good, as a killed process would.</summary>
    private static async Task DieAtProgressAsync(ModelArtsTestBed bed, string message, Func<Task> operation)
    {
        var died = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        bed.Progress.OnMessage = m =>
        {
            if (!m.Contains(message, StringComparison.Ordinal)) return Task.CompletedTask;
            died.TrySetResult();
            return new TaskCompletionSource().Task;
        };
        _ = operation();
        await died.Task.WaitAsync(TimeSpan.FromSeconds(30));
        bed.Progress.OnMessage = null;
    }

    /// <summary>Holds the first live-scale-up forever, before it reaches ModelArts: a process killed mid-send.</summary>
    private sealed class HoldFirstScaleUp() : DelegatingHandler(new SocketsHttpHandler())
    {
        private readonly TaskCompletionSource _held = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private int _scaleUps;

        public Task Held => _held.Task;

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            if (request.RequestUri!.AbsolutePath.EndsWith("/live-scale-up", StringComparison.Ordinal) && Interlocked.Increment(ref _scaleUps) == 1)
            {
                _held.TrySetResult();
                await Task.Delay(Timeout.Infinite, cancellationToken);
            }
            return await base.SendAsync(request, cancellationToken);
        }
    }
}
