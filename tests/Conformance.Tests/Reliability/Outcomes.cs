using ClusterScale.Harness;

namespace ClusterScale.Conformance.Tests.Reliability;

internal static class Outcomes
{
    /// <summary>Every step of a run succeeded; otherwise fails naming each failed resource and what it reported.</summary>
    public static void AssertAllSucceeded(IReadOnlyList<StepOutcome> outcomes) =>
        Assert.True(outcomes.All(o => o.Succeeded), string.Join("\n", outcomes.Where(o => !o.Succeeded).Select(o => $"{o.Name}: {o.Detail}")));
}
