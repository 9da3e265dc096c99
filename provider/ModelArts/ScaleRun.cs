using ClusterScale.Provider.Deadlines;
using ClusterScale.Provider.ModelArts.Api;
using ClusterScale.Provider.Outcomes;
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
        var supernode = await scaler.ReadAsync(deadline.Token);
        SupernodeSettling.FailIfUnusable(supernode);
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
        _last = await scaler.ReadAsync(deadline.Token);
        _changed = fromJournal;
        if (state.Pending is { } pending)
        {
            await ResumeAsync(pending);
            currentFlavor = pending.Flavor;
        }
        if (await RemoveFailedServersAsync()) return;
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
        // A flavor of no more sub-nodes than the supernode has (§6) is a shrink: a live-scale-up to it could only be
        // refused, and a refusal lost in transit would leave a scale-up pending that never can happen.
        if (CannotGrowTo(args.Flavor, _last))
        {
            await ShrinkToStartingFlavorAsync(null);
            return;
        }
        try
        {
            await ScaleUpAsync(_state, _last, args.Flavor);
        }
        catch (ScaleRefusedException scaleUp) when (!scaleUp.AfterAmbiguousSend && scaleUp.Error.IsParameterError)
        {
            // A flavor outside the §6 naming rule: only ModelArts can say it is smaller.
            await ShrinkToStartingFlavorAsync(scaleUp.Error);
        }
    }

    private static bool CannotGrowTo(string flavor, SupernodeDetail supernode) =>
        SupernodeFlavor.SubNodes(flavor) is { } target && target <= SupernodeSettling.SubNodes(supernode).Count;

    private async Task ScaleUpAsync(SupernodeScaleState state, SupernodeDetail supernode, string flavor)
    {
        if (CannotGrowTo(flavor, supernode))
            throw new OperationFailedException($"supernode {scaler.SupernodeId} already has {SupernodeSettling.SubNodes(supernode).Count} sub-node(s) " +
                $"and flavor {flavor} has {SupernodeFlavor.SubNodes(flavor)}: a live-scale-up to it cannot add capacity, so none was sent");
        Prepaid.RefuseScaling(supernode);
        await WarnAboutForeignFailuresAsync(supernode, state);
        var before = supernode.ServerList.Select(s => s.Id).ToHashSet();
        var pending = state with { Pending = new PendingScale(PendingScale.ScaleUp, flavor, before.Order(StringComparer.Ordinal).ToList()) };
        await SendAsync(pending, supernode, () => scaler.StartScaleUpAsync(args.ToScaleUpRequest(flavor), before, deadline.Token));
        await operation.Progress.InfoAsync($"live-scale-up of supernode {scaler.SupernodeId} to {flavor} accepted");
        await WaitScaleUpAsync(state, before, flavor);
    }

    /// <summary>Waits for a scale-up to <paramref name="flavor"/> and records as its step EVERY server that appeared
    /// after <paramref name="before"/> (§5), so none is ever orphaned.</summary>
    private async Task WaitScaleUpAsync(SupernodeScaleState state, IReadOnlySet<string> before, string flavor)
    {
        var done = await scaler.WaitScaleUpAsync(before, SupernodeFlavor.SubNodes(flavor), deadline, operation);
        var added = done.ServerList.Select(s => s.Id).Where(id => !before.Contains(id)).Order(StringComparer.Ordinal).ToList();
        Accepted(state.WithStep(new ScaleStep(flavor, added)), done, flavor);
    }

    /// <summary>A failed server this resource did not add is not ours to judge or remove: it only earns a warning.</summary>
    private async Task WarnAboutForeignFailuresAsync(SupernodeDetail supernode, SupernodeScaleState state)
    {
        var ours = state.StepServerIds.ToHashSet();
        var failed = supernode.ServerList.Where(s => SupernodeSettling.IsFailed(s.Status) && !ours.Contains(s.Id)).ToList();
        if (failed.Count > 0)
            await operation.Progress.WarningAsync($"supernode {scaler.SupernodeId} has failed server(s) this resource did not add: " +
                string.Join(", ", failed.Select(s => $"{s.Id} ({s.Status})")) + "; they do not affect this scale and are left alone");
    }

    /// <summary>
    /// Converges after a scale-up whose new servers ended failed (CREATE_FAILED): removes exactly the failed servers
    /// this resource added (never others), then scales up again toward the declared flavor — all within this
    /// operation's deadline. False when there was nothing to remove.
    /// </summary>
    private async Task<bool> RemoveFailedServersAsync()
    {
        var ours = _state.StepServerIds.ToHashSet();
        var failed = _last!.ServerList.Where(s => ours.Contains(s.Id) && SupernodeSettling.IsFailed(s.Status)).Select(s => s.Id).ToList();
        if (failed.Count == 0) return false;
        await operation.Progress.WarningAsync($"server(s) this resource added to supernode {scaler.SupernodeId} failed: {string.Join(", ", failed)}; " +
            $"removing them and scaling up to {args.Flavor} again");
        var request = await scaler.ScaleDownRequestAsync(_last, failed, null, deadline.Token);
        await RemoveAsync(_state, failed, request);
        _state = _state.Without(failed);
        await ScaleUpAsync(_state, _last, args.Flavor);
        return true;
    }

    /// <summary>Sends one live-scale-down (recorded as pending first) and waits until those servers are gone.</summary>
    private async Task RemoveAsync(SupernodeScaleState kept, IReadOnlyList<string> removing, LiveScaleDownRequest request)
    {
        var flavor = request.Flavor ?? _flavor ?? args.Flavor;
        var pending = kept with { Pending = new PendingScale(PendingScale.ScaleDown, flavor, removing) };
        await SendAsync(pending, _last!, () => scaler.StartScaleDownAsync(request, deadline.Token));
        await operation.Progress.InfoAsync($"live-scale-down of supernode {scaler.SupernodeId} to {flavor} accepted: removing {string.Join(", ", removing)}");
        _last = await scaler.WaitScaleDownAsync(removing.ToHashSet(), deadline, operation);
        Accepted(kept, _last, flavor);
    }

    /// <summary>Removes the servers added after step <paramref name="step"/> (-1: all of them) and waits.</summary>
    private async Task ScaleDownToAsync(int step, string flavor)
    {
        var kept = new SupernodeScaleState(_state.Steps.Take(step + 1).ToList(), null);
        var present = _last!.ServerList.Select(s => s.Id).ToHashSet();
        var removing = _state.Steps.Skip(step + 1).SelectMany(s => s.ServerIds).Where(present.Contains).ToList();
        if (removing.Count > 0)
            await RemoveAsync(kept, removing, await scaler.ScaleDownRequestAsync(_last, removing, flavor, deadline.Token));
        Accepted(kept, _last!, flavor);
    }

    /// <summary>Removes everything this resource added, when that leaves exactly <c>flavor</c>'s sub-nodes (§6; for a
    /// flavor outside that rule ModelArts judges the live-scale-down).</summary>
    /// <param name="scaleUp">ModelArts' refusal of a scale-up to the flavor; null when its sub-node count showed it smaller.</param>
    private async Task ShrinkToStartingFlavorAsync(ModelArtsApiException? scaleUp)
    {
        var through = _state.Steps.Select(s => s.Flavor).Distinct().ToList();
        var ours = _state.StepServerIds.ToHashSet();
        var left = SupernodeSettling.SubNodes(_last!).Count(s => !ours.Contains(s.Id));
        if (ours.Count == 0 || SupernodeFlavor.SubNodes(args.Flavor) is { } target && target != left)
            throw Unreachable(scaleUp, through, null, left);
        try
        {
            await ScaleDownToAsync(-1, args.Flavor);
        }
        catch (ScaleRefusedException scaleDown) when (!scaleDown.AfterAmbiguousSend && scaleDown.Error.IsParameterError)
        {
            throw Unreachable(scaleUp, through, scaleDown.Error, left);
        }
    }

    private OperationFailedException Unreachable(ModelArtsApiException? scaleUp, IReadOnlyList<string> through, ModelArtsApiException? scaleDown, int left) => new(
        $"supernode {scaler.SupernodeId} cannot be moved to flavor {args.Flavor}: " +
        (scaleUp is null
            ? $"it has {SupernodeFlavor.SubNodes(args.Flavor)} sub-node(s), the supernode has {SupernodeSettling.SubNodes(_last!).Count} " +
              $"({left} of them not added by this resource), so it is no scale-up"
            : $"ModelArts refused to scale up to it ({scaleUp.Message})") +
        (scaleDown is null ? "" : $" and refused it as the flavor left after removing every server this resource added ({scaleDown.Message})") +
        ". SupernodeScale can shrink only back to a flavor it scaled through" +
        (through.Count > 0 ? $" ({string.Join(", ", through)})" : " (none yet)") +
        " or to the flavor the supernode had before it; to reach another flavor, replace the resource. Nothing was changed.", scaleUp);

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
            var added = _last!.ServerList.Where(s => !before.Contains(s.Id)).ToList();
            if (added.Any(s => SupernodeSettling.IsFailed(s.Status)))
            {
                // Recorded as a step so RemoveFailedServersAsync removes exactly the failed ones and scales up again,
                // once every server of that scale-up has arrived: one still on its way would belong to no resource.
                var settled = await scaler.WaitScaleUpSettledAsync(pending, deadline, operation);
                var all = settled.ServerList.Select(s => s.Id).Where(id => !before.Contains(id)).Order(StringComparer.Ordinal).ToList();
                Accepted(state.WithStep(new ScaleStep(pending.Flavor, all)), settled, pending.Flavor);
                return;
            }
            if (SupernodeSettling.IsSteady(_last) && added.Count == 0)
            {
                Prepaid.RefuseScaling(_last);
                await SendAsync(_state, _last, () => scaler.StartScaleUpAsync(args.ToScaleUpRequest(pending.Flavor), before, deadline.Token));
            }
            await WaitScaleUpAsync(state, before, pending.Flavor);
            return;
        }
        var leaving = _last!.ServerList.Where(s => pending.ServerIds.Contains(s.Id) && s.Status != "DELETED").ToList();
        // Servers still all RUNNING on a steady supernode were not being removed: ask again (only those ids).
        if (leaving.Count > 0 && SupernodeSettling.IsSteady(_last) && leaving.All(s => s.Status == "RUNNING"))
        {
            var ids = leaving.Select(s => s.Id).ToList();
            var request = await scaler.ScaleDownRequestAsync(_last, ids, pending.Flavor, deadline.Token);
            await SendAsync(_state, _last, () => scaler.StartScaleDownAsync(request, deadline.Token));
        }
        Accepted(state, await scaler.WaitScaleDownAsync(pending.ServerIds.ToHashSet(), deadline, operation), pending.Flavor);
    }

    /// <summary>Import cannot read the supernode's flavor back: the program's flavor is taken as the current one.</summary>
    private async Task AdoptImportedFlavorAsync()
    {
        _state = new SupernodeScaleState(_state.Steps.Select(s => s.Flavor.Length == 0 ? s with { Flavor = args.Flavor } : s).ToList(), null);
        await operation.Progress.WarningAsync($"imported supernode {scaler.SupernodeId}: its flavor cannot be read back, so {args.Flavor} " +
            "(from the program) is recorded as its current flavor and nothing is scaled");
    }

    /// <summary>
    /// Sends a change with its pending scale recorded in the journal first (the process may die the moment ModelArts
    /// accepts it). Only a proof that ModelArts did not act — a known refusal of the only send, or nothing sent before
    /// the deadline — rolls that back; anything else (accepted, ambiguous, cancelled or failed while in flight, a
    /// re-read that failed) keeps the pending scale so the state says what may be happening and the next run finds out.
    /// </summary>
    private async Task SendAsync(SupernodeScaleState pending, SupernodeDetail current, Func<Task<SupernodeDetail>> send)
    {
        var flavor = pending.Pending!.Flavor;
        deadline.Token.ThrowIfCancellationRequested();
        journal.Record(pending, flavor);
        try
        {
            Accepted(pending, await send(), flavor);
        }
        catch (Exception e) when (e is ScaleRefusedException { AfterAmbiguousSend: false } or RequestNotSentException)
        {
            journal.Record(_state, _flavor ?? flavor);
            throw;
        }
        catch
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

    /// <summary>Before anything was sent (or when ModelArts proved it did not act), a failure is clean; after, it
    /// carries the state, whatever the failure (a 4xx while polling, the deadline, Ctrl-C).</summary>
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
        catch (Exception e) when (deadline.Explains(e))
        {
            throw new OperationFailedException($"supernode {scaler.SupernodeId}: the operation's time limit ({deadline.Budget}) ran out " +
                "before any scale request was sent; nothing was changed", e);
        }
        catch (Exception e) when (e is ModelArtsApiException or ScaleRefusedException or RequestNotSentException or ScaleFailedException)
        {
            throw new OperationFailedException($"supernode {scaler.SupernodeId}: {e.Message}", e);
        }
    }

    private string Reason(Exception e) => e switch
    {
        OperationCanceledException when deadline.Explains(e) => $"the operation's time limit ({deadline.Budget}) ran out while supernode " +
            $"{scaler.SupernodeId} was scaling; run `pulumi up` again to resume waiting",
        OperationCanceledException => $"cancelled while supernode {scaler.SupernodeId} was scaling; run `pulumi up` again to resume waiting",
        WaitTimeoutException => $"{e.Message}; the operation may still be running: run `pulumi up` again to resume waiting",
        ScaleFailedException => $"{e.Message}; the servers involved are recorded in the state (`pulumi up` removes failed servers this resource added " +
            "and scales again; `pulumi destroy` removes those this resource added)",
        ScaleRefusedException { AfterAmbiguousSend: true } => $"supernode {scaler.SupernodeId}: an earlier answer was ambiguous and the resend was " +
            $"refused ({e.Message}); the scale may be under way: run `pulumi up` again to find out",
        _ => $"supernode {scaler.SupernodeId}: {e.Message}",
    };
}
