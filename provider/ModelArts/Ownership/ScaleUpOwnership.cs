using ClusterScale.Provider.ModelArts.Api;

namespace ClusterScale.Provider.ModelArts.Ownership;

/// <summary>
/// What is known about one live-scale-up of this resource. The API takes no client token and returns no operation id
/// (spec §3, "Corrections on 2026-12-05"), so this is all there is: the servers listed before it was sent, how many
/// it adds (target sub-nodes minus those before, §6), when it could have been accepted on the cloud's clock, whether a
/// 200 for it (or for its resend) arrived, and the servers the user declared this resource's (<c>adoptServerIds</c>).
/// </summary>
public sealed record ScaleUpEvidence(IReadOnlySet<string> Before, int? Adds, SendWindow? Window, bool Acknowledged, IReadOnlySet<string> Adopted);

/// <summary>
/// The verdict on the servers that appeared since a scale-up was sent. <see cref="Ours"/>: this scale-up's (at most
/// what it adds). <see cref="NotOurs"/>: someone else's (created outside its send window, or left out by the user's
/// adoption). <see cref="Undecided"/>: may be its own, not yet proven. <see cref="NeedsAdoption"/>: no later read can
/// settle the undecided ones; only the user can (see <see cref="ScaleUpOwnership"/>).
/// </summary>
public sealed record ScaleUpClaims(IReadOnlyList<ServerDetail> Ours, IReadOnlyList<ServerDetail> NotOurs, IReadOnlyList<ServerDetail> Undecided, bool NeedsAdoption);

/// <summary>
/// THE ownership rule of SupernodeScale: which servers a scale-up of this resource added. Create, update, resume,
/// refresh, shrink and delete all ask it (through <see cref="SupernodeScaleState"/> and the waits); nothing else
/// decides that a server is this resource's.
/// <list type="number">
/// <item>A server listed before the send is never the scale-up's.</item>
/// <item>Servers the user named in <c>adoptServerIds</c> settle it: those named are ours, the others not.</item>
/// <item>A server whose <c>create_at</c> (cloud clock) is outside the send window was created by another request:
/// not ours.</item>
/// <item>More candidates in the window than the scale-up adds: it cannot tell which are its own (another actor
/// scaled in the same moment) — the user must say.</item>
/// <item>After a 200 (the send's or a resend's), the candidates in the window, at most what it adds, are ours.</item>
/// <item>Without any 200 (every send ambiguous: reset, timeout, 5xx, or the plugin died) nothing is ours: a request
/// of another actor accepted in the same moment looks exactly the same (reproduced: the console's scale-up landing
/// while ours was reset). Once a whole scale's worth is listed, no later read can tell more: the user must say.</item>
/// </list>
/// </summary>
public static class ScaleUpOwnership
{
    public static ScaleUpClaims Decide(ScaleUpEvidence evidence, SupernodeDetail supernode)
    {
        var candidates = supernode.ServerList.Where(s => !evidence.Before.Contains(s.Id) && s.Status != "DELETED").ToList();
        if (candidates.Any(s => evidence.Adopted.Contains(s.Id)))
            return new ScaleUpClaims(candidates.Where(s => evidence.Adopted.Contains(s.Id)).ToList(),
                candidates.Where(s => !evidence.Adopted.Contains(s.Id)).ToList(), [], false);
        var outside = candidates.Where(s => evidence.Window is { } w && s.CreateAt is { } at && !w.Contains(at)).ToList();
        var inWindow = candidates.Except(outside).ToList();
        if (evidence.Adds is not { } adds || inWindow.Count > adds)
            return new ScaleUpClaims([], outside, inWindow, inWindow.Count > 0);
        return evidence.Acknowledged
            ? new ScaleUpClaims(inWindow, outside, [], false)
            : new ScaleUpClaims([], outside, inWindow, inWindow.Count == adds && adds > 0);
    }

    /// <summary>How the servers at stake are named in messages: id and creation time on the cloud's clock.</summary>
    public static string Describe(IEnumerable<ServerDetail> servers) => string.Join(", ", servers.Select(s =>
        s.CreateAt is { } at ? $"{s.Id} (created {DateTimeOffset.FromUnixTimeMilliseconds(at):u})" : s.Id));
}
