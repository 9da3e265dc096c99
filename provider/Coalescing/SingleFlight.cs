namespace ClusterScale.Provider.Coalescing;

/// <summary>
/// Shares one in-flight read among concurrent callers asking for the same key (a refresh of a hundred nodes of one
/// cluster asks the same question a hundred times at once). Nothing is cached: a flight is forgotten before its
/// result is handed out, so a caller that starts after a read finished always sends its own request and can never
/// be shown state older than its own call (drift stays visible).
/// <list type="bullet">
/// <item>A failure reaches exactly the callers that were waiting on that flight.</item>
/// <item>A caller that gives up (its token fires) stops waiting, but the read goes on for the others; only when every
/// waiter has given up is the read itself cancelled (and the flight forgotten, so the next caller starts afresh).</item>
/// </list>
/// </summary>
public sealed class SingleFlight<TKey, TValue>(bool enabled = true) where TKey : notnull
{
    private readonly Lock _gate = new();
    private readonly Dictionary<TKey, Flight> _flights = new();

    /// <summary>Off = every caller sends its own read (the bench's baseline).</summary>
    public bool Enabled { get; } = enabled;

    public async Task<TValue> RunAsync(TKey key, Func<CancellationToken, Task<TValue>> read, CancellationToken cancellation)
    {
        if (!Enabled) return await read(cancellation);
        cancellation.ThrowIfCancellationRequested();
        Flight flight;
        bool starter;
        lock (_gate)
        {
            starter = !_flights.TryGetValue(key, out flight!);
            if (starter) _flights[key] = flight = new Flight();
            flight.Waiters++;
        }
        if (starter) _ = FlyAsync(key, flight, read);
        try
        {
            return await flight.Result.Task.WaitAsync(cancellation);
        }
        catch (OperationCanceledException) when (cancellation.IsCancellationRequested)
        {
            Leave(key, flight);
            throw;
        }
    }

    /// <summary>Runs the shared read, forgets the flight, then hands the outcome to its waiters (in that order, so
    /// nobody can join a finished flight).</summary>
    private async Task FlyAsync(TKey key, Flight flight, Func<CancellationToken, Task<TValue>> read)
    {
        try
        {
            var value = await read(flight.Abandoned.Token);
            Forget(key, flight);
            flight.Result.TrySetResult(value);
        }
        catch (OperationCanceledException e) when (flight.Abandoned.IsCancellationRequested)
        {
            Forget(key, flight);
            flight.Result.TrySetCanceled(e.CancellationToken);
        }
        catch (Exception e)
        {
            Forget(key, flight);
            flight.Result.TrySetException(e);
        }
        // Abandoned is not disposed: a waiter leaving at this very moment may still cancel it, and a token source
        // without timers or linked tokens holds nothing that needs releasing.
    }

    private void Leave(TKey key, Flight flight)
    {
        lock (_gate)
        {
            if (--flight.Waiters > 0 || flight.Result.Task.IsCompleted) return;
            // Nobody wants this answer any more: stop the request and let the next caller start a fresh one.
            Forget(key, flight);
            flight.Abandoned.Cancel();
        }
    }

    private void Forget(TKey key, Flight flight)
    {
        lock (_gate)
            if (_flights.TryGetValue(key, out var current) && ReferenceEquals(current, flight))
                _flights.Remove(key);
    }

    private sealed class Flight
    {
        public TaskCompletionSource<TValue> Result { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
        public CancellationTokenSource Abandoned { get; } = new();
        public int Waiters { get; set; }
    }
}
