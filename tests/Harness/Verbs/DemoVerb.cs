using ClusterScale.Harness.Demo;

namespace ClusterScale.Harness.Verbs;

/// <summary>
/// <c>demo [--plugin &lt;path&gt;]</c>: the examples' scenario end to end against the embedded simulators, driving
/// the plugin through the gRPC calls the Pulumi engine makes. Exits non-zero when any step fails.
/// </summary>
public sealed class DemoVerb : IVerb
{
    public string Name => "demo";
    public string Usage => "demo [--plugin <path>]                  run the scenario against the simulators";

    public async Task<int> RunAsync(VerbArgs args) =>
        await new DemoScenario(new DemoConsole()).RunAsync(args.Option("--plugin")) ? 0 : 1;
}
