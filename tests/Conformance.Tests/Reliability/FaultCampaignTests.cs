using ClusterScale.Simulators.Tests.Obshell;
using System.Diagnostics;
using ClusterScale.Harness;
using ClusterScale.Simulators.ModelArts.Supernodes;
using Xunit.Abstractions;
using static ClusterScale.Conformance.Tests.Reliability.Declarations;

namespace ClusterScale.Conformance.Tests.Reliability;

/// <summary>
/// Issue 6 and issue 10 item 7, fault campaign: lifecycles (declare, up, maybe update, destroy) of ObserverNodes and
/// SupernodeScales through the real plugin while seeded random faults hit both simulators: request faults, DAG
/// failures, agent restarts, act-then-fail on the mutating routes (the request is processed, the answer lost), and
/// kill -9 of the plugin at a uniformly random instant of the run, after which the next run starts with the state
/// the engine would hold. The user retries in a calm world until the run converges; after each converged run the
/// simulators' own truth must show no orphan, duplicate, lost server or node, wrong adoption or held lock.
/// </summary>
[Collection(CampaignOrder.FaultCampaign)]
public sealed class FaultCampaignTests(ITestOutputHelper xunitOutput)
{
    private readonly TeeOutput output = new(xunitOutput, nameof(FaultCampaignTests));

    /// <summary>A faulty run is retried by the user; more than this many calm retries means the provider is stuck.</summary>
    private const int MaxRetries = 3;
    private const int NodesPerRound = 4;
    private const int SupernodesPerRound = 13;
    /// <summary>One step of a run in this fast world takes about a second; a step still going after this is stuck
    /// (it fails the campaign sooner than the harness's default deadline would).</summary>
    private static readonly TimeSpan StepDeadline = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task Lifecycles_under_random_faults_act_then_fail_and_kills_converge_lose_nothing_and_explain_every_failure()
    {
        var random = ReliabilityRun.Seeded(output, nameof(FaultCampaignTests));
        await using var world = await FastWorld.StartAsync(spareAgents: NodesPerRound);
        await using var plugin = new CrashablePlugin(world);
        var campaign = new Campaign(world, plugin, random);
        string Summary() => campaign.Violations.Line(campaign.Tally.Lifecycles, campaign.Injector.ActThenFailAnswers, plugin.Kills);
        try
        {
            await campaign.RunRoundsAsync(ReliabilityRun.Count(24, 60));
        }
        finally
        {
            // Printed even when the campaign stopped, with the seed above, so the run can be replayed and judged;
            // the summary line is the last campaign line of artifacts/reliability.log.
            campaign.Tally.Print(output, campaign.Injector.Armed, campaign.Observed());
            output.WriteLine($"act-then-fail armed: {campaign.Injector.ArmedActThenFail.Values.Sum()} — " + string.Join(", ", campaign.Injector.ArmedActThenFail.Select(a => $"{a.Key} {a.Value}")));
            output.WriteLine($"kills -9: {plugin.Kills} (planned {campaign.KillsPlanned}, {campaign.KillsPlanned - plugin.Kills} came after their run had ended); steps interrupted by them: {campaign.Tally.KilledSteps}");
            foreach (var violation in campaign.Violations.Examples) output.WriteLine("  violation: " + violation);
            output.WriteSummary(Summary());
        }
        Assert.True(campaign.Violations.Total == 0, Summary() + "\n" + string.Join("\n", campaign.Violations.Examples));
        Assert.True(campaign.Tally.Lifecycles >= ReliabilityRun.Count(300, 1000), $"only {campaign.Tally.Lifecycles} lifecycles ran");
        Assert.True(campaign.Injector.ActThenFailAnswers >= ReliabilityRun.Count(50, 125), $"only {campaign.Injector.ActThenFailAnswers} act-then-fail answers were given");
        Assert.True(plugin.Kills >= ReliabilityRun.Count(30, 75), $"only {plugin.Kills} kills hit a run in flight");
        Assert.NotEmpty(campaign.Tally.Failures);
        Assert.True(campaign.Tally.Unnamed.Count == 0, $"{campaign.Tally.Unnamed.Count} failure message(s) do not name their node or supernode:\n" + string.Join("\n", campaign.Tally.Unnamed.Distinct()));
        Assert.True(campaign.Tally.RemovedAfterCreateFailed == 0, $"{campaign.Tally.RemovedAfterCreateFailed} resource(s) had to be removed and declared again to get past CREATE_FAILED servers: pulumi up alone did not converge");
    }

