using System.Diagnostics;
using ClusterScale.Harness;
using ClusterScale.Simulators.ModelArts;
using Xunit.Abstractions;

namespace ClusterScale.Conformance.Tests.Reliability.OpenWorld;

/// <summary>
/// Rounds of the open world: each round a fresh cluster and fresh supernodes, both stacks' lifecycles concurrently,
/// the operator acting throughout. Rounds run in a few independent lanes at once (each lane its own ModelArts, so
/// one lane's armed faults never meet another's requests; the machine is mostly waiting on the simulated remotes).
/// Each round has its own seed, drawn in order from the campaign's (or given by <c>CLUSTERSCALE_ROUND_SEED</c> to
/// replay one round); violations name it.
/// </summary>
internal sealed class OpenWorldCampaign(ITestOutputHelper output)
{
    public const string RoundSeedVariable = "CLUSTERSCALE_ROUND_SEED";
    private readonly object _gate = new();

    public OpenWorldTally Tally { get; } = new();
    public OpenWorldViolations Violations { get; } = new();
    public int ForeignActions { get; private set; }
    public int Kills { get; private set; }
    public int Rounds { get; private set; }
    public SortedDictionary<string, int> ForeignByKind { get; } = new(StringComparer.Ordinal);
    public SortedDictionary<string, int> FirstEndpoints { get; } = new(StringComparer.Ordinal);

    /// <summary>Transcripts printed with the violations: the first few stacks with a violation.</summary>
    public List<string> Transcripts { get; } = [];
    private const int KeptTranscripts = 4;

    /// <summary>Keeps a stack's transcript (see <see cref="StackTranscript"/>) to print with the violations.</summary>
    public void Transcript(IEnumerable<string> lines)
    {
        lock (_gate)
            if (Transcripts.Count(t => t.StartsWith("transcript", StringComparison.Ordinal)) < KeptTranscripts) Transcripts.AddRange(lines);
    }

    /// <summary>A round seed given in the environment: that round alone is replayed.</summary>
    public static int? ReplayedRound => int.TryParse(Environment.GetEnvironmentVariable(RoundSeedVariable), out var seed) ? seed : null;

    /// <param name="budget">No round starts after this (the suite's time budget); null: all rounds run.</param>
    public async Task RunAsync(int rounds, int lanes, Random random, TimeSpan? budget)
    {
        var seeds = ReplayedRound is { } replay ? [replay] : Enumerable.Range(0, rounds).Select(_ => random.Next()).ToList();
        var next = 0;
        var clock = Stopwatch.StartNew();
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(20) };
        await Task.WhenAll(Enumerable.Range(0, Math.Min(lanes, seeds.Count)).Select(async lane =>
        {
            await using var world = await LaneWorld.StartAsync(http);
            while (true)
            {
                int round;
                lock (_gate)
                {
                    if (next == seeds.Count || clock.Elapsed > budget) return;
                    round = next++;
                }
                output.WriteLine($"round {round} (lane {lane}): seed {seeds[round]} (replay this round with {RoundSeedVariable}={seeds[round]})");
                await RoundAsync(world, round, seeds[round]);
                lock (_gate) Rounds++;
            }
        }));
    }

    private async Task RoundAsync(LaneWorld lane, int round, int seed)
    {
        var random = new Random(seed);
        await using var world = await RoundWorld.StartAsync(lane.ModelArts, lane.Http, random);
        await PrepareFirstEndpointsAsync(world, random);
        using var op = new Operator(world, world.Controls, new Random(random.Next()));
        using var stop = new CancellationTokenSource();
        var acting = op.RunAsync(stop.Token);
        var sessions = lane.Stacks.Select(stack => new StackSession(stack, world, this, op, $"seed {seed} round {round}", new Random(random.Next()))).ToList();
        try
        {
            await Task.WhenAll(sessions.Select(s => s.LifecycleAsync()));
        }
        finally
        {
            await stop.CancelAsync();
            await acting;
            lock (_gate)
            {
                ForeignActions += op.Actions;
                foreach (var (kind, count) in op.ByKind) ForeignByKind[kind] = ForeignByKind.GetValueOrDefault(kind) + count;
                Kills += sessions.Sum(s => s.Kills);
            }
            foreach (var session in sessions) await session.DisposeAsync();
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

    private void Count(string kind)
    {
        lock (_gate) FirstEndpoints[kind] = FirstEndpoints.GetValueOrDefault(kind) + 1;
    }

    /// <summary>What a lane keeps across its rounds: its ModelArts (with the second stack's key), and per stack an
    /// engine and the machine its user normally runs on.</summary>
    private sealed class LaneWorld : IAsyncDisposable
    {
        private const string SecondKey = "SECONDSTACKACCESSKEY02";
        private const string SecondSecret = "second-stack-secret-key";
        private readonly List<IAsyncDisposable> _owned = [];

        private LaneWorld(HttpClient http, ModelArtsSimulator modelArts)
        {
            Http = http;
            ModelArts = modelArts;
        }

        public HttpClient Http { get; }
        public ModelArtsSimulator ModelArts { get; }
        public List<StackIdentity> Stacks { get; } = [];

        public static async Task<LaneWorld> StartAsync(HttpClient http)
        {
            var modelArts = await ModelArtsSimulator.StartAsync(new ModelArtsSimulatorOptions
            {
                ServerCreateDuration = TimeSpan.FromMilliseconds(30), ServerDeleteDuration = TimeSpan.FromMilliseconds(30),
            });
            var lane = new LaneWorld(http, modelArts);
            await new SimControls(http, modelArts.Endpoint, "").AddCredentialAsync(SecondKey, SecondSecret);
            lane.Stacks.Add(new StackIdentity(0, "A", modelArts.Options.AccessKey, modelArts.Options.SecretKey, await lane.EngineAsync(), RunnerMachine.Fresh()));
            lane.Stacks.Add(new StackIdentity(1, "B", SecondKey, SecondSecret, await lane.EngineAsync(), RunnerMachine.Fresh()));
            return lane;
        }

        private async Task<TestEngine> EngineAsync()
        {
            var engine = await TestEngine.StartAsync();
            _owned.Add(engine);
            return engine;
        }

        public async ValueTask DisposeAsync()
        {
            foreach (var owned in _owned) await owned.DisposeAsync();
            await ModelArts.DisposeAsync();
        }
    }
}
