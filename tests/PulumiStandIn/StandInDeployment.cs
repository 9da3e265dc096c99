// NOT Pulumi: the part of the stand-in (see README.md) that replaces the engine. Internal: only tests/Sdk.Tests
// (InternalsVisibleTo) reads what a program declared.
using System.Collections.Concurrent;

namespace Pulumi;

/// <summary>What one run of a program declared.</summary>
internal sealed class StandInRun
{
    public ConcurrentQueue<Resource> Resources { get; } = new();
    public ConcurrentQueue<StandInInvoke> Invokes { get; } = new();
    public IDictionary<string, object?> StackOutputs { get; set; } = new Dictionary<string, object?>();
    public Exception? Error { get; set; }
}

internal static class StandInDeployment
{
    private static readonly AsyncLocal<StandInRun?> Current = new();

    /// <summary>The last run that finished; tests of the examples read it after invoking a program's entry point.</summary>
    public static StandInRun? LastRun { get; private set; }

    public static void Record(Resource resource) => Current.Value?.Resources.Enqueue(resource);

    public static void RecordInvoke(StandInInvoke invoke) => Current.Value?.Invokes.Enqueue(invoke);

    public static bool IsRunning => Current.Value is not null;

    public static async Task<int> RunAsync(Func<Task<IDictionary<string, object?>>> program)
    {
        var run = new StandInRun();
        Current.Value = run;
        try
        {
            run.StackOutputs = await program();
            Console.Error.WriteLine(
                $"This program was built against tests/PulumiStandIn, which is NOT Pulumi: it declared {run.Resources.Count} " +
                "resources and nothing was deployed. Build with -p:PulumiStandIn=false to use the Pulumi SDK.");
        }
        catch (Exception error)
        {
            run.Error = error;
            Console.Error.WriteLine($"error: {error.Message}");
        }
        finally
        {
            Current.Value = null;
            LastRun = run;
        }
        // Never 0: an engine must not mistake a stand-in build for a program that declares no resources.
        return 1;
    }
}
