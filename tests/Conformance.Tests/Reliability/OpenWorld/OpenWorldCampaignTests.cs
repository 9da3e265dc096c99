using Xunit.Abstractions;

namespace ClusterScale.Conformance.Tests.Reliability.OpenWorld;

/// <summary>
/// Issue 21, the open-world campaign: two stacks (each its own plugin process, nodes, supernode scales, ModelArts
/// key) share each round's cluster and supernodes with an operator acting out of band; after failures the users do
/// anything users do; runners start fresh, lose their journal disk, resume elsewhere; endpoint lists begin with
/// agents that cannot speak for the cluster. The simulators' truth ledgers judge every converged run.
/// </summary>
[Collection(CampaignOrder.OpenWorldCampaign)]
public sealed class OpenWorldCampaignTests(ITestOutputHelper xunitOutput)
{
    private readonly TeeOutput output = new(xunitOutput, nameof(OpenWorldCampaignTests));

    /// <summary>Independent rounds at once: the machine mostly waits on the simulated remotes.</summary>
    private const int Lanes = 6;

    /// <summary>No round starts after this in the default suite (the campaign's share of the 10-minute budget).</summary>
    private static readonly TimeSpan Budget = TimeSpan.FromSeconds(165);

    [Fact]
    public async Task Two_stacks_and_an_operator_share_clusters_and_supernodes_and_nothing_is_taken_removed_left_behind_or_lost()
    {
        var random = ReliabilityRun.Seeded(output, nameof(OpenWorldCampaignTests));
        var campaign = new OpenWorldCampaign(output);
        var tally = campaign.Tally;
        var violations = campaign.Violations;
        string Summary() => violations.Line(tally.Lifecycles, campaign.ForeignActions, tally.UserActionCount, tally.FreshRunners, campaign.Kills, tally.Asks.Count);
        try
        {
            await campaign.RunAsync(ReliabilityRun.Count(18, 90), Lanes, random, ReliabilityRun.Long ? null : Budget);
        }
        finally
        {
            output.WriteLine($"{campaign.Rounds} rounds, {tally.Runs} runs; foreign actions: " + string.Join(", ", campaign.ForeignByKind.Select(a => $"{a.Key} {a.Value}")));
            output.WriteLine("first endpoints made unfit: " + string.Join(", ", campaign.FirstEndpoints.Select(a => $"{a.Key} {a.Value}")));
            output.WriteLine("user actions: " + string.Join(", ", tally.UserActions.Select(a => $"{a.Key} {a.Value}")));
            output.WriteLine($"kills -9: {campaign.Kills} ({tally.CliDeaths} with the CLI, leaving pending creates); fresh runners {tally.FreshRunners}; journal disk filled mid-run {tally.DiskFills} times");
            output.WriteLine($"orphans reported to the user: {violations.OrphansReported}; beyond every provider (a create killed on a machine no later run used, its supernode never declared again): {violations.OrphansBeyondProvider}; asks: {tally.Asks.Count}");
            output.WriteLine($"nodes left in state by an own destroy cut short after its scale-in (a refresh drops them): {violations.StaleAfterOwnRemoval}");
            foreach (var (took, what) in tally.Slowest) output.WriteLine($"  slow run: {took.TotalSeconds:0.0} s {what}");
            foreach (var ask in tally.Asks.Take(10)) output.WriteLine("  ask: " + ask);
            foreach (var stuck in tally.Stuck.Take(30)) output.WriteLine("  stuck: " + stuck);
            foreach (var violation in violations.Examples) output.WriteLine("  violation: " + violation);
            foreach (var line in campaign.Transcripts) output.WriteLine("  " + line);
            output.WriteSummary(Summary());
        }
        Assert.True(violations.Total == 0, Summary() + "\n" + string.Join("\n", violations.Examples));
        if (OpenWorldCampaign.ReplayedRound is not null) return;
        Assert.True(tally.Lifecycles >= ReliabilityRun.Count(300, 800), $"only {tally.Lifecycles} lifecycles ran");
        Assert.True(campaign.ForeignActions >= ReliabilityRun.Count(100, 250), $"only {campaign.ForeignActions} foreign actions were accepted");
        Assert.True(tally.UserActionCount >= ReliabilityRun.Count(100, 250), $"only {tally.UserActionCount} user actions after failures");
        Assert.True(tally.FreshRunners >= ReliabilityRun.Count(30, 75), $"only {tally.FreshRunners} fresh runners");
        Assert.True(campaign.Kills >= ReliabilityRun.Count(30, 75), $"only {campaign.Kills} kills hit a run in flight");
    }
}
