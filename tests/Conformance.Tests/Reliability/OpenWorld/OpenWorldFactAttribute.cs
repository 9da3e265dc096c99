namespace ClusterScale.Conformance.Tests.Reliability.OpenWorld;

/// <summary>
/// The open-world campaign runs when <c>CLUSTERSCALE_OPEN_WORLD=1</c> (<c>make open-world</c>) and is skipped, saying
/// why, otherwise. It still finds provider defects (issue 21 stays open; README, Reliability, lists them), and a suite
/// that fails on known, open defects would hide every new failure behind them. Its checker's tests
/// (<see cref="OpenWorldViolationsTests"/>) run in every <c>make test</c>.
/// </summary>
public sealed class OpenWorldFactAttribute : FactAttribute
{
    public const string Variable = "CLUSTERSCALE_OPEN_WORLD";

    public OpenWorldFactAttribute()
    {
        if (Environment.GetEnvironmentVariable(Variable) != "1")
            Skip = $"the open-world campaign still finds open provider defects (issue 21): run it with `make open-world` ({Variable}=1)";
    }
}
