using ClusterScale.Provider.Deadlines;
using ClusterScale.Provider.ModelArts.Api;
using ClusterScale.Provider.Protocol;
using ClusterScale.Provider.Waiting;

namespace ClusterScale.Provider.ModelArts;

/// <summary>
/// One Create or Update of a SupernodeScale: moves the supernode to the target flavor step by step while keeping
/// the bookkeeping current, so that any failure after the API accepted a change is reported with the state that
/// lets the next <c>pulumi up</c> resume (ResourceInitFailedException) instead of forgetting servers. Every change
/// of that bookkeeping is also written to the <see cref="ScaleJournal"/>, before the request that makes it is sent,
/// for the one case no returned state covers: the plugin dying before it could return.
/// </summary>
internal sealed class ScaleRun(SupernodeScaler scaler, SupernodeScaleArgs args, PropertyMap inputs, OperationDeadline deadline, OperationContext operation, ScaleJournal journal)
{
    private SupernodeScaleState _state = SupernodeScaleState.Empty;
    private string? _flavor;
    private SupernodeDetail? _last;
    private bool _changed;

    public PropertyMap Outputs => _state.ToOutputs(inputs, _last!);

    /// <summary>Create: one scale-up of a steady supernode, or, when an earlier create of this resource died before
    /// returning, the rest of that one (never a second scale-up).</summary>
    public Task CreateAsync() => GuardAsync(async () =>
    {
        if (await ContinueInterruptedAsync()) return;
        var supernode = await scaler.ReadAsync(operation.Cancellation);
        if (!SupernodeSettling.IsSteady(supernode))
            throw new OperationFailedException($"supernode {scaler.SupernodeId} is {supernode.Status}; only an ACTIVE supernode can be scaled");
        await ScaleUpAsync(SupernodeScaleState.Empty, supernode, args.Flavor);
    });

    /// <summary>
    /// Update: finish an interrupted operation first, then move to <c>flavor</c>: the same flavor → nothing (or
    /// restore servers that vanished); a flavor scaled through earlier → remove the servers added after it; anything
    /// else → scale up, and if ModelArts refuses that as a parameter error, try shrinking to the flavor the supernode
    /// had before this resource (removing everything it added), which ModelArts accepts only if the count matches.
    /// </summary>
    public Task UpdateAsync(SupernodeScaleState state, string? currentFlavor) => GuardAsync(async () =>
    {
        if (!await ContinueInterruptedAsync()) await ContinueAsync(state, currentFlavor, fromJournal: false);
    });

    /// <summary>Continues from the journal when an earlier run of this resource died before the engine recorded what
    /// it did; false when there is nothing newer than the engine's state.</summary>
    private async Task<bool> ContinueInterruptedAsync()
    {
        if (journal.Unreported() is not { } interrupted) return false;
        await operation.Progress.WarningAsync($"an earlier run was interrupted while scaling supernode {scaler.SupernodeId} for this resource, " +
            "before Pulumi recorded it (found in the operation journal): continuing it instead of starting again");
        await ContinueAsync(interrupted.State, interrupted.Flavor, fromJournal: true);
        return true;
    }

    /// <param name="fromJournal">The state is newer than the engine's: any failure must report it.</param>
    private async Task ContinueAsync(SupernodeScaleState state, string? currentFlavor, bool fromJournal)
    {
        _state = state;
        _flavor = currentFlavor;
        _last = await scaler.ReadAsync(operation.Cancellation);
        _changed = fromJournal;
        if (state.Pending is { } pending)
        {
            await ResumeAsync(pending);
            currentFlavor = pending.Flavor;
        }
        if (currentFlavor is null)
        {
            await AdoptImportedFlavorAsync();
            return;
        }
        var present = _last.ServerList.Select(s => s.Id).ToHashSet();
        var vanished = _state.StepServerIds.Where(id => !present.Contains(id)).ToList();
        if (args.Flavor == currentFlavor)
        {
            if (vanished.Count == 0) return;
            await operation.Progress.WarningAsync($"{vanished.Count} server(s) this resource added are gone ({string.Join(", ", vanished)}): " +
                $"scaling supernode {scaler.SupernodeId} back up to {currentFlavor}");
            await ScaleUpAsync(_state.Without(vanished), _last, currentFlavor);
            return;
        }
        var step = _state.Steps.ToList().FindLastIndex(s => s.Flavor == args.Flavor);
        if (step >= 0 && step < _state.Steps.Count - 1)
        {
            await ScaleDownToAsync(step, args.Flavor);
            return;
        }
        try
        {
            await ScaleUpAsync(_state, _last, args.Flavor);
        }
        catch (RefusedException scaleUp) when (scaleUp.Error.IsParameterError)
        {
            await ShrinkToStartingFlavorAsync(scaleUp.Error);
        }
    }

