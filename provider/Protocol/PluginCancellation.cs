namespace ClusterScale.Provider.Protocol;

/// <summary>
/// The engine's Cancel RPC aborts every operation in flight, but the plugin keeps serving (the engine may still call
/// Delete or Read afterwards, and a Ctrl-C'd run ends with Cancel before it closes the plugin). So each Cancel fires
/// the current token and installs a fresh one for operations that start later.
/// </summary>
public sealed class PluginCancellation
{
    private CancellationTokenSource _current = new();
    private readonly Lock _gate = new();

    /// <summary>The token operations starting now are linked to.</summary>
    public CancellationToken Current
    {
        get { lock (_gate) return _current.Token; }
    }

    /// <summary>Cancels every operation started before this call.</summary>
    public void CancelAll()
    {
        CancellationTokenSource cancelled;
        lock (_gate)
        {
            cancelled = _current;
            _current = new CancellationTokenSource();
        }
        cancelled.Cancel();
        // Not disposed: operations may still be registering on its token; it holds no unmanaged resources once cancelled.
    }
}
