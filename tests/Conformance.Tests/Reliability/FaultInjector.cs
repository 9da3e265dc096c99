using ClusterScale.Harness;
using ClusterScale.Simulators.ModelArts;
using ClusterScale.Simulators.Obshell;
using ClusterScale.Simulators.ModelArts.Faults;
using ClusterScale.Simulators.Obshell.Faults;
using ObshellAnswer = ClusterScale.Simulators.Obshell.Faults.AfterActing;
using ModelArtsAnswer = ClusterScale.Simulators.ModelArts.Faults.AfterActing;

namespace ClusterScale.Conformance.Tests.Reliability;

/// <summary>The kinds of trouble the campaign injects.</summary>
internal enum FaultKind
{
    ObshellServerError, ObshellConnectionReset, ObshellSlowResponse, DagNodeFailure, AgentRestart,
    ModelArtsServerError, ModelArtsSlowResponse, ModelArtsThrottleBurst, ServerCreateFailed,
}

/// <summary>
/// Arms a random handful of faults in both simulators before a run, with a seeded <see cref="Random"/>, and counts
/// what it armed. Request faults act on the next requests in arrival order, whichever resource sends them.
/// An agent restart is started in the background part-way into the run; <see cref="SettleAsync"/> waits for it.
/// </summary>
internal sealed class FaultInjector(ObshellSimulator obshell, ModelArtsSimulator modelArts, Random random)
{
    public FaultInjector(SimulatedWorld world, Random random) : this(world.Obshell, world.ModelArts, random)
    {
    }

    private static readonly FaultKind[] Kinds = Enum.GetValues<FaultKind>();
    private readonly List<Task> _restarts = [];
    private int _rebinds;

    /// <summary>Agent restarts that had to be repeated because the simulator could not rebind the agent's port.</summary>
    public int Rebinds => _rebinds;

    public Dictionary<FaultKind, int> Armed { get; } = Kinds.ToDictionary(k => k, _ => 0);

    /// <summary>Act-then-fail faults armed, by simulator route (each for the next one or two requests to it).</summary>
    public SortedDictionary<string, int> ArmedActThenFail { get; } = new(StringComparer.Ordinal);

    /// <summary>Requests both simulators handled in full and then answered with a failure (or not at all): their own
    /// counters, so only faults that actually met a request count.</summary>
    public int ActThenFailAnswers => obshell.Faults.ActThenFailAnswers + modelArts.Faults.ActThenFailAnswers;

    /// <summary>
    /// Arms act-then-fail on each mutating route of both simulators with odds of three in four, for the next one or two requests
    /// to it: the request is processed in full, then answered 500, 504 or by a reset. A stall (no answer until the
    /// client gives up: the provider's HTTP timeouts are a minute and more) is armed only when the plugin will be
    /// killed during the run, which ends the stall as the client's death would.
    /// </summary>
    public void ArmActThenFail(bool killPlanned)
    {
        foreach (var route in Enum.GetValues<MutatingRoute>().Where(_ => random.Next(4) > 0))
        {
            ObshellAnswer[] answers = killPlanned ? Enum.GetValues<ObshellAnswer>() : [ObshellAnswer.InternalError, ObshellAnswer.GatewayTimeout, ObshellAnswer.ResetConnection];
            var answer = answers[random.Next(answers.Length)];
            obshell.Faults.ActThenFail(route, answer, count: random.Next(1, 3));
            CountArmed($"obshell {ActThenFailNames.NameOf(route)} {ActThenFailNames.NameOf(answer)}");
        }
        foreach (var route in new[] { ScaleRoutes.LiveScaleUp, ScaleRoutes.LiveScaleDown }.Where(_ => random.Next(4) > 0))
        {
            ModelArtsAnswer[] answers = killPlanned ? Enum.GetValues<ModelArtsAnswer>() : [ModelArtsAnswer.InternalError500, ModelArtsAnswer.GatewayTimeout504, ModelArtsAnswer.ConnectionReset];
            var answer = answers[random.Next(answers.Length)];
            modelArts.Faults.ActThenFail(route, answer, requests: random.Next(1, 3));
            CountArmed($"ModelArts {route} {answer}");
        }
    }