    private async Task ScaleUpAsync(SupernodeScaleState state, SupernodeDetail supernode, string flavor)
    {
        var before = supernode.ServerList.Select(s => s.Id).ToHashSet();
        var pending = state with { Pending = new PendingScale(PendingScale.ScaleUp, flavor, before.Order(StringComparer.Ordinal).ToList()) };
        var answer = await SendAsync(pending, supernode, () => scaler.StartScaleUpAsync(args.ToScaleUpRequest(flavor), before, operation.Cancellation));
        var expected = answer.ServerList.Select(s => s.Id).Where(id => !before.Contains(id)).ToHashSet();
        await operation.Progress.InfoAsync($"live-scale-up of supernode {scaler.SupernodeId} to {flavor} accepted");
        var done = await scaler.WaitScaleUpAsync(before, expected, deadline, operation);
        var added = done.ServerList.Select(s => s.Id).Where(id => !before.Contains(id)).Order(StringComparer.Ordinal).ToList();
        Accepted(state.WithStep(new ScaleStep(flavor, added)), done, flavor);
    }

    /// <summary>Removes the servers added after step <paramref name="step"/> (-1: all of them) and waits.</summary>
    private async Task ScaleDownToAsync(int step, string flavor)
    {
        var kept = new SupernodeScaleState(_state.Steps.Take(step + 1).ToList(), null);
        var present = _last!.ServerList.Select(s => s.Id).ToHashSet();
        var removing = _state.Steps.Skip(step + 1).SelectMany(s => s.ServerIds).Where(present.Contains).ToList();
        if (removing.Count > 0)
        {
            var pending = kept with { Pending = new PendingScale(PendingScale.ScaleDown, flavor, removing) };
            await SendAsync(pending, _last, () => scaler.StartScaleDownAsync(flavor, removing, operation.Cancellation));
            await operation.Progress.InfoAsync($"live-scale-down of supernode {scaler.SupernodeId} to {flavor} accepted: removing {string.Join(", ", removing)}");
            _last = await scaler.WaitScaleDownAsync(removing.ToHashSet(), deadline, operation);
        }
        Accepted(kept, _last!, flavor);
    }

    private async Task ShrinkToStartingFlavorAsync(ModelArtsApiException scaleUp)
    {
        var through = _state.Steps.Select(s => s.Flavor).Distinct().ToList();
        try
        {
            if (_state.StepServerIds.Any()) { await ScaleDownToAsync(-1, args.Flavor); return; }
        }
        catch (RefusedException scaleDown) when (scaleDown.Error.IsParameterError)
        {
            throw Unreachable(scaleUp, through, scaleDown.Error);
        }
        throw Unreachable(scaleUp, through, null);
    }

    private OperationFailedException Unreachable(ModelArtsApiException scaleUp, IReadOnlyList<string> through, ModelArtsApiException? scaleDown) => new(
        $"supernode {scaler.SupernodeId} cannot be moved to flavor {args.Flavor}: ModelArts refused to scale up to it ({scaleUp.Message})" +
        (scaleDown is null ? "" : $" and refused it as the flavor left after removing every server this resource added ({scaleDown.Message})") +
        ". SupernodeScale can shrink only back to a flavor it scaled through" +
        (through.Count > 0 ? $" ({string.Join(", ", through)})" : " (none yet)") +
        " or to the flavor the supernode had before it; to reach another flavor, replace the resource.", scaleUp);

