using ClusterScale.Provider.Deadlines;
using ClusterScale.Provider.ModelArts.Api;
using ClusterScale.Provider.ModelArts.Ownership;
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
    private readonly IReadOnlySet<string>? _adopted = SupernodeScaleArgs.AdoptedOf(inputs);

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
            // The answer to a warning of an earlier scale-up (see WarnAboutUnrecordedAsync): adopted, recorded.
            await AdoptUnrecordedAsync(_state, _last, currentFlavor);
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
        // Exactly the supernode's sub-nodes is no shrink: a scale-up of this resource killed before Pulumi recorded it
        // (on another machine, no journal) may have brought it there, and ScaleUpAsync names the servers a scale added
        // (or records those the user adopted) where a shrink could only refuse without naming them.
        if (SupernodeFlavor.SubNodes(args.Flavor) == SupernodeSettling.SubNodes(_last).Count)
        {
            await ScaleUpAsync(_state, _last, args.Flavor);
            return;
        }
        if (CannotGrowTo(args.Flavor, _last))
        {
            await ShrinkToStartingFlavorAsync();
            return;
        }
        // A refusal (ModelArts.0104 included: "sold out / not available", "Corrections on 2026-12-05") never means
        // the flavor is smaller: it ends the update with nothing removed.
        await ScaleUpAsync(_state, _last, args.Flavor);
    }

    private static bool CannotGrowTo(string flavor, SupernodeDetail supernode) =>
        SupernodeFlavor.SubNodes(flavor) is { } target && target <= SupernodeSettling.SubNodes(supernode).Count;

    private async Task ScaleUpAsync(SupernodeScaleState state, SupernodeDetail supernode, string flavor)
    {
        if (SupernodeFlavor.SubNodes(flavor) is null)
            throw new ProviderInputException($"flavor {flavor} does not follow the supernode flavor rule (spec §6): the number of servers a scale " +
                "to it adds, and when it is done, are unknown; nothing was sent");
        if (CannotGrowTo(flavor, supernode))
        {
            // The answer to the ask below: servers a killed run of this resource added, which reached the target.
            if (await AdoptUnrecordedAsync(state, supernode, flavor)) return;
            throw new OperationFailedException($"supernode {scaler.SupernodeId} already has {SupernodeSettling.SubNodes(supernode).Count} sub-node(s) " +
                $"and flavor {flavor} has {SupernodeFlavor.SubNodes(flavor)}: a live-scale-up to it cannot add capacity, so none was sent" +
                (UnrecordedAsk(supernode, state) is { Length: > 0 } ask ? ask : " (every server it has was bought with it)"));
        }
        Prepaid.RefuseScaling(supernode);
        await WarnAboutForeignFailuresAsync(supernode, state);
        var before = supernode.ServerList.Select(s => s.Id).ToHashSet();
        var scaleUp = new PendingScale(PendingScale.ScaleUp, flavor, before.Order(StringComparer.Ordinal).ToList(), new SendWindow(scaler.Clock.WindowStart(), null));
        await SendScaleUpAsync(state, scaleUp, supernode);
        await operation.Progress.InfoAsync(_state.Pending!.Acknowledged
            ? $"live-scale-up of supernode {scaler.SupernodeId} to {flavor} accepted"
            : $"live-scale-up of supernode {scaler.SupernodeId} to {flavor} sent, but its answer was lost: waiting to see what it did");
        await WaitScaleUpAsync(state, _state.Pending!);
    }

    /// <summary>Sends (or, for an unanswered earlier send, resends) a scale-up; a 200 closes its send window and
    /// makes it acknowledged, the evidence <see cref="ScaleUpOwnership"/> needs.</summary>
    private Task SendScaleUpAsync(SupernodeScaleState state, PendingScale scaleUp, SupernodeDetail current) =>
        SendAsync(state with { Pending = scaleUp }, current, async () =>
        {
            var sent = await scaler.StartScaleUpAsync(args.ToScaleUpRequest(scaleUp.Flavor), scaleUp.ServerIds.ToHashSet(), deadline.Token);
            var window = scaleUp.Window ?? new SendWindow(scaler.Clock.WindowStart(), null);
            var answered = sent.Acknowledged ? scaleUp with { Acknowledged = true, Window = window.Closed(scaler.Clock.WindowEnd()) } : scaleUp;
            return (sent.Now, state with { Pending = answered });
        });

    /// <summary>Waits for <paramref name="scaleUp"/> and records as its step exactly the servers
    /// <see cref="ScaleUpOwnership"/> proves it added; servers someone else added are named and left alone.</summary>
    private async Task WaitScaleUpAsync(SupernodeScaleState state, PendingScale scaleUp)
    {
        var evidence = scaleUp.Evidence(_adopted, state.StepServerIds);
        var done = await scaler.WaitScaleUpAsync(evidence, deadline, operation, Seen);
        await RecordScaleUpAsync(state, scaleUp, evidence, done);
    }

    private async Task RecordScaleUpAsync(SupernodeScaleState state, PendingScale scaleUp, ScaleUpEvidence evidence, SupernodeDetail settled)
    {
        var claims = ScaleUpOwnership.Decide(evidence, settled);
        Accepted(state.WithStep(new ScaleStep(scaleUp.Flavor, claims.Owned.Select(s => s.Id).Order(StringComparer.Ordinal).ToList())), settled, scaleUp.Flavor);
        if (claims.NotOurs.Count > 0)
            await operation.Progress.WarningAsync($"supernode {scaler.SupernodeId} was also grown by someone else: server(s) " +
                $"{ScaleUpOwnership.Describe(claims.NotOurs)} were not added by this resource's scale-up to {scaleUp.Flavor}; they are left to whoever added them");
        await WarnAboutUnrecordedAsync(evidence, settled);
    }

    /// <summary>
    /// A scale-up that ended without a question still leaves the servers listed before it that a scale added and no
    /// step of this resource records (<see cref="ScaleUpClaims.Unrecorded"/>): a run of this resource killed before
    /// Pulumi recorded it, on a machine whose journal this one cannot see, may have added them, and after this
    /// scale-up nothing else would ever name them (open-world campaign: a create killed on one machine, then on
    /// another a create to a larger flavor went through and those servers belonged to no resource, named nowhere).
    /// They are named, left alone, and adopted by <c>adoptServerIds</c> on the next <c>up</c>.
    /// </summary>
    private Task WarnAboutUnrecordedAsync(ScaleUpEvidence evidence, SupernodeDetail settled) =>
        WarnAboutUnrecordedAsync(settled, "before this resource's scale-up ", evidence.Before.Contains);

    /// <summary>Names the servers of <paramref name="supernode"/> a scale added that no step records (those
    /// <paramref name="listed"/> selects), left alone, and how to adopt them.</summary>
    private async Task WarnAboutUnrecordedAsync(SupernodeDetail supernode, string when, Func<string, bool> listed)
    {
        var unrecorded = ScaleUpOwnership.Unrecorded(supernode, _state.StepServerIds.ToHashSet()).Where(s => listed(s.Id)).ToList();
        if (unrecorded.Count > 0) await operation.Progress.WarningAsync(UnrecordedWarning(scaler.SupernodeId, when, unrecorded));
    }

    /// <summary>The warning that names servers a scale added that no step records, left alone, and how to adopt them
    /// (after a scale-up, an adoption, and a refresh).</summary>
    public static string UnrecordedWarning(string supernodeId, string when, IReadOnlyList<ServerDetail> unrecorded) =>
        $"supernode {supernodeId} also has server(s) a scale added {when}that no step of this resource records: " +
        $"{ScaleUpOwnership.Describe(unrecorded)}; they are left alone. If some of them were added for this resource by a run that was " +
        "killed before Pulumi recorded it (on this or another machine), list them in `adoptServerIds` and run `pulumi up`";

    /// <summary>Records the servers the user adopted (<c>adoptServerIds</c>) among those a scale added that no step
    /// records, as a step to <paramref name="flavor"/> (the flavor they brought the supernode to); nothing is sent.
    /// The ones left unadopted are named again: after this no ask would name them (open-world campaign: two creates of
    /// a resource killed on different machines, the user adopted the servers of one, the other's belonged to no
    /// resource, named nowhere). False when the user adopted none of them.</summary>
    private async Task<bool> AdoptUnrecordedAsync(SupernodeScaleState state, SupernodeDetail supernode, string flavor)
    {
        if (ScaleUpOwnership.AdoptedUnrecorded(supernode, state.StepServerIds.ToHashSet(), _adopted) is not { Count: > 0 } adopted) return false;
        Accepted(state.WithStep(new ScaleStep(flavor, adopted.Select(s => s.Id).Order(StringComparer.Ordinal).ToList())), supernode, flavor);
        await operation.Progress.InfoAsync($"supernode {scaler.SupernodeId} has {flavor}'s sub-nodes: adopted " +
            $"{ScaleUpOwnership.Describe(adopted)} (adoptServerIds) as added by this resource; nothing was sent");
        await WarnAboutUnrecordedAsync(supernode, "", _ => true);
        return true;
    }

    /// <summary>Every read of a wait: after a failed wait the outputs show what was last read.</summary>
    private void Seen(SupernodeDetail supernode) => _last = supernode;

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
    /// Converges after a scale-up whose new servers never ran (CREATE_FAILED): removes exactly those servers this
    /// resource added (never others), then scales up again toward the declared flavor — all within this operation's
    /// deadline. Servers of its own in any other failed or stopped status are reported and kept: they may hold data.
    /// False when there was nothing to remove.
    /// </summary>
    private async Task<bool> RemoveFailedServersAsync()
    {
        var ours = _state.StepServerIds.ToHashSet();
        var mine = _last!.ServerList.Where(s => ours.Contains(s.Id)).ToList();
        var kept = mine.Where(s => !SupernodeSettling.NeverRan(s.Status) && (SupernodeSettling.IsFailed(s.Status) || s.Status == "STOPPED")).ToList();
        if (kept.Count > 0)
            await operation.Progress.WarningAsync($"server(s) this resource added to supernode {scaler.SupernodeId} are not running: " +
                string.Join(", ", kept.Select(s => $"{s.Id} ({s.Status})")) + "; they ran once and may hold data, so they are kept " +
                "(repair them in the ModelArts console; scaling a server in releases its disks)");
        var failed = mine.Where(s => SupernodeSettling.NeverRan(s.Status)).Select(s => s.Id).ToList();
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
        await SendAsync(pending, _last!, async () => (await scaler.StartScaleDownAsync(request, deadline.Token), pending));
        await operation.Progress.InfoAsync($"live-scale-down of supernode {scaler.SupernodeId} to {flavor} accepted: removing {string.Join(", ", removing)}");
        Accepted(kept, await scaler.WaitScaleDownAsync(removing.ToHashSet(), deadline, operation, Seen), flavor);
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

    /// <summary>Removes everything this resource added, when that leaves exactly <c>flavor</c>'s sub-nodes (§6).</summary>
    private async Task ShrinkToStartingFlavorAsync()
    {
        var through = _state.Steps.Select(s => s.Flavor).Distinct().ToList();
        var ours = _state.StepServerIds.ToHashSet();
        var left = SupernodeSettling.SubNodes(_last!).Count(s => !ours.Contains(s.Id));
        if (ours.Count == 0 || SupernodeFlavor.SubNodes(args.Flavor) != left)
            throw Unreachable(through, null, left);
        try
        {
            await ScaleDownToAsync(-1, args.Flavor);
        }
        catch (ScaleRefusedException scaleDown) when (!scaleDown.AfterAmbiguousSend && scaleDown.Error.IsParameterError)
        {
            throw Unreachable(through, scaleDown.Error, left);
        }
    }

    private OperationFailedException Unreachable(IReadOnlyList<string> through, ModelArtsApiException? scaleDown, int left) => new(
        $"supernode {scaler.SupernodeId} cannot be moved to flavor {args.Flavor}: " +
        $"it has {SupernodeFlavor.SubNodes(args.Flavor)} sub-node(s), the supernode has {SupernodeSettling.SubNodes(_last!).Count} " +
        $"({left} of them not added by this resource), so it is no scale-up" +
        (scaleDown is null ? "" : $" and ModelArts refused it as the flavor left after removing every server this resource added ({scaleDown.Message})") +
        ". SupernodeScale can shrink only back to a flavor it scaled through" +
        (through.Count > 0 ? $" ({string.Join(", ", through)})" : " (none yet)") +
        " or to the flavor the supernode had before it; to reach another flavor, replace the resource" +
        // Named here too (open-world campaign seed 463305322 round 16: a scale-up of this resource killed on another
        // machine added them; this error named none of them and they belonged to no resource).
        UnrecordedAsk(_last!, _state) + ". Nothing was changed.", scaleDown);

    /// <summary>The servers of <paramref name="supernode"/> a scale added that no step of <paramref name="state"/>
    /// records, named with the one way to adopt them, for an error that leaves them alone; "" when there are none.</summary>
    private static string UnrecordedAsk(SupernodeDetail supernode, SupernodeScaleState state) =>
        ScaleUpOwnership.Unrecorded(supernode, state.StepServerIds.ToHashSet()) is { Count: > 0 } scaled
            ? $". Servers a scale added: {ScaleUpOwnership.Describe(scaled)}; if some of them were added for this resource by a run that " +
              "was killed before Pulumi recorded it (on this or another machine), list them in `adoptServerIds` and run `pulumi up`"
            : "";

    private async Task ResumeAsync(PendingScale pending)
    {
        await operation.Progress.InfoAsync($"resuming the interrupted {pending.Operation} of supernode {scaler.SupernodeId} to {pending.Flavor}");
        var state = _state with { Pending = null };
        _changed = true;
        if (pending.Operation == PendingScale.ScaleUp)
        {
            // The 200 of live-scale-up is an acceptance snapshot: an accepted scale-up with nothing new listed yet is in
            // flight ("Corrections on 2026-12-05"), so it is waited for, never sent again. Only a send no 200 ever
            // answered (ambiguous, or the plugin died mid-send) is sent once more when nothing came of it (steady, no
            // new server): a live-scale-up targets a size, and the resend's 200 is the evidence ownership needs.
            var evidence = pending.Evidence(_adopted, state.StepServerIds);
            var appeared = _last!.ServerList.Any(s => !evidence.Before.Contains(s.Id));
            if (!pending.Acknowledged && SupernodeSettling.IsSteady(_last) && !appeared)
            {
                Prepaid.RefuseScaling(_last);
                await SendScaleUpAsync(state, pending, _last);
                pending = _state.Pending!;
                evidence = pending.Evidence(_adopted, state.StepServerIds);
            }
            if (ScaleUpOwnership.Decide(evidence, _last).Ours.Any(s => SupernodeSettling.IsFailed(s.Status)))
            {
                // Recorded as a step so RemoveFailedServersAsync removes exactly the ones that never ran and scales up
                // again, once every server of that scale-up has arrived: one still on its way would belong to no resource.
                var settled = await scaler.WaitScaleUpSettledAsync(evidence, deadline, operation, Seen);
                await RecordScaleUpAsync(state, pending, evidence, settled);
                return;
            }
            await WaitScaleUpAsync(state, pending);
            return;
        }
        var leaving = _last!.ServerList.Where(s => pending.ServerIds.Contains(s.Id) && s.Status != "DELETED").ToList();
        // Servers still all RUNNING on a steady supernode were not being removed: ask again (only those ids).
        if (leaving.Count > 0 && SupernodeSettling.IsSteady(_last) && leaving.All(s => s.Status == "RUNNING"))
        {
            var ids = leaving.Select(s => s.Id).ToList();
            var request = await scaler.ScaleDownRequestAsync(_last, ids, pending.Flavor, deadline.Token);
            await SendAsync(_state, _last, async () => (await scaler.StartScaleDownAsync(request, deadline.Token), _state));
        }
        Accepted(state, await scaler.WaitScaleDownAsync(pending.ServerIds.ToHashSet(), deadline, operation, Seen), pending.Flavor);
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
    /// <param name="send">Sends; returns what the supernode looks like and the bookkeeping the answer proves (a
    /// scale-up's 200 makes its pending scale acknowledged).</param>
    private async Task SendAsync(SupernodeScaleState pending, SupernodeDetail current, Func<Task<(SupernodeDetail Now, SupernodeScaleState State)>> send)
    {
        var flavor = pending.Pending!.Flavor;
        deadline.Token.ThrowIfCancellationRequested();
        journal.Record(pending, flavor);
        (SupernodeDetail Now, SupernodeScaleState State) answer;
        try
        {
            answer = await send();
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
        Accepted(answer.State, answer.Now, flavor);
    }

    /// <summary>Takes <paramref name="state"/> as this run's result so far, then records it in the journal. The
    /// state comes first: ModelArts may already have acted, so a journal that cannot be written (a full disk) must
    /// still leave the failure carrying it (partial state), never a clean "nothing was sent".</summary>
    /// <param name="flavor">The flavor the supernode is at, or moving to, in <paramref name="state"/>.</param>
    private void Accepted(SupernodeScaleState state, SupernodeDetail supernode, string flavor)
    {
        _state = state;
        _flavor = flavor;
        _last = supernode;
        _changed = true;
        if (journal.RecordAccepted(state, flavor) is { } problem)
            throw new JournalWriteLostException($"supernode {scaler.SupernodeId}: the scale request was sent and ModelArts may have acted, but the " +
                $"operation journal could not record it ({problem}); the state returned with this error carries what is known: run `pulumi up` " +
                "again once the journal directory is writable");
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
        JournalWriteLostException or OwnershipUnprovenException => e.Message,
        OperationCanceledException when deadline.Explains(e) => $"the operation's time limit ({deadline.Budget}) ran out while supernode " +
            $"{scaler.SupernodeId} was scaling; run `pulumi up` again to resume waiting",
        OperationCanceledException => $"cancelled while supernode {scaler.SupernodeId} was scaling; run `pulumi up` again to resume waiting",
        WaitTimeoutException => $"{e.Message}; the operation may still be running: run `pulumi up` again to resume waiting",
        ScaleFailedException => $"{e.Message}; the servers involved are recorded in the state (`pulumi up` removes servers this resource added " +
            "whose creation failed and scales again; `pulumi destroy` removes those this resource added)",
        ScaleRefusedException { AfterAmbiguousSend: true } => $"supernode {scaler.SupernodeId}: an earlier answer was ambiguous and the resend was " +
            $"refused ({e.Message}); the scale may be under way: run `pulumi up` again to find out",
        _ => $"supernode {scaler.SupernodeId}: {e.Message}",
    };
}

/// <summary>ModelArts may have acted on a scale request, and the operation journal could not record it.</summary>
internal sealed class JournalWriteLostException(string message) : Exception(message);
