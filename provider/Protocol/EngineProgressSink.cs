using Pulumirpc;

namespace ClusterScale.Provider.Protocol;

/// <summary>Progress for one operation, shown by the engine under the resource's URN. Status lines are ephemeral,
/// so the engine shows only the latest while the step runs.</summary>
public sealed class EngineProgressSink(EngineLog log, string urn) : IProgressSink
{
    public Task StatusAsync(string message) => log.LogAsync(LogSeverity.Info, message, urn, ephemeral: true);
    public Task InfoAsync(string message) => log.LogAsync(LogSeverity.Info, message, urn, ephemeral: false);
    public Task WarningAsync(string message) => log.LogAsync(LogSeverity.Warning, message, urn, ephemeral: false);
}
