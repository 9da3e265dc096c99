namespace ClusterScale.Provider.Protocol;

/// <summary>
/// The plugin's own diagnostics. Stdout belongs to the port handshake, so these go to stderr, and only when the
/// engine asked for verbose logs (<c>-v</c>/<c>--logtostderr</c>); the engine files stderr under its debug log.
/// Callers pass messages they built themselves, never property values, so secrets cannot leak here.
/// </summary>
public sealed class DebugLog(TextWriter? sink)
{
    public static readonly DebugLog Off = new(null);

    public bool Enabled => sink is not null;

    public void Write(string message)
    {
        if (sink is null) return;
        lock (sink) sink.WriteLine($"{DateTime.UtcNow:HH:mm:ss.fff} clusterscale: {message}");
    }
}
