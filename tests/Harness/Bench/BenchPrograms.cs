namespace ClusterScale.Harness.Bench;

/// <summary>The resources the benches declare.</summary>
public static class BenchPrograms
{
    public static Declared Node(string name, string agent, string zone) => new("clusterscale:obshell:ObserverNode", name, Props.Of(
        ("ip", agent.Split(':')[0]), ("obshellPort", int.Parse(agent.Split(':')[1])), ("zone", zone)));
}
