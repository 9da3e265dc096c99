using ClusterScale.Provider.ModelArts.Api;

namespace ClusterScale.Provider.ModelArts.Ownership;

/// <summary>
/// What is known about one live-scale-up of this resource. The API takes no client token and returns no operation id
/// (spec §3, "Corrections on 2026-12-05"), so this is all there is: the servers listed before it was sent, how many
/// it adds (target sub-nodes minus those before, §6), when it could have been accepted on the cloud's clock, whether a
/// 200 for it (or for its resend) arrived, and the servers the user declared this resource's (<c>adoptServerIds</c>).
/// </summary>
/// <param name="Adopted">Null when <c>adoptServerIds</c> is not set; an empty set declares that none of the servers the
/// evidence cannot attribute is this resource's.</param>
public sealed record ScaleUpEvidence(IReadOnlySet<string> Before, int? Adds, SendWindow? Window, bool Acknowledged, IReadOnlySet<string>? Adopted);

/// <summary>
/// The verdict on the servers that appeared since a scale-up was sent. <see cref="Ours"/>: this scale-up's (at most
/// what it adds). <see cref="NotOurs"/>: someone else's (created outside its send window, or left out by the user's
/// adoption). <see cref="Undecided"/>: may be its own, not yet proven. <see cref="NeedsAdoption"/>: no later read can
/// settle the undecided ones; only the user can (see <see cref="ScaleUpOwnership"/>). <see cref="ByAdoption"/>: the user
/// settled it (<c>adoptServerIds</c>), so <see cref="Ours"/> is the whole of this scale-up, however many it adds.
/// </summary>
public sealed record ScaleUpClaims(IReadOnlyList<ServerDetail> Ours, IReadOnlyList<ServerDetail> NotOurs, IReadOnlyList<ServerDetail> Undecided, bool NeedsAdoption,
    bool ByAdoption = false);

/// <summary>
/// THE ownership rule of SupernodeScale: which servers a scale-up of this resource added. Create, update, resume,
/// refresh, shrink and delete all ask it (through <see cref="SupernodeScaleState"/> and the waits); nothing else
/// decides that a server is this resource's.
/// <list type="number">
/// <item>A server listed before the send, or created (<c>create_at</c>, cloud clock) before the send window opened,
/// is never the scale-up's: no request creates a server before it is sent.</item>
/// <item>Servers the user named in <c>adoptServerIds</c> settle it: those named are ours, the others not. An empty
/// list settles only what the evidence cannot: none of those is ours.</item>
/// <item>Without any 200 (every send ambiguous: reset, timeout, 5xx, or the plugin died) nothing is ours: a request
/// of another actor accepted in the same moment looks exactly the same (reproduced: the console's scale-up landing
/// while ours was reset). Once a whole scale's worth is listed, no later read can tell more: the user must say.</item>
/// <item>After a 200 (the send's or a resend's): more candidates created inside the send window than the scale-up adds,
/// or candidates there with two different <c>create_at</c>, means two scales were accepted in the same moment: the
/// user must say. Otherwise ours are those created in the
/// window, then — for servers that arrive after the answer (created one at a time, whether <c>create_at</c> is the
/// acceptance or the creation is UNCONFIRMED) — the earliest created, up to what the scale-up adds. Everything beyond
/// that is someone else's, whoever listed it first: a scale owns at most target minus before.</item>
/// </list>
/// </summary>
public static class ScaleUpOwnership
{
    public static ScaleUpClaims Decide(ScaleUpEvidence evidence, SupernodeDetail supernode)
    {
        var candidates = supernode.ServerList.Where(s => !evidence.Before.Contains(s.Id) && s.Status != "DELETED").ToList();
        if (evidence.Adopted is { } adopted && candidates.Any(s => adopted.Contains(s.Id)))
            return new ScaleUpClaims(candidates.Where(s => adopted.Contains(s.Id)).ToList(), candidates.Where(s => !adopted.Contains(s.Id)).ToList(), [], false, true);
        var claims = FromEvidence(evidence, candidates);
        return claims.NeedsAdoption && evidence.Adopted is { Count: 0 }
            ? new ScaleUpClaims(claims.Ours, [.. claims.NotOurs, .. claims.Undecided], [], false, true)
            : claims;
    }

    private static ScaleUpClaims FromEvidence(ScaleUpEvidence evidence, IReadOnlyList<ServerDetail> candidates)
    {
        var earlier = candidates.Where(s => evidence.Window is { } w && s.CreateAt < w.From).ToList();
        var possible = candidates.Except(earlier).OrderBy(s => s.CreateAt ?? long.MaxValue).ThenBy(s => s.Id, StringComparer.Ordinal).ToList();
        if (evidence.Adds is not { } adds)
            return new ScaleUpClaims([], earlier, possible, possible.Count > 0);
        if (!evidence.Acknowledged)
            return new ScaleUpClaims([], earlier, possible, possible.Count >= adds && adds > 0);
        var inWindow = possible.Where(s => evidence.Window is not { } w || s.CreateAt is not { } at || w.Contains(at)).ToList();
        if (inWindow.Count > adds || AcceptedMoreThanOnce(inWindow))
            return new ScaleUpClaims([], earlier, inWindow, true);
        var ours = inWindow.Concat(possible.Except(inWindow)).Take(adds).ToList();
        return new ScaleUpClaims(ours, earlier.Concat(possible.Except(ours)).ToList(), [], false);
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

    /// <summary>The servers a scale-up of some resource may have added, and so the only ones an adoption ask may name:
    /// every server except those bought with the supernode (created with it, on its order — provably no scale's).</summary>
    public static IReadOnlyList<ServerDetail> MaybeScaled(SupernodeDetail supernode) =>
        supernode.ServerList.Where(s => !BoughtWithSupernode(s, supernode)).ToList();

    private static bool BoughtWithSupernode(ServerDetail server, SupernodeDetail supernode) =>
        supernode.CreateAt is { } bought && server.CreateAt is { } created && created >= bought && created - bought <= PurchaseSpreadMs
        && supernode.OrderId is { } order && server.OrderId == order;

    /// <summary>How the servers at stake are named in messages: id and creation time on the cloud's clock.</summary>
    public static string Describe(IEnumerable<ServerDetail> servers) => string.Join(", ", servers.Select(s =>
        s.CreateAt is { } at ? $"{s.Id} (created {DateTimeOffset.FromUnixTimeMilliseconds(at):u})" : s.Id));
}
