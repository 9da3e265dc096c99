using ClusterScale.Provider.ModelArts.Api;

namespace ClusterScale.Provider.ModelArts.Ownership;

/// <summary>
/// What is known about one live-scale-up of this resource. The API takes no client token and returns no operation id
/// (spec §3, "Corrections on 2026-12-05"), so this is all there is: the servers listed before it was sent, how many
/// it adds (target sub-nodes minus those before, §6), when it could have been accepted on the cloud's clock, whether a
/// 200 for it (or for its resend) arrived, the servers the user declared this resource's (<c>adoptServerIds</c>), and
/// the servers this resource's recorded steps hold.
/// </summary>
/// <param name="Adopted">Null when <c>adoptServerIds</c> is not set; an empty set declares that none of the servers the
/// evidence cannot attribute is this resource's.</param>
/// <param name="Held">The servers this resource's completed steps record (null: none).</param>
public sealed record ScaleUpEvidence(IReadOnlySet<string> Before, int? Adds, SendWindow? Window, bool Acknowledged, IReadOnlySet<string>? Adopted,
    IReadOnlySet<string>? Held = null);

/// <summary>
/// The verdict on the servers that appeared since a scale-up was sent. <see cref="Ours"/>: this scale-up's (at most
/// what it adds). <see cref="NotOurs"/>: someone else's (created outside its send window, beyond what it adds, or left
/// out by the user's adoption). <see cref="Undecided"/>: may be its own, not yet proven. <see cref="NeedsAdoption"/>:
/// no later read can settle the undecided ones; only the user can (see <see cref="ScaleUpOwnership"/>).
/// <see cref="ByAdoption"/>: the evidence could not count this scale-up and the user settled it (<c>adoptServerIds</c>),
/// so <see cref="Ours"/> is the whole of it, however many it adds.
/// </summary>
public sealed record ScaleUpClaims(IReadOnlyList<ServerDetail> Ours, IReadOnlyList<ServerDetail> NotOurs, IReadOnlyList<ServerDetail> Undecided, bool NeedsAdoption,
    bool ByAdoption = false)
{
    /// <summary>Servers listed before the send that a scale added (not bought with the supernode) and that no step of
    /// this resource records: a run of this resource killed before Pulumi recorded it (its journal on another machine,
    /// or lost) may have added them, so an ask names them too, and nothing else ever will.</summary>
    public IReadOnlyList<ServerDetail> Unrecorded { get; init; } = [];

    /// <summary>Those of the unrecorded servers the user adopted: this resource's, recorded with this scale-up's step
    /// but not counted as what it adds.</summary>
    public IReadOnlyList<ServerDetail> AdoptedBefore { get; init; } = [];

    /// <summary>Everything this scale-up's step records: its own servers and the earlier ones adopted with it.</summary>
    public IEnumerable<ServerDetail> Owned => Ours.Concat(AdoptedBefore);

    /// <summary>What an ask names: every server at stake the evidence cannot give to this resource.</summary>
    public IReadOnlyList<ServerDetail> AtStake => [.. Undecided, .. Unrecorded];

    /// <summary>How many of this scale-up's own servers to wait for.</summary>
    public int Expected(ScaleUpEvidence evidence) => ByAdoption ? Ours.Count : Math.Max(evidence.Adds ?? 0, Ours.Count);
}