    private void CountArmed(string fault) => ArmedActThenFail[fault] = ArmedActThenFail.GetValueOrDefault(fault) + 1;

    /// <param name="removing">A destroy run. Its scale-in DAGs are not failed: a FAILED scale-in DAG that its own Delete
    /// did not roll back (failure after 'Delete agent', or a rollback interrupted by another fault) is never taken
    /// up again by a later destroy and locks the cluster for good — a reported defect with its own skipped test
    /// (ObserverNodeDefectTests); with it in the campaign, the campaign would only re-find it.</param>
    public void ArmRandomFaults(bool removing)
    {
        var kinds = removing ? Kinds.Where(k => k != FaultKind.DagNodeFailure).ToArray() : Kinds;
        var count = random.Next(1, 4);
        for (var i = 0; i < count; i++) Arm(kinds[random.Next(kinds.Length)]);
    }

    /// <summary>Disarms what did not fire and waits for restarted agents to be back: the user's retry runs in a calm world.</summary>
    public async Task SettleAsync()
    {
        obshell.Faults.Clear();
        modelArts.Faults.Clear();
        await Task.WhenAll(_restarts);
        _restarts.Clear();
    }

    private void Arm(FaultKind kind)
    {
        Armed[kind]++;
        var obshellFaults = obshell.Faults;
        var modelArtsFaults = modelArts.Faults;
        switch (kind)
        {
            case FaultKind.ObshellServerError: obshellFaults.FailNextRequests(random.Next(1, 4), random.Next(2) == 0 ? 500 : 503); break;
            case FaultKind.ObshellConnectionReset: obshellFaults.ResetNextConnections(random.Next(1, 4)); break;
            case FaultKind.ObshellSlowResponse: obshellFaults.SlowResponses(TimeSpan.FromMilliseconds(random.Next(50, 400)), random.Next(1, 4)); break;
            // Scale-out DAGs have 9 nodes (11 into a new zone): any of them may fail.
            case FaultKind.DagNodeFailure: obshellFaults.FailDagAtNode(random.Next(1, 10)); break;
            case FaultKind.AgentRestart: RestartLater(obshell.AgentAt(obshell.ClusterEndpoints[random.Next(obshell.ClusterEndpoints.Count)])); break;
            case FaultKind.ModelArtsServerError: modelArtsFaults.FailNextRequests(random.Next(1, 4), random.Next(2) == 0 ? 500 : 503); break;
            case FaultKind.ModelArtsSlowResponse: modelArtsFaults.SlowResponses(TimeSpan.FromMilliseconds(random.Next(50, 400)), random.Next(1, 4)); break;
            case FaultKind.ModelArtsThrottleBurst: modelArtsFaults.Throttle(random.Next(2, 8)); break;
            case FaultKind.ServerCreateFailed: modelArtsFaults.FailNextServerCreations(random.Next(1, 3)); break;
        }
    }

    private void RestartLater(string agent)
    {
        var after = TimeSpan.FromMilliseconds(random.Next(0, 300));
        var downtime = TimeSpan.FromMilliseconds(random.Next(50, 300));
        _restarts.Add(Task.Run(async () =>
        {
            await Task.Delay(after);
            await RestartAsync(agent, downtime);
        }));
    }

    /// <summary>The simulator brings the agent back on the same ephemeral port; on a busy machine another socket may
    /// take that port meanwhile ("address already in use", a simulator limitation, reported). The agent is then
    /// started again until it binds, as an operator would restart it, and the rebinds are counted.</summary>
    private async Task RestartAsync(string agent, TimeSpan downtime)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await obshell.Faults.RestartAgentAsync(agent, downtime);
                return;
            }
            catch (IOException) when (attempt < 50)
            {
                Interlocked.Increment(ref _rebinds);
                downtime = TimeSpan.FromMilliseconds(100);
            }
        }
    }
}
