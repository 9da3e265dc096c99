using ClusterScale.Harness;
using ClusterScale.Simulators.ModelArts;
using ClusterScale.Simulators.Obshell;

namespace ClusterScale.Conformance.Tests.Reliability;

/// <summary>Simulated worlds whose remote work takes milliseconds, so hundreds of lifecycles fit in the suite.</summary>
internal static class FastWorld
{
    public const string RootPassword = "reliability-Root-9";
    /// <summary>Spec section 6: kat3ne-{N} has N/8 sub-nodes. The campaign's sizes keep 2, 4 and 8 sub-nodes (what
    /// they had before the simulator followed section 6), so a scale-down from any of them leaves more than one.</summary>
    public const string Small = "kat3ne-16-800t.96xlarge.8.matrix";
    public const string Medium = "kat3ne-32-800t.192xlarge.8.matrix";
    public const string Large = "kat3ne-64-800t.384xlarge.8.matrix";
    /// <summary>One sub-node, the smallest supernode (section 4: it cannot be scaled down; scaled up and back it must
    /// return to its single original server).</summary>
    public const string Single = "kat3ne-8-800t.48xlarge.8.matrix";

    public static Task<SimulatedWorld> StartAsync(int spareAgents, TimeSpan? stage = null, TimeSpan? serverTransition = null, TestMachine? machine = null) =>
        SimulatedWorld.StartAsync(new WorldOptions
        {
            Machine = machine,
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

    /// <summary>The sub-node counts the simulator's catalogue sells (spec section 6), ascending.</summary>
    public static readonly int[] SubNodeCounts = new ModelArtsSimulatorOptions().Flavors.Select(f => f.ServerCount).Order().ToArray();

    /// <summary>The catalogue's flavor with <paramref name="subNodes"/> sub-nodes.</summary>
    public static string FlavorWith(int subNodes) => new ModelArtsSimulatorOptions().Flavors.Single(f => f.ServerCount == subNodes).Flavor;

    /// <summary>How many sub-nodes a flavor implies, from the simulator's own catalogue.</summary>
    public static int ServersOf(string flavor) => new ModelArtsSimulatorOptions().Flavors.Single(f => f.Flavor == flavor).ServerCount;

    public static string Ip(string agent) => agent.Split(':')[0];
}
