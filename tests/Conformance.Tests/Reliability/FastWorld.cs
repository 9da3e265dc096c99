using ClusterScale.Harness;
using ClusterScale.Simulators.ModelArts;
using ClusterScale.Simulators.Obshell;

namespace ClusterScale.Conformance.Tests.Reliability;

/// <summary>Simulated worlds whose remote work takes milliseconds, so hundreds of lifecycles fit in the suite.</summary>
internal static class FastWorld
{
    public const string RootPassword = "reliability-Root-9";
    public const string Small = "kat3ne-8-800t.48xlarge.8.matrix";
    public const string Medium = "kat3ne-16-800t.96xlarge.8.matrix";
    public const string Large = "kat3ne-32-800t.192xlarge.8.matrix";

    public static Task<SimulatedWorld> StartAsync(int spareAgents, TimeSpan? stage = null, TimeSpan? serverTransition = null) =>
        SimulatedWorld.StartAsync(new WorldOptions
        {
            Obshell = new ObshellSimulatorOptions
            {
                SpareAgents = spareAgents, StageDuration = stage ?? TimeSpan.FromMilliseconds(5), RootPassword = RootPassword,
            },
            ModelArts = new ModelArtsSimulatorOptions
            {
                ServerCreateDuration = serverTransition ?? TimeSpan.FromMilliseconds(30),
                ServerDeleteDuration = serverTransition ?? TimeSpan.FromMilliseconds(30),
            },
            SupernodeFlavor = Small,
        });

    /// <summary>How many sub-nodes a flavor implies, from the simulator's own catalogue.</summary>
    public static int ServersOf(string flavor) => new ModelArtsSimulatorOptions().Flavors.Single(f => f.Flavor == flavor).ServerCount;

    public static string Ip(string agent) => agent.Split(':')[0];
}