/// <summary>
/// THE ownership rule of SupernodeScale: which servers a scale-up of this resource added. Create, update, resume,
/// refresh, shrink and delete all ask it (through <see cref="SupernodeScaleState"/> and the waits); nothing else
/// decides that a server is this resource's.
/// <list type="number">
/// <item>A server listed before the send, or created (<c>create_at</c>, cloud clock) before the send window opened,
/// is never the scale-up's: no request creates a server before it is sent.</item>
/// <item>Servers the user named in <c>adoptServerIds</c> settle it: those named are ours, the others not. An empty
/// list settles only what the evidence cannot: none of those is ours. Neither ever disowns what the evidence proves.</item>
/// <item>Without any 200 (every send ambiguous: reset, timeout, 5xx, or the plugin died) nothing is ours: a request
/// of another actor accepted in the same moment looks exactly the same (reproduced: the console's scale-up landing
/// while ours was reset). Once a whole scale's worth is listed, no later read can tell more: the user must say.</item>
/// <item>After a 200 (the send's or a resend's): more candidates created inside the send window than the scale-up adds,
/// or candidates there with two different <c>create_at</c>, means two scales were accepted in the same moment: the
/// user must say, once a scale's worth is listed (so the ask names every server at stake). Otherwise the candidates
/// created in the window are ours.</item>
/// <item>After a 200, a server created after the window closed is never ours silently. Whether <c>create_at</c> is
/// the acceptance (shared by one scale's servers, as SEED 004 and the simulator show) or each server's creation is
/// UNCONFIRMED ("Corrections on 2026-12-05"). Read as the acceptance, every server of ours was created in the window
/// and a later one is another actor's later scale-up (the open-world campaign saw the console's listed before our
/// last one arrived, taken by "the earliest created, up to what the scale adds", then removed by our destroy); read as
/// the creation, ours may well be later. So: once the window holds all the scale-up adds, later servers are beyond
/// it, someone else's; while it holds fewer, later servers are undecided — awaited while fewer than a scale's worth is
/// listed, then the user must say (the ask names them: <c>adoptServerIds</c>). Safe under both readings: under the
/// first the user disowns them (<c>[]</c>) and the wait goes on for the servers the window proves; under the second
/// the user adopts theirs. Such an answer never changes how many the 200 proved this scale-up adds.</item>
/// <item>Everything beyond what a scale-up adds is someone else's, whoever listed it first: a scale owns at most
/// target minus before.</item>
/// <item>Servers listed before the send that a scale added and no step of this resource records (<see
/// cref="ScaleUpClaims.Unrecorded"/>) are at stake in every ask: a killed run of this resource may have added them
/// and nothing else would ever name them; adopted, they join this scale-up's step.</item>
/// </list>
/// </summary>
public static class ScaleUpOwnership
{
    public static ScaleUpClaims Decide(ScaleUpEvidence evidence, SupernodeDetail supernode)
    {
        var candidates = supernode.ServerList.Where(s => !evidence.Before.Contains(s.Id) && s.Status != "DELETED").ToList();
        var unrecorded = Unrecorded(supernode, evidence.Held).Where(s => evidence.Before.Contains(s.Id)).ToList();
        var (claims, countable) = FromEvidence(evidence, candidates);
        if (evidence.Adopted is not { } adopted) return claims with { Unrecorded = unrecorded };
        var adoptedBefore = unrecorded.Where(s => adopted.Contains(s.Id)).ToList();
        var named = candidates.Where(s => adopted.Contains(s.Id)).ToList();
        if (adopted.Count > 0 && named.Count == 0 && adoptedBefore.Count == 0)
            return claims with { Unrecorded = unrecorded }; // names nothing at stake: it answers nothing
        if (named.Count == 0 && !claims.NeedsAdoption) return claims with { AdoptedBefore = adoptedBefore };
        var ours = claims.Ours.Union(named).ToList();
        return new ScaleUpClaims(ours, candidates.Except(ours).ToList(), [], false, !countable) { AdoptedBefore = adoptedBefore };
    }

