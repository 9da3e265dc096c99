using ClusterScale.Provider.Obshell.Api;

namespace ClusterScale.Provider.Obshell.Cluster;

/// <summary>Our DAG started but did not finish successfully and is still there (running past a timeout or a
/// cancellation, or FAILED and left in place): the change is partly applied, so the resource records the DAG and the
/// next run resumes it.</summary>
public sealed class DagUnfinishedException(DagDetail dag, string message, Exception? inner = null) : Exception(message, inner)
{
    public DagDetail Dag { get; } = dag;
}