    private async Task ResumeAsync(PendingScale pending)
    {
        await operation.Progress.InfoAsync($"resuming the interrupted {pending.Operation} of supernode {scaler.SupernodeId} to {pending.Flavor}");
        var state = _state with { Pending = null };
        _changed = true;
        if (pending.Operation == PendingScale.ScaleUp)
        {
            // The API accepted this scale-up in an earlier run: wait for it, never send it again — unless that run
            // was cancelled while sending and nothing came of it (steady, no new server): then it never arrived.
            var before = pending.ServerIds.ToHashSet();
            if (SupernodeSettling.IsSteady(_last!) && _last!.ServerList.All(s => before.Contains(s.Id)))
                _last = await scaler.StartScaleUpAsync(args.ToScaleUpRequest(pending.Flavor), before, operation.Cancellation);
            var done = await scaler.WaitScaleUpAsync(before, new HashSet<string>(), deadline, operation);
            var added = done.ServerList.Select(s => s.Id).Where(id => !before.Contains(id)).Order(StringComparer.Ordinal).ToList();
            Accepted(state.WithStep(new ScaleStep(pending.Flavor, added)), done, pending.Flavor);
            return;
        }
        var leaving = _last!.ServerList.Where(s => pending.ServerIds.Contains(s.Id) && s.Status != "DELETED").ToList();
        // Servers still all RUNNING on a steady supernode were not being removed: ask again (only those ids).
        if (leaving.Count > 0 && SupernodeSettling.IsSteady(_last) && leaving.All(s => s.Status == "RUNNING"))
            _last = await scaler.StartScaleDownAsync(pending.Flavor, leaving.Select(s => s.Id).ToList(), operation.Cancellation);
        Accepted(state, await scaler.WaitScaleDownAsync(pending.ServerIds.ToHashSet(), deadline, operation), pending.Flavor);
    }

    /// <summary>Import cannot read the supernode's flavor back: the program's flavor is taken as the current one.</summary>
    private async Task AdoptImportedFlavorAsync()
    {
        _state = new SupernodeScaleState(_state.Steps.Select(s => s.Flavor.Length == 0 ? s with { Flavor = args.Flavor } : s).ToList(), null);
        await operation.Progress.WarningAsync($"imported supernode {scaler.SupernodeId}: its flavor cannot be read back, so {args.Flavor} " +
            "(from the program) is recorded as its current flavor and nothing is scaled");
    }

    /// <summary>Sends a change and records it as pending once accepted; a refusal (nothing changed) becomes a
    /// <see cref="RefusedException"/>. Cancelled while in flight, the request may still have reached ModelArts, so it
    /// is recorded as pending too: the next run finds out (see ResumeAsync). The journal has it as pending before
    /// the request leaves, since the process may die the moment ModelArts accepts it.</summary>
    private async Task<SupernodeDetail> SendAsync(SupernodeScaleState pending, SupernodeDetail current, Func<Task<SupernodeDetail>> send)
    {
        var flavor = pending.Pending!.Flavor;
        journal.Record(pending, flavor);
        try
        {
            var answer = await send();
            Accepted(pending, answer, flavor);
            return answer;
        }
        catch (ModelArtsApiException refused)
        {
            journal.Record(_state, _flavor ?? flavor);
            throw new RefusedException(refused);
        }
        catch (OperationCanceledException) when (operation.Cancellation.IsCancellationRequested)
        {
            Accepted(pending, current, flavor);
            throw;
        }
    }

    /// <param name="flavor">The flavor the supernode is at, or moving to, in <paramref name="state"/>.</param>
    private void Accepted(SupernodeScaleState state, SupernodeDetail supernode, string flavor)
    {
        journal.Record(state, flavor);
        _state = state;
        _flavor = flavor;
        _last = supernode;
        _changed = true;
    }

    /// <summary>Before the API accepted anything, a failure is clean (nothing changed); after, it carries the state.</summary>
    private async Task GuardAsync(Func<Task> body)
    {
        try
        {
            await body();
        }
        catch (Exception e) when (_changed && e is not ProviderInputException)
        {
            throw new ResourceInitFailedException(scaler.SupernodeId, Outputs, inputs, [Reason(e)]);
        }
        catch (Exception e) when (e is ModelArtsApiException or RefusedException)
        {
            throw new OperationFailedException($"supernode {scaler.SupernodeId}: {e.Message}", e);
        }
    }

    /// <summary>ModelArts refused a scale request: it did not act on it.</summary>
    private sealed class RefusedException(ModelArtsApiException error) : Exception(error.Message, error)
    {
        public ModelArtsApiException Error => error;
    }

    private string Reason(Exception e) => e switch
    {
        OperationCanceledException => $"cancelled while supernode {scaler.SupernodeId} was scaling; run `pulumi up` again to resume waiting",
        WaitTimeoutException => $"{e.Message}; the operation may still be running: run `pulumi up` again to resume waiting",
        ScaleFailedException => $"{e.Message}; the servers involved are recorded in the state (`pulumi destroy` removes those this resource added)",
        _ => $"supernode {scaler.SupernodeId}: {e.Message}",
    };
}
