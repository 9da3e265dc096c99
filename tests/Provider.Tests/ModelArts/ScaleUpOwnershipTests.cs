using ClusterScale.Provider.ModelArts.Api;
using ClusterScale.Provider.ModelArts.Ownership;
using Microsoft.Extensions.Time.Testing;

namespace ClusterScale.Provider.Tests.ModelArts;

/// <summary>The one ownership decision of SupernodeScale as a table: evidence in, verdict out (issue 19).</summary>
public sealed class ScaleUpOwnershipTests
{
    // Cloud-clock milliseconds: the send window is [1000, 2000] once its 200 arrived.
    private static readonly SendWindow Answered = new(1_000, 2_000);
    private static readonly SendWindow Unanswered = new(1_000, null);

    public static TheoryData<string, int, SendWindow?, bool, string[], string[], string, string, string, bool> Rows => new()
    {
        // case, adds, window, 200 arrived, adopted, servers (id@create_at), ours, not ours, undecided, needs adoption
        { "only servers listed before: nothing new", 2, Answered, true, [], ["b1@10"], "", "", "", false },
        { "200: one scale's worth in the window is ours", 2, Answered, true, [], ["b1@10", "n1@1500", "n2@1500"], "n1,n2", "", "", false },
        { "200: arriving one at a time, those listed so far are ours", 2, Answered, true, [], ["b1@10", "n1@1500"], "n1", "", "", false },
        { "200: created before the send window opened is not ours", 1, Answered, true, [], ["b1@10", "x1@500", "n1@1500"], "n1", "x1", "", false },
        { "200: beyond what the scale adds is someone else's", 1, Answered, true, [], ["b1@10", "n1@1500", "x1@9000", "x2@9000"], "n1", "x1,x2", "", false },
        { "200: a server after the answer is ours while the scale is short (trickle)", 2, Answered, true, [], ["b1@10", "n1@1500", "n2@4000"], "n1,n2", "", "", false },
        { "200: two scales accepted in one window cannot be told apart", 1, Answered, true, [], ["b1@10", "n1@1500", "x1@1600"], "", "", "n1,x1", true },
        // Campaign seed 1846742097 round 7: another key's scale-up, accepted just before ours and not yet listed when
        // ours was sized, shares our window; ours adds fewer than we counted, so the count alone cannot tell them apart.
        { "200: two acceptances in one window (two create_at) cannot be told apart", 4, Answered, true, [], ["b1@10", "x1@1200", "x2@1200", "n1@1500", "n2@1500"], "", "", "n1,n2,x1,x2", true },
        { "200 of a resend: the resend's window holds the scale", 2, new SendWindow(1_000, 5_000), true, [], ["b1@10", "n1@4500", "n2@4500"], "n1,n2", "", "", false },
        { "200 without create_at (older API): the count decides", 2, Answered, true, [], ["b1@10", "n1", "n2"], "n1,n2", "", "", false },
        { "200 without create_at, more than the scale adds", 1, Answered, true, [], ["b1@10", "n1", "n2"], "", "", "n1,n2", true },
        { "ambiguous send: a scale's worth appeared, never owned silently", 2, Unanswered, false, [], ["b1@10", "n1@1500", "n2@1500"], "", "", "n1,n2", true },
        { "ambiguous send: fewer than a scale's worth so far, keep looking", 2, Unanswered, false, [], ["b1@10", "n1@1500"], "", "", "n1", false },
        { "ambiguous send: created before the send is still not ours", 1, Unanswered, false, [], ["b1@10", "x1@500"], "", "x1", "", false },
        { "adopted by the user: named ones ours, the others not", 1, Unanswered, false, ["n1"], ["b1@10", "n1@1500", "x1@1500"], "n1", "x1", "", false },
        { "adoption names nothing at stake: it decides nothing", 1, Unanswered, false, ["zz"], ["b1@10", "n1@1500"], "", "", "n1", true },
        { "adoptServerIds: [] settles what the evidence cannot: none ours", 1, Unanswered, false, ["[]"], ["b1@10", "n1@1500"], "", "n1", "", false },
        { "adoptServerIds: [] never disowns what the evidence proves", 1, Answered, true, ["[]"], ["b1@10", "n1@1500"], "n1", "", "", false },
        { "flavor without a known count: only the user can say", -1, Answered, true, [], ["b1@10", "n1@1500"], "", "", "n1", true },
    };

    [Theory]
    [MemberData(nameof(Rows))]
    public void Decides_from_the_evidence(string @case, int adds, SendWindow? window, bool acknowledged, string[] adopted, string[] servers,
        string ours, string notOurs, string undecided, bool needsAdoption)
    {
        var supernode = new SupernodeDetail("sn", null, "ACTIVE", servers.Select(Server).ToList());
        var evidence = new ScaleUpEvidence(new HashSet<string> { "b1" }, adds < 0 ? null : adds, window, acknowledged, adopted.Length == 1 && adopted[0] == "[]" ? new HashSet<string>() : adopted.Length == 0 ? null : adopted.ToHashSet());

        var claims = ScaleUpOwnership.Decide(evidence, supernode);

        Assert.True(Ids(claims.Ours) == ours, $"{@case}: ours {Ids(claims.Ours)}");
        Assert.True(Ids(claims.NotOurs) == notOurs, $"{@case}: not ours {Ids(claims.NotOurs)}");
        Assert.True(Ids(claims.Undecided) == undecided, $"{@case}: undecided {Ids(claims.Undecided)}");
        Assert.True(claims.NeedsAdoption == needsAdoption, $"{@case}: needs adoption {claims.NeedsAdoption}");
    }

    [Fact]
    public void The_send_window_is_on_the_clouds_clock_measured_from_the_Date_header()
    {
        var local = new FakeTimeProvider(DateTimeOffset.Parse("2026-12-05T10:00:00Z"));
        var clock = new CloudClock(local);
        clock.Observe(DateTimeOffset.Parse("2026-12-05T10:07:00Z")); // the cloud runs 7 minutes ahead

        Assert.Equal(DateTimeOffset.Parse("2026-12-05T10:06:58Z").ToUnixTimeMilliseconds(), clock.WindowStart());
        local.Advance(TimeSpan.FromSeconds(10));
        Assert.Equal(DateTimeOffset.Parse("2026-12-05T10:07:12Z").ToUnixTimeMilliseconds(), clock.WindowEnd());
    }

    private static ServerDetail Server(string spec)
    {
        var parts = spec.Split('@');
        return new ServerDetail(parts[0], parts[0], "RUNNING", "f", CreateAt: parts.Length > 1 ? long.Parse(parts[1]) : null);
    }

    private static string Ids(IEnumerable<ServerDetail> servers) => string.Join(",", servers.Select(s => s.Id).Order(StringComparer.Ordinal));
}
