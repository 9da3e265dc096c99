using ClusterScale.Harness;
using ClusterScale.Simulators.Obshell;

namespace ClusterScale.Conformance.Tests.Reliability;

/// <summary>What must hold in the simulators after a run converged: checked against their own view, not the provider's.</summary>
internal static class WorldInvariants
{
    /// <summary>Every DAG finished successfully (a rolled-back one is SUCCEED+ROLLBACK): none is running or FAILED,
    /// so nothing holds the cluster's maintenance lock.</summary>
    public static void NoClusterLockHeld(ObshellSimulator obshell)
    {
        var holding = obshell.Dags.Where(d => d.State != "SUCCEED").ToList();
        Assert.True(holding.Count == 0, "DAGs still holding the cluster lock: " + string.Join(", ", holding.Select(d => $"{d.Id} {d.Name} {d.State}/{d.Operator} stage {d.Stage}/{d.MaxStage}")));
    }

    /// <summary>Each declared node is a member exactly once, in its zone; each removed node is not a member at all.</summary>
    public static void NodesMatch(ObshellSimulator obshell, IEnumerable<Declared> declared, IEnumerable<string> removedAgents)
    {
        var members = obshell.Members;
        foreach (var node in declared.Where(d => d.Type == Declarations.ObserverNode))
        {
            var agent = Declarations.Subject(node);
            var rows = members.Where(m => m.Agent == agent).ToList();
            Assert.True(rows.Count == 1, $"{node.Name} ({agent}) should be a member exactly once, found {rows.Count}");
            Assert.Equal(node.Inputs["zone"].StringValue, rows[0].Zone);
        }
        foreach (var agent in removedAgents)
            Assert.True(members.All(m => m.Agent != agent), $"{agent} was deleted but is still a member");
    }
}
