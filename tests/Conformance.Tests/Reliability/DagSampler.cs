using ClusterScale.Simulators.Obshell;

namespace ClusterScale.Conformance.Tests.Reliability;

/// <summary>
/// Watches clusters' DAG lists while a run goes on (the simulator's DagView has no start time, so overlap is
/// sampled): how many DAGs were unfinished at once on one cluster, and whether clusters were busy at the same moment.
/// </summary>
internal sealed class DagSampler : IAsyncDisposable
{
    private readonly IReadOnlyList<ObshellSimulator> _clusters;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;

    public DagSampler(params ObshellSimulator[] clusters)
    {
        _clusters = clusters;
        _loop = Task.Run(SampleAsync);
    }

    /// <summary>The most DAGs seen running (not SUCCEED/FAILED) on one cluster in one sample.</summary>
    public int MostRunningOnOneCluster { get; private set; }

    /// <summary>Samples in which every cluster had a DAG running.</summary>
    public int SamplesWithAllClustersBusy { get; private set; }

    public int Samples { get; private set; }

    private async Task SampleAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            var running = _clusters.Select(c => c.Dags.Count(d => d.State is not ("SUCCEED" or "FAILED"))).ToList();
            MostRunningOnOneCluster = Math.Max(MostRunningOnOneCluster, running.Max());
            if (running.All(n => n > 0)) SamplesWithAllClustersBusy++;
            Samples++;
            try { await Task.Delay(2, _stop.Token); } catch (OperationCanceledException) { }
        }
    }

    /// <summary>Stops sampling (idempotent: tests stop it before reading the results, then dispose it again).</summary>
    public async ValueTask DisposeAsync()
    {
        if (_loop.IsCompleted) return;
        await _stop.CancelAsync();
        await _loop;
        _stop.Dispose();
    }
}