    /// <param name="candidates">The servers listed now that were not listed before the send.</param>
    /// <returns>The verdict, and whether the evidence counts this scale-up (a 200, a known count, one acceptance in
    /// its window): then no adoption changes how many it adds.</returns>
    private static (ScaleUpClaims Claims, bool Countable) FromEvidence(ScaleUpEvidence evidence, IReadOnlyList<ServerDetail> candidates)
    {
        var earlier = candidates.Where(s => evidence.Window is { } w && s.CreateAt < w.From).ToList();
        var possible = candidates.Except(earlier).OrderBy(s => s.CreateAt ?? long.MaxValue).ThenBy(s => s.Id, StringComparer.Ordinal).ToList();
        if (evidence.Adds is not { } adds)
            return (new ScaleUpClaims([], earlier, possible, possible.Count > 0), false);
        if (!evidence.Acknowledged)
            return (new ScaleUpClaims([], earlier, possible, possible.Count >= adds && adds > 0), false);
        var inWindow = possible.Where(s => evidence.Window is not { } w || s.CreateAt is not { } at || w.Contains(at)).ToList();
        // Two acceptances end in a question, but only once a scale's worth is listed: until then the servers at stake
        // are still arriving, and an ask now would leave out the ones a later read shows.
        if (inWindow.Count > adds || AcceptedMoreThanOnce(inWindow))
            return (new ScaleUpClaims([], earlier, possible, possible.Count >= adds), false);
        var later = possible.Except(inWindow).ToList();
        return inWindow.Count == adds
            ? (new ScaleUpClaims(inWindow, [.. earlier, .. later], [], false), true)
            : (new ScaleUpClaims(inWindow, earlier, later, later.Count > 0 && inWindow.Count + later.Count >= adds), true);
    }

    /// <summary>The servers of one accepted scale-up share its <c>create_at</c> (the acceptance, SEED 004 and the
    /// simulator; UNCONFIRMED, so the safe reading): two values inside one send window are two acceptances — another
    /// actor's accepted just before ours, its servers not yet listed when ours was sized, so ours adds fewer than
    /// counted and the count cannot tell them apart (reproduced by the open-world campaign).</summary>
    private static bool AcceptedMoreThanOnce(IEnumerable<ServerDetail> inWindow) =>
        inWindow.Select(s => s.CreateAt).OfType<long>().Distinct().Skip(1).Any();

    /// <summary>How long after the supernode's own <c>create_at</c> a server carrying the supernode's order still
    /// counts as bought with it. SEED 004 shows its sub-node created 1 ms after the supernode, on the same order; a
    /// live-scale-up needs the supernode ACTIVE (§3, §5), after its purchase. The spread is UNCONFIRMED, so the bound
    /// is tight (a POST_PAID scale's servers carry the supernode's order too, and a scale accepted within a second of
    /// the purchase was seen in the open-world campaign): a server bought with the supernode that it misses is only
    /// named in an ask too many, while a scale's server it took for bought would be named in none.</summary>
    private const long PurchaseSpreadMs = 10;

    /// <summary>The servers a scale-up of some resource may have added that no step of this resource records
    /// (<paramref name="held"/>), and so the only listed ones an adoption ask may name: every server except those
    /// bought with the supernode (created with it, on its order — provably no scale's) and those gone.</summary>
    public static IReadOnlyList<ServerDetail> Unrecorded(SupernodeDetail supernode, IReadOnlySet<string>? held) =>
        supernode.ServerList.Where(s => !BoughtWithSupernode(s, supernode) && s.Status != "DELETED" && held?.Contains(s.Id) != true).ToList();

    /// <summary>The unrecorded servers the user adopted when no scale-up is sent (the supernode already has the
    /// target's sub-nodes): this resource's, as the ask said.</summary>
    public static IReadOnlyList<ServerDetail> AdoptedUnrecorded(SupernodeDetail supernode, IReadOnlySet<string>? held, IReadOnlySet<string>? adopted) =>
        Unrecorded(supernode, held).Where(s => adopted?.Contains(s.Id) == true).ToList();

    private static bool BoughtWithSupernode(ServerDetail server, SupernodeDetail supernode) =>
        supernode.CreateAt is { } bought && server.CreateAt is { } created && created >= bought && created - bought <= PurchaseSpreadMs
        && supernode.OrderId is { } order && server.OrderId == order;

    /// <summary>How the servers at stake are named in messages: id and creation time on the cloud's clock.</summary>
    public static string Describe(IEnumerable<ServerDetail> servers) => string.Join(", ", servers.Select(s =>
        s.CreateAt is { } at ? $"{s.Id} (created {DateTimeOffset.FromUnixTimeMilliseconds(at):u})" : s.Id));
}