    /// <summary>One campaign: the world, the plugin that may be killed, the engine's state across runs, what was
    /// armed and what was seen.</summary>
    private sealed class Campaign
    {
        /// <summary>Kills are planned in this share of faulty runs (enough for the required count, while runs that
        /// see only act-then-fail and request faults remain).</summary>
        private const double KillShare = 0.85;
        private readonly SimulatedWorld _world;
        private readonly CrashablePlugin _plugin;
        private readonly Random _random;
        private readonly List<string> _spares;
        private readonly List<string> _supernodes;
        private readonly List<string> _originalMembers;
        private readonly Dictionary<string, List<string>> _originalServers;
        /// <summary>How long the last faulty run of each kind took unkilled: the window a kill instant is drawn from.</summary>
        private readonly Dictionary<bool, TimeSpan> _runLength = new() { [false] = TimeSpan.FromSeconds(1), [true] = TimeSpan.FromSeconds(1) };
        private EngineStack _stack;
        private IReadOnlyList<Declared> _declared = [];

        public Campaign(SimulatedWorld world, CrashablePlugin plugin, Random random)
        {
            _world = world;
            _plugin = plugin;
            _random = random;
            _spares = world.Obshell.SpareAgents.ToList();
            _originalMembers = world.Obshell.Members.Select(m => m.Agent).ToList();
            // Issue 13 scenarios: servers that trickle in one at a time (supernode ACTIVE throughout), a supernode with
            // a STOPPED original server, and one of a single sub-node (section 4: it cannot be scaled below that).
            _supernodes = Enumerable.Range(0, SupernodesPerRound).Select(i => i switch
            {
                0 => world.SupernodeId,
                1 => world.ModelArts.CreateSupernode(FastWorld.Single),
                _ when i % 3 == 0 => world.ModelArts.CreateSupernode(new SupernodeSetup(FastWorld.Small) { Arrival = ServerArrival.OneByOne }),
                _ when i % 3 == 1 => world.ModelArts.CreateSupernode(new SupernodeSetup(FastWorld.Small) { StoppedServers = 1 }),
                _ => world.ModelArts.CreateSupernode(FastWorld.Small),
            }).ToList();
            _originalServers = _supernodes.ToDictionary(id => id, id => world.ModelArts.GetSupernode(id).Servers.Select(s => s.Id).Order().ToList());
            Injector = new FaultInjector(world, random);
            _stack = Watched(new EngineStack(world.Plugin.ClientWith(StepDeadline)));
        }

        public FaultInjector Injector { get; }
        public CampaignTally Tally { get; } = new();
        public CampaignViolations Violations { get; } = new();
        public int KillsPlanned { get; private set; }

        public async Task RunRoundsAsync(int rounds)
        {
            for (var round = 0; round < rounds; round++)
            {
                var dagsBefore = _world.Obshell.Dags.Count;
                IReadOnlyList<Declared> program = _spares.Select((agent, i) => Node($"node-{i}", agent, $"zone{_random.Next(1, 4)}", _random.Next(2) == 0, _random.Next(4) == 0 ? "leave" : "rollback"))
                    .Concat(_supernodes.Select((id, i) => Supernode($"gpu-{i}", id, _random.Next(2) == 0 ? FastWorld.Medium : FastWorld.Large)))
                    .ToList();
                program = await RunAsUserAsync(program);

                if (_random.Next(2) == 0)
                {
                    program = program.Select(d => d.Type == ObserverNode
                            ? d with { Inputs = d.Inputs.With("forceKill", Props.Value(!d.Inputs["forceKill"].BoolValue)) }
                            : AdoptionInstruction.KeepAdopted(d, Supernode(d.Name, Subject(d), UpdatedFlavor(Flavor(d), Subject(d) == _supernodes[1], _random))))
                        .ToList();
                    await RunAsUserAsync(program);
                }

                await RunAsUserAsync(null);
                Assert.Empty(_stack.Resources);
                Violations.CheckDagCounts(_world.Obshell, dagsBefore, nodeAdds: NodesPerRound, nodeRemovals: NodesPerRound);
                Tally.Lifecycles += program.Count;
            }
        }

