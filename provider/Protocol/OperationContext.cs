namespace ClusterScale.Provider.Protocol;

/// <summary>What a long-running operation (Create, Read, Update, Delete) gets from the host: the resource's URN for
/// log lines, a cancellation token that fires on the engine's Cancel RPC or when the call is abandoned, and a sink
/// for user-visible progress.</summary>
public sealed class OperationContext(string urn, IProgressSink progress, TimeProvider time, CancellationToken cancellation)
{
    public string Urn { get; } = urn;
    public IProgressSink Progress { get; } = progress;
    public TimeProvider Time { get; } = time;
    public CancellationToken Cancellation { get; } = cancellation;
}

/// <summary>User-visible messages under a resource (pulumirpc.Engine/Log). Status lines are ephemeral: the engine
/// shows the latest one while the step runs, which is how DAG stages and server statuses are reported.</summary>
public interface IProgressSink
{
    Task StatusAsync(string message);
    Task InfoAsync(string message);
    Task WarningAsync(string message);
}

/// <summary>Progress that goes nowhere: for unit tests and for callers with no engine.</summary>
public sealed class NullProgressSink : IProgressSink
{
    public static readonly NullProgressSink Instance = new();
    public Task StatusAsync(string message) => Task.CompletedTask;
    public Task InfoAsync(string message) => Task.CompletedTask;
    public Task WarningAsync(string message) => Task.CompletedTask;
}
