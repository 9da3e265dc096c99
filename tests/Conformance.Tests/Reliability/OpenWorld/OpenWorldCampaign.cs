using ClusterScale.Simulators.ModelArts;
using Xunit.Abstractions;

namespace ClusterScale.Conformance.Tests.Reliability.OpenWorld;

/// <summary>
/// Rounds of the open world, one after another: each round a fresh cluster and fresh supernodes, both stacks'
/// lifecycles concurrently, the operator acting throughout. Each round has its own seed, drawn from the campaign's
/// (or given by <c>CLUSTERSCALE_ROUND_SEED</c> to replay one round); violations name it.
/// </summary>
internal sealed class OpenWorldCampaign(ModelArtsSimulator modelArts, HttpClient http, IReadOnlyList<StackIdentity> stacks, ITestOutputHelper output)
{
    public const string RoundSeedVariable = "CLUSTERSCALE_ROUND_SEED";

    public OpenWorldTally Tally { get; } = new();
    public OpenWorldViolations Violations { get; } = new();
    public int RoundSeed { get; private set; }
    public int ForeignActions { get; private set; }
    public int Kills { get; private set; }
    public int Rounds { get; private set; }
    public SortedDictionary<string, int> ForeignByKind { get; } = new(StringComparer.Ordinal);
    public SortedDictionary<string, int> FirstEndpoints { get; } = new(StringComparer.Ordinal);

    /// <summary>A round seed given in the environment: that round alone is replayed.</summary>
    public static int? ReplayedRound => int.TryParse(Environment.GetEnvironmentVariable(RoundSeedVariable), out var seed) ? seed : null;

    public async Task RunAsync(int rounds, Random random)
    {
        for (var round = 0; round < rounds; round++)
        {
            RoundSeed = ReplayedRound ?? random.Next();
            output.WriteLine($"round {round}: seed {RoundSeed} (replay this round with {RoundSeedVariable}={RoundSeed})");
            await RoundAsync(round, new Random(RoundSeed));
            Rounds++;
            if (ReplayedRound is not null) break;
        }
    }

    private async Task RoundAsync(int round, Random random)
    {
        await using var world = await RoundWorld.StartAsync(modelArts, http, random);
        await PrepareFirstEndpointsAsync(world, random);
        using var op = new Operator(world, world.Controls, new Random(random.Next()));
        using var stop = new CancellationTokenSource();
        var acting = op.RunAsync(stop.Token);
        var sessions = stacks.Select(stack => new StackSession(stack, world, this, op, round, new Random(random.Next()))).ToList();
        try
        {
            await Task.WhenAll(sessions.Select(s => s.LifecycleAsync()));
        }
        finally
        {
            await stop.CancelAsync();
            await acting;
            ForeignActions += op.Actions;
            foreach (var (kind, count) in op.ByKind) ForeignByKind[kind] = ForeignByKind.GetValueOrDefault(kind) + count;
            foreach (var session in sessions)
            {
                Kills += session.Kills;
                await session.DisposeAsync();
            }
        }
    }

    /// <summary>Each stack's dedicated first-endpoint member is, this round, a node the operator removed out of band
    /// or a member whose observer is down (the stack lists it first in a share of rounds; see StackSession).</summary>
    private async Task PrepareFirstEndpointsAsync(RoundWorld world, Random random)
    {
        foreach (var agent in world.PrefixMembers)
        {
            if (random.Next(2) == 0)
            {
                await world.Obshell.ScaleInOutOfBandAsync(agent);
                Count("removed node");
                continue;
            }
            await world.Controls.SetObserverRunningAsync(agent, running: false);
            Count("observer down");
        }
    }

    private void Count(string kind) => FirstEndpoints[kind] = FirstEndpoints.GetValueOrDefault(kind) + 1;
}
