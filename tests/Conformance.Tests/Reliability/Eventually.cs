namespace ClusterScale.Conformance.Tests.Reliability;

/// <summary>Waits for something the simulators will show (a DAG in flight, a supernode settled), on real time
/// because the plugin runs in another process; fails the test when it never shows up.</summary>
internal static class Eventually
{
    public static async Task TrueAsync(Func<bool> condition, string what, TimeSpan? budget = null)
    {
        var deadline = DateTime.UtcNow + (budget ?? TimeSpan.FromSeconds(30));
        while (!condition())
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"never saw: {what}");
            await Task.Delay(2);
        }
    }
}