        /// <summary>
        /// One run (up of <paramref name="program"/>, or destroy when it is null) with faults armed and perhaps a kill
        /// at a uniformly random instant of it, then calm retries until every resource succeeded; every failure the
        /// provider reported must be explained (non-empty, naming its node or supernode). Then the invariants.
        /// Returns the program as the user left it (with the adoptions the provider's errors asked for).
        /// </summary>
        private async Task<IReadOnlyList<Declared>> RunAsUserAsync(IReadOnlyList<Declared>? program)
        {
            var removing = program is null;
            if (program is not null) _declared = program.Concat(_declared).DistinctBy(d => d.Name).ToList();
            Tally.Runs++;
            var killAt = _random.NextDouble() < KillShare ? _runLength[removing] * _random.NextDouble() : (TimeSpan?)null;
            Injector.ArmRandomFaults(removing);
            Injector.ArmActThenFail(killPlanned: killAt is not null);

            var clock = Stopwatch.StartNew();
            var run = Run(program);
            var killed = false;
            if (killAt is { } instant)
            {
                KillsPlanned++;
                killed = await _plugin.KillDuringAsync(run, instant);
            }
            var outcomes = await run;
            if (!killed) _runLength[removing] = clock.Elapsed;
            await Injector.SettleAsync();
            if (killed)
            {
                await _plugin.RestartAsync();
                _stack = Watched(_stack.With(_plugin.Current.ClientWith(StepDeadline)));
            }

            var retries = 0;
            while (true)
            {
                var failed = outcomes.Where(o => !o.Succeeded).ToList();
                foreach (var failure in failed) Explain(failure, killed);
                if (failed.Count == 0) break;
                if (++retries > MaxRetries)
                {
                    // The world where `pulumi up` gave up is judged too, so the summary line shows what it left behind.
                    CheckConverged(program ?? []);
                    Assert.Fail($"still failing after {MaxRetries} calm retries: " + string.Join("; ", failed.Select(f => $"{f.Name}: {f.Detail}")));
                }
                if (program is not null) program = FollowAdoptionInstructions(program, failed);
                await FollowOperatorInstructionsAsync(failed);
                var createFailed = failed.Where(f => f.Detail.Contains("CREATE_FAILED", StringComparison.Ordinal)).Select(f => f.Name).ToHashSet();
                if (program is not null && retries > 1 && createFailed.Count > 0)
                {
                    // What the provider's message told the user to do; counted, since `pulumi up` alone should converge.
                    Tally.RemovedAfterCreateFailed += createFailed.Count;
                    var removal = await _stack.UpAsync(program.Where(d => !createFailed.Contains(d.Name)));
                    Assert.True(removal.All(o => o.Succeeded), "removing the resources with CREATE_FAILED servers failed: " + string.Join("; ", removal.Where(o => !o.Succeeded).Select(o => o.Detail)));
                }
                killed = false;
                outcomes = await Run(program);
            }
            Tally.RetriesNeeded[retries]++;
            CheckConverged(program ?? []);
            return program ?? [];
        }

        /// <summary>Issue 19: after a live-scale-up that got no clear answer (act-then-fail, a kill) the provider claims
        /// no server it cannot prove its own and ends in partial state naming the servers and the one way to adopt them
        /// (<c>adoptServerIds</c>). This stack is the only actor on the campaign's supernodes, so the servers named are
        /// its own: the user does what the error says (a user action, counted), and the invariants judge the result.</summary>
        private IReadOnlyList<Declared> FollowAdoptionInstructions(IReadOnlyList<Declared> program, IReadOnlyList<StepOutcome> failed)
        {
            var named = failed.Select(f => (f.Name, Ids: AdoptionInstruction.NamedIn(f.Detail))).Where(f => f.Ids is not null).ToDictionary(f => f.Name, f => f.Ids!);
            if (named.Count == 0) return program;
            Tally.AdoptionsFollowed += named.Count;
            program = program.Select(d => named.TryGetValue(d.Name, out var ids) ? AdoptionInstruction.Adopt(d, ids) : d).ToList();
            _declared = program.Concat(_declared).DistinctBy(d => d.Name).ToList();
            return program;
        }

        /// <summary>
        /// A killed run's scale-out can fail after its node joined (a late stage); the next run adopts the member, and
        /// its FAILED DAG — tied to that run's send by nothing but a time window, which could as well hold another
        /// actor's DAG — is left holding the cluster lock, so the provider asks the DAG's owner to RETRY or ROLLBACK it
        /// rather than act on a DAG it cannot prove its own. This stack is the only actor on the campaign's cluster, so
        /// the DAG is its own: the user RETRYs it, as the message says (a user action, counted).
        /// </summary>
        private async Task FollowOperatorInstructionsAsync(IReadOnlyList<StepOutcome> failed)
        {
            var asked = failed.Where(f => f.Detail.Contains("RETRY it", StringComparison.Ordinal)).SelectMany(f => NamedDags.LockHolders(f.Detail)).Distinct().ToList();
            Tally.OperatorInstructionsFollowed += await NamedDags.OperateAsync(_world.Obshell, _originalMembers[0], asked, "RETRY", FastWorld.RootPassword);
        }

        private Task<IReadOnlyList<StepOutcome>> Run(IReadOnlyList<Declared>? program) => program is null ? _stack.DestroyAsync() : _stack.UpAsync(program);

