using ClusterScale.Harness.Demo;

namespace ClusterScale.Harness.Verbs;

/// <summary>
/// <c>demo [--plugin &lt;path&gt;] [--engine]</c>: the examples' scenario end to end against the embedded simulators.
/// With a <c>pulumi</c> CLI on PATH it runs the YAML examples with it; otherwise (or with <c>--engine</c>) it drives
/// the plugin through the gRPC calls the Pulumi engine makes. Exits non-zero when any step fails.
/// </summary>
public sealed class DemoVerb : IVerb
{
    public string Name => "demo";
    public string Usage => "demo [--plugin <path>] [--engine]       run the scenario against the simulators";

    public async Task<int> RunAsync(VerbArgs args)
    {
        var console = new DemoConsole();
        var passed = !args.Flag("--engine") && PulumiCliDemo.Find() is { } pulumi
            ? await new PulumiCliDemo(pulumi, console).RunAsync()
            : await new DemoScenario(console).RunAsync(args.Option("--plugin"));
        return passed ? 0 : 1;
    }
}
