using ClusterScale.Harness;
using ClusterScale.Simulators.ModelArts;
using ClusterScale.Simulators.Obshell;
using static ClusterScale.Conformance.Tests.Reliability.Declarations;

namespace ClusterScale.Conformance.Tests.Reliability;

/// <summary>
/// The campaign's invariants, checked against the simulators' own truth (never the provider's view) and counted
/// rather than asserted, so a campaign runs to its end and its summary line shows every violation it met.
/// </summary>
internal sealed class CampaignViolations
{
    private const int KeptExamples = 40;
    private const string ScaleOutDag = "Cluster scale out";
    private const string ScaleInDag = "Cluster scale in";

    /// <summary>Servers owned by no resource: a member no declared node and no original member accounts for, a
    /// sub-node neither original nor in any resource's <c>addedServerIds</c>.</summary>
    public int Orphans { get; private set; }
    /// <summary>Something added twice: a node a member more than once, more successful scale-out/scale-in DAGs than
    /// node adds/removals, a resource owning more servers than its flavor adds.</summary>
    public int Duplicates { get; private set; }
    /// <summary>Something that should exist and does not: a declared node not a member, an original member or
    /// sub-node gone, a server a resource recorded missing, fewer servers than the flavor adds.</summary>
    public int Lost { get; private set; }
    /// <summary>A node reported removed while still a member, a member in another zone than declared, a resource
    /// claiming servers it did not add (an original sub-node).</summary>
    public int WrongAdoptions { get; private set; }
    /// <summary>DAGs not finished successfully after a run converged: each holds the cluster's maintenance lock.</summary>
    public int HeldLocks { get; private set; }

    public List<string> Examples { get; } = [];

    public int Total => Orphans + Duplicates + Lost + WrongAdoptions + HeldLocks;

    public string Line(int lifecycles, int actThenFail, int kills) =>
        $"campaign: lifecycles={lifecycles} act_then_fail={actThenFail} kills={kills} orphans={Orphans} duplicates={Duplicates} lost={Lost} wrong_adoptions={WrongAdoptions} held_locks={HeldLocks}";

    /// <summary>A node whose Delete just returned success must not be a member any more (checked at that instant).</summary>
    public void NodeReportedRemoved(ObshellSimulator obshell, string name, string agent)
    {
        if (obshell.Members.Any(m => m.Agent == agent))
            WrongAdoptions += Note($"{name} ({agent}) was reported removed while still a member");
    }

    /// <summary>The obshell cluster after a converged run: the declared nodes and the original members, each once.</summary>
    public void CheckCluster(ObshellSimulator obshell, IReadOnlyCollection<string> originalMembers, IEnumerable<Declared> declared)
    {
        var members = obshell.Members;
        var nodes = declared.Where(d => d.Type == ObserverNode).ToList();
        foreach (var node in nodes)
        {
            var agent = Subject(node);
            var rows = members.Where(m => m.Agent == agent).ToList();
            if (rows.Count == 0) Lost += Note($"{node.Name} ({agent}) is declared but not a member");
            if (rows.Count > 1) Duplicates += Note($"{node.Name} ({agent}) is a member {rows.Count} times", rows.Count - 1);
            if (rows.Count > 0 && rows[0].Zone != node.Inputs["zone"].StringValue)
                WrongAdoptions += Note($"{node.Name} ({agent}) is a member in {rows[0].Zone}, declared in {node.Inputs["zone"].StringValue}");
        }
        foreach (var agent in originalMembers.Where(a => members.All(m => m.Agent != a)))
            Lost += Note($"original member {agent} is gone");
        var owned = originalMembers.Concat(nodes.Select(Subject)).ToHashSet();
        foreach (var member in members.Where(m => !owned.Contains(m.Agent)))
            Orphans += Note($"member {member.Agent} ({member.Identity}, server {member.ServerStatus ?? "none"}) belongs to no declared node");
        foreach (var dag in obshell.Dags.Where(d => d.State != "SUCCEED"))
            HeldLocks += Note($"DAG {dag.Id} {dag.Name} {dag.State}/{dag.Operator} stage {dag.Stage}/{dag.MaxStage} holds the cluster lock");
    }

    /// <summary>Scale DAGs that ran to success (not rolled back) during a round, against the node adds and removals
    /// the round asked for: more means a node was scaled out or in twice.</summary>
    public void CheckDagCounts(ObshellSimulator obshell, int dagsBefore, int nodeAdds, int nodeRemovals)
    {
        var dags = obshell.Dags.Skip(dagsBefore).Where(d => d is { State: "SUCCEED", Operator: "RUN" }).ToList();
        var scaleOuts = dags.Count(d => d.Name == ScaleOutDag);
        var scaleIns = dags.Count(d => d.Name == ScaleInDag);
        if (scaleOuts > nodeAdds) Duplicates += Note($"{scaleOuts} scale-out DAGs succeeded for {nodeAdds} node adds", scaleOuts - nodeAdds);
        if (scaleIns > nodeRemovals) Duplicates += Note($"{scaleIns} scale-in DAGs succeeded for {nodeRemovals} node removals", scaleIns - nodeRemovals);
    }

    /// <summary>
    /// One supernode after a converged run: its original servers, plus exactly the servers its SupernodeScale (if one
    /// is among <paramref name="scales"/>, the state of every resource) recorded as added, as many as its flavor adds. Returns the CREATE_FAILED servers left (counted).
    /// </summary>
    public int CheckSupernode(ModelArtsSimulator modelArts, string supernodeId, IReadOnlyCollection<string> original, string? declaredFlavor, IEnumerable<ResourceState> scales)
    {
        var view = modelArts.GetSupernode(supernodeId);
        var present = view.Servers.Select(s => s.Id).ToHashSet();
        var recorded = scales.Where(s => s.Inputs.TryGetValue("supernodeId", out var target) && target.StringValue == supernodeId)
            .SelectMany(s => s.Outputs.TryGetValue("addedServerIds", out var ids) ? ids.ArrayValue.Select(v => v.StringValue) : [])
            .ToHashSet();
        var expectedAdded = declaredFlavor is null ? 0 : FastWorld.ServersOf(declaredFlavor) - original.Count;
        var what = $"supernode {supernodeId} ({declaredFlavor ?? "not scaled"})";

        foreach (var id in original.Where(id => !present.Contains(id))) Lost += Note($"{what}: original server {id} is gone");
        foreach (var id in recorded.Where(id => !present.Contains(id))) Lost += Note($"{what}: recorded server {id} is gone");
        if (recorded.Count < expectedAdded) Lost += Note($"{what}: owns {recorded.Count} added servers, its flavor adds {expectedAdded}", expectedAdded - recorded.Count);
        if (recorded.Count > expectedAdded) Duplicates += Note($"{what}: owns {recorded.Count} added servers, its flavor adds {expectedAdded}", recorded.Count - expectedAdded);
        foreach (var id in recorded.Where(original.Contains)) WrongAdoptions += Note($"{what}: claims original server {id}");
        foreach (var server in view.Servers.Where(s => !original.Contains(s.Id) && !recorded.Contains(s.Id)))
            Orphans += Note($"{what}: server {server.Id} ({server.Status}) belongs to no resource");
        return view.Servers.Count(s => s.Status == "CREATE_FAILED");
    }

    private int Note(string violation, int count = 1)
    {
        if (Examples.Count < KeptExamples) Examples.Add(violation);
        return count;
    }
}