        /// <summary>A failure is the provider's to explain, unless the plugin died under it (the engine then reports
        /// the lost connection itself).</summary>
        private void Explain(StepOutcome failure, bool killed)
        {
            if (killed && failure.Detail.StartsWith("Unavailable", StringComparison.Ordinal))
            {
                Tally.KilledSteps++;
                return;
            }
            var subject = Subject(_declared.Single(d => d.Name == failure.Name));
            Tally.Failures.Add($"{failure.Name}: {failure.Detail}");
            Assert.False(string.IsNullOrWhiteSpace(failure.Detail), $"the failure of {failure.Name} has no message");
            if (!failure.Detail.Contains(subject, StringComparison.Ordinal)) Tally.Unnamed.Add($"{failure.Name} ({subject}): {failure.Detail}");
        }

        private void CheckConverged(IReadOnlyList<Declared> declared)
        {
            Violations.CheckCluster(_world.Obshell, _originalMembers, declared);
            var flavors = declared.Where(d => d.Type == SupernodeScale).ToDictionary(Subject, Flavor);
            var scales = _stack.Resources.Values.ToList();
            foreach (var id in _supernodes)
                Tally.CreateFailedServersLeft += Violations.CheckSupernode(_world.ModelArts, id, _originalServers[id], flavors.GetValueOrDefault(id), scales);
        }

        /// <summary>Every node Delete that returns success is checked at that instant: is the node really gone?</summary>
        private EngineStack Watched(EngineStack stack)
        {
            stack.Deleted += (name, state) =>
            {
                if (_declared.FirstOrDefault(d => d.Name == name) is { Type: ObserverNode } node)
                    Violations.NodeReportedRemoved(_world.Obshell, name, Subject(node));
            };
            return stack;
        }

        public string Observed()
        {
            var obshell = _world.Obshell.Requests;
            var modelArts = _world.ModelArts.Requests;
            return $"obshell {obshell.Count} requests ({obshell.Count(r => r.Status == 0)} reset, {obshell.Count(r => r.Status >= 500)} 5xx), " +
                $"{_world.Obshell.Dags.Count} DAGs ({_world.Obshell.Dags.Count(d => d.Operator == "ROLLBACK")} rolled back); " +
                $"ModelArts {modelArts.Count} requests ({modelArts.Count(r => r.Status == 429)} throttled, {modelArts.Count(r => r.Status >= 500)} 5xx); " +
                $"act-then-fail answers: obshell {_world.Obshell.Faults.ActThenFailAnswers}, ModelArts {_world.ModelArts.Faults.ActThenFailAnswers}; " +
                $"agent restarts repeated because the port was taken: {Injector.Rebinds}";
        }
    }

    /// <summary>The instruction of SupernodeScale's ownership error (provider/ModelArts/SupernodeSettling.cs,
    /// OwnershipUnprovenException): "add `adoptServerIds: ["id", ...]` ... and run `pulumi up`".</summary>
    private static class AdoptionInstruction
    {
        private const string Key = "adoptServerIds";
        private const string Marker = "`" + Key + ": [";

        /// <summary>The server ids the error asks to adopt; null when the message gives no such instruction.</summary>
        public static IReadOnlyList<string>? NamedIn(string detail)
        {
            var start = detail.IndexOf(Marker, StringComparison.Ordinal);
            if (start < 0) return null;
            start += Marker.Length;
            var end = detail.IndexOf(']', start);
            return detail[start..end].Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).Select(id => id.Trim('"')).ToList();
        }

        /// <summary>Adds <paramref name="ids"/> to what the resource already adopts (a user appends to the list).</summary>
        public static Declared Adopt(Declared supernode, IReadOnlyList<string> ids) =>
            supernode with { Inputs = supernode.Inputs.With(Key, Props.Value(Adopted(supernode).Union(ids, StringComparer.Ordinal).ToList())) };

        /// <summary>A user changing the flavor keeps the adoptions already written in the program.</summary>
        public static Declared KeepAdopted(Declared before, Declared after) => Adopted(before).Count == 0 ? after : Adopt(after, Adopted(before));

        private static IReadOnlyList<string> Adopted(Declared supernode) =>
            supernode.Inputs.TryGetValue(Key, out var ids) ? ids.ArrayValue.Select(id => id.StringValue).ToList() : [];
    }

    /// <summary>A flavor change SupernodeScale supports in place: up to a larger flavor, or back to the flavor the
    /// supernode had before it (Large -> Medium would need a flavor it never scaled through: a documented replace).
    /// A supernode that started with a single sub-node only grows (its start flavor adds nothing to scale to).</summary>
    private static string UpdatedFlavor(string current, bool startedSingle, Random random) => current == FastWorld.Medium
        ? (startedSingle || random.Next(2) == 0 ? FastWorld.Large : FastWorld.Small)
        : startedSingle ? FastWorld.Large : FastWorld.Small;
}
