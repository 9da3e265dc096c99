using Xunit.Abstractions;

namespace ClusterScale.Conformance.Tests.Reliability;

/// <summary>
/// How big a reliability run is and how it can be replayed. <c>CLUSTERSCALE_LONG_TESTS=1</c> scales the counts up
/// (same code, more lifecycles/trials); <c>CLUSTERSCALE_SEED</c> replays the random choices of a failed run.
/// </summary>
internal static class ReliabilityRun
{
    public static bool Long => Environment.GetEnvironmentVariable("CLUSTERSCALE_LONG_TESTS") == "1";

    /// <summary><paramref name="quick"/> in the default suite, <paramref name="thorough"/> in long mode.</summary>
    public static int Count(int quick, int thorough) => Long ? thorough : quick;

    /// <summary>The seed for this test's randomness, printed first so a failure can be replayed.</summary>
    public static Random Seeded(ITestOutputHelper output, string test)
    {
        var seed = int.TryParse(Environment.GetEnvironmentVariable("CLUSTERSCALE_SEED"), out var given) ? given : Random.Shared.Next();
        output.WriteLine($"{test}: seed {seed} (replay with CLUSTERSCALE_SEED={seed}){(Long ? ", long mode" : "")}");
        return new Random(seed);
    }
}
