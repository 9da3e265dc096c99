using System.Diagnostics;
using Pulumirpc;

namespace ClusterScale.Harness.Demo;

/// <summary>What the demo shows a person: numbered steps, the progress lines the provider sends the engine (as
/// `pulumi up` would display them under each resource), what each step did, checks against the simulators, and a
/// final summary.</summary>
public sealed class DemoConsole
{
    private readonly List<(string Title, TimeSpan Took, bool Passed)> _steps = [];
    private readonly Dictionary<string, string> _lastStatus = new(StringComparer.Ordinal);
    private readonly object _gate = new();
    private bool _stepPassed;

    public bool AllPassed => _steps.All(s => s.Passed);

    public void Title(string title) => Console.WriteLine($"\n{title}\n{new string('=', title.Length)}");

    public void World(SimulatedWorld world)
    {
        Console.WriteLine($"obshell simulator: cluster agents {string.Join(", ", world.Obshell.ClusterEndpoints.Select(e => $"{world.Obshell.AgentAt(e)} @ {e}"))}");
        Console.WriteLine($"                   spare nodes {string.Join(", ", world.Obshell.SpareAgents)}");
        var supernode = world.ModelArts.GetSupernode(world.SupernodeId);
        Console.WriteLine($"ModelArts simulator: {world.ModelArts.Endpoint}, supernode {supernode.Id} ({supernode.Flavor}, {supernode.Servers.Count} servers)");
        Console.WriteLine($"plugin: pulumi-resource-clusterscale on 127.0.0.1:{world.Plugin.Port}, ready in {world.Plugin.StartupTime.TotalMilliseconds:0} ms");
    }

    /// <summary>Shows a Log call from the plugin; status lines only when they change, as the CLI's live view does.</summary>
    public void Progress(LogRequest log)
    {
        var resource = log.Urn.Split("::")[^1];
        lock (_gate)
        {
            if (log.Ephemeral && _lastStatus.GetValueOrDefault(resource) == log.Message) return;
            if (log.Ephemeral) _lastStatus[resource] = log.Message;
            var marker = log.Severity switch { LogSeverity.Warning => "warning: ", LogSeverity.Error => "error: ", _ => "" };
            Console.WriteLine($"      {resource,-14} {marker}{log.Message}");
        }
    }

    public async Task Step(string title, Func<Task<IReadOnlyList<string>>> action, Func<bool> verify)
    {
        Console.WriteLine($"\n[{_steps.Count + 1}] {title}");
        var clock = Stopwatch.StartNew();
        _stepPassed = true;
        try
        {
            foreach (var line in await action()) Console.WriteLine($"    {line}");
            verify();
        }
        catch (Exception e) when (e is DemoStepException or Grpc.Core.RpcException or LifecycleCheckFailedException)
        {
            Console.WriteLine($"    FAILED: {e.Message}");
            _stepPassed = false;
        }
        _steps.Add((title, clock.Elapsed, _stepPassed));
        Console.WriteLine($"    ({clock.Elapsed.TotalSeconds:0.0} s)");
    }

    /// <summary>A check of the simulated world after a step; a failed one fails the step.</summary>
    public bool Verify(bool condition, string what)
    {
        Console.WriteLine($"    {(condition ? "ok" : "NOT OK")}: {what}");
        _stepPassed &= condition;
        return condition;
    }

    public void Summary(SimulatedWorld world)
    {
        Console.WriteLine("\nsummary");
        for (var i = 0; i < _steps.Count; i++)
            Console.WriteLine($"  {(_steps[i].Passed ? "PASS" : "FAIL")}  {_steps[i].Took.TotalSeconds,5:0.0} s  [{i + 1}] {_steps[i].Title}");
        Console.WriteLine($"  requests: {world.Obshell.Requests.Count} to obshell agents, {world.ModelArts.Requests.Count} to ModelArts; " +
                          $"{world.Engine.Logs.Count} progress messages from the plugin");
        Console.WriteLine(AllPassed ? "\ndemo passed" : "\ndemo FAILED");
    }
}
