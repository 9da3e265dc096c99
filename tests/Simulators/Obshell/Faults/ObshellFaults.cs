using System.Security.Cryptography;
using ClusterScale.Simulators.Obshell.Cluster;

namespace ClusterScale.Simulators.Obshell.Faults;

/// <summary>
/// Trouble a test can inject. Request faults count down across all agents, in arrival order:
/// a failed or reset request is NOT processed (no side effect), while a slow response IS processed and only its
/// answer is late — the case where a client times out although the agent did the work.
/// </summary>
public sealed class ObshellFaults
{
    private static readonly TimeSpan DefaultDowntime = TimeSpan.FromMilliseconds(200);

    private readonly object gate = new();
    private readonly ClusterState cluster;
    private readonly Func<string, TimeSpan, TaskCompletionSource, Task> restart;
    private readonly Dictionary<int, int> dagFailures = [];
    private readonly Dictionary<MutatingRoute, ArmedActThenFail> actThenFail = [];
    private int actThenFailAnswers;
    private int failingRequests;
    private int failingStatus;
    private int resettingConnections;
    private int slowResponses;
    private TimeSpan slowDelay;

    internal ObshellFaults(ClusterState cluster, Func<string, TimeSpan, TaskCompletionSource, Task> restart)
    {
        this.cluster = cluster;
        this.restart = restart;
    }

    /// <summary>The next <paramref name="dags"/> times a scale DAG reaches node <paramref name="nodeIndex"/> (1-based), that node fails.</summary>
    public void FailDagAtNode(int nodeIndex, int dags = 1)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(nodeIndex, 1);
        lock (gate)
        {
            dagFailures[nodeIndex] = dags;
        }
    }

    /// <summary>The next <paramref name="count"/> requests get an error envelope with <paramref name="status"/> and are not processed.</summary>
    public void FailNextRequests(int count, int status = 500)
    {
        lock (gate)
        {
            failingRequests = count;
            failingStatus = status;
        }
    }

    /// <summary>The next <paramref name="count"/> requests have their connection reset before they are processed.</summary>
    public void ResetNextConnections(int count)
    {
        lock (gate)
        {
            resettingConnections = count;
        }
    }

    /// <summary>The next <paramref name="count"/> responses are held back by <paramref name="delay"/> (on the options' TimeProvider) after processing.</summary>
    public void SlowResponses(TimeSpan delay, int count)
    {
        lock (gate)
        {
            slowDelay = delay;
            slowResponses = count;
        }
    }

    /// <summary>
    /// The next <paramref name="count"/> requests to <paramref name="route"/> are processed as usual (the DAG is
    /// created, the operator applied; a refusal stays a refusal inside) and then answered with
    /// <paramref name="answer"/> instead, so a client that resends gets it too. Replaces an earlier arming of the
    /// same route.
    /// </summary>
    public void ActThenFail(MutatingRoute route, AfterActing answer, int count = 1)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        lock (gate)
        {
            actThenFail[route] = new ArmedActThenFail(route, answer, count);
        }
    }

    /// <summary>How many answers act-then-fail faults have replaced so far, on all routes (<see cref="Clear"/> keeps it).</summary>
    public int ActThenFailAnswers
    {
        get
        {
            lock (gate)
            {
                return actThenFailAnswers;
            }
        }
    }

    /// <summary>The act-then-fail faults still armed, with the answers each has left.</summary>
    public IReadOnlyList<ArmedActThenFail> ArmedActThenFail
    {
        get
        {
            lock (gate)
            {
                return actThenFail.Values.Where(a => a.Remaining > 0).OrderBy(a => a.Route).ToList();
            }
        }
    }

    /// <summary>
    /// The agent's listener goes away (on return it is down) and comes back on the same port after
    /// <paramref name="downtime"/> of real time (default 200 ms). Its DAGs keep running: they belong to the cluster,
    /// not to the HTTP listener.
    /// </summary>
    public void RestartAgent(string agent, TimeSpan? downtime = null)
    {
        var stopped = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _ = restart(agent, downtime ?? DefaultDowntime, stopped);
        stopped.Task.GetAwaiter().GetResult();
    }

    /// <summary>As <see cref="RestartAgent"/>; completes when the listener is back.</summary>
    public Task RestartAgentAsync(string agent, TimeSpan downtime) =>
        restart(agent, downtime, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));

    /// <summary>A new RSA key pair, as the upgrade to obshell 4.4.2.0 makes: headers encrypted with the old public key fail with code 1.</summary>
    public void RotateKey(string agent, int? keyBits = null)
    {
        lock (cluster.Gate)
        {
            var target = cluster.FindAgent(agent) ?? throw new ArgumentException($"no agent {agent}", nameof(agent));
            target.Key = RSA.Create(keyBits ?? cluster.Options.RsaKeyBits);
        }
    }

    /// <summary>The agents' clock runs <paramref name="skew"/> ahead (negative: behind) of the options' TimeProvider (replacing <see cref="ObshellSimulatorOptions.ClockOffset"/>).</summary>
    public void ClockSkew(TimeSpan skew)
    {
        lock (cluster.Gate)
        {
            cluster.ClockSkew = skew;
        }
    }

    /// <summary>Gives an agent other versions (scale-out version checks 4 and 5).</summary>
    public void SetAgentVersion(string agent, string obVersion, string obshellVersion)
    {
        lock (cluster.Gate)
        {
            var target = cluster.FindAgent(agent) ?? throw new ArgumentException($"no agent {agent}", nameof(agent));
            target.ObVersion = obVersion;
            target.ObshellVersion = obshellVersion;
        }
    }

    /// <summary>Forgets every pending request, act-then-fail and DAG fault, and any skew beyond <see cref="ObshellSimulatorOptions.ClockOffset"/>.</summary>
    public void Clear()
    {
        lock (gate)
        {
            dagFailures.Clear();
            actThenFail.Clear();
            failingRequests = 0;
            resettingConnections = 0;
            slowResponses = 0;
        }

        ClockSkew(cluster.Options.ClockOffset);
    }

    internal bool TakeDagFailure(int nodeIndex)
    {
        lock (gate)
        {
            if (!dagFailures.TryGetValue(nodeIndex, out var left) || left <= 0)
            {
                return false;
            }

            dagFailures[nodeIndex] = left - 1;
            return true;
        }
    }

    internal AfterActing? TakeActThenFail(MutatingRoute route)
    {
        lock (gate)
        {
            if (!actThenFail.TryGetValue(route, out var armed) || armed.Remaining == 0)
            {
                return null;
            }

            actThenFail[route] = armed with { Remaining = armed.Remaining - 1 };
            actThenFailAnswers++;
            return armed.Answer;
        }
    }

    internal int? TakeRequestFailure()
    {
        lock (gate)
        {
            return failingRequests > 0 && failingRequests-- > 0 ? failingStatus : null;
        }
    }

    internal bool TakeConnectionReset()
    {
        lock (gate)
        {
            return resettingConnections > 0 && resettingConnections-- > 0;
        }
    }

    internal TimeSpan? TakeSlowness()
    {
        lock (gate)
        {
            return slowResponses > 0 && slowResponses-- > 0 ? slowDelay : null;
        }
    }
}

/// <summary>An armed act-then-fail fault: <see cref="Remaining"/> more requests to <see cref="Route"/> get <see cref="Answer"/>.</summary>
public sealed record ArmedActThenFail(MutatingRoute Route, AfterActing Answer, int Remaining);
