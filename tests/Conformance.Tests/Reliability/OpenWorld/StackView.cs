using ClusterScale.Harness;
using ClusterScale.Provider.Protocol;

namespace ClusterScale.Conformance.Tests.Reliability.OpenWorld;

/// <summary>
/// What the invariants need to know about one stack, at one instant: who it is to the remotes (its access key, the
/// agents it talks to), what it ever declared this round, what the engine holds for it, and everything it was shown
/// (failure messages and warnings: a server or node named there was reported to the user).
/// </summary>
internal sealed record StackView(
    string Name,
    string AccessKey,
    IReadOnlySet<string> Agents,
    IReadOnlySet<string> DeclaredNodes,
    IReadOnlyDictionary<string, ResourceState> State,
    IReadOnlyList<string> Shown,
    IReadOnlySet<string> Adopted,
    IReadOnlyList<UnreachableCreate>? Unreachable = null)
{
    /// <summary>Whether <paramref name="server"/> may have been added by a create that no provider call of this stack
    /// could ever reach again (see <see cref="UnreachableCreate"/>).</summary>
    public bool BeyondEveryProvider(ServerRecord server) =>
        Unreachable?.Any(c => c.SupernodeId == server.SupernodeId && c.From <= server.CreateAt && server.CreateAt <= c.To) == true;

    /// <summary>Node resources in state: name -> (ip:port, zone, dagId).</summary>
    public IEnumerable<(string Name, string Agent, string Zone, string DagId)> Nodes => State
        .Where(r => r.Value.Inputs.TryGetValue("ip", out _))
        .Select(r => (r.Key, $"{Field(r.Value, "ip")}:{Port(r.Value)}", Field(r.Value, "zone"), Field(r.Value, "dagId")));

    /// <summary>Supernode scales in state: name -> (supernode, servers it records as its own).</summary>
    public IEnumerable<(string Name, string SupernodeId, IReadOnlyList<string> Owned)> Scales => State
        .Where(r => r.Value.Inputs.TryGetValue("supernodeId", out _))
        .Select(r => (r.Key, Field(r.Value, "supernodeId"),
            (IReadOnlyList<string>)(r.Value.Outputs.TryGetValue("addedServerIds", out var ids) && ids.Kind == PropertyKind.Array ? ids.ArrayValue.Select(v => v.StringValue).ToList() : [])));

    /// <summary>Whether the user was told about <paramref name="thing"/> (a server id, a node's ip:port, a DAG id).</summary>
    public bool WasShown(string thing) => Shown.Any(text => text.Contains(thing, StringComparison.OrdinalIgnoreCase));

    private static string Field(ResourceState state, string key) =>
        state.Outputs.TryGetValue(key, out var output) && output.Kind == PropertyKind.String ? output.StringValue
        : state.Inputs.TryGetValue(key, out var input) && input.Kind == PropertyKind.String ? input.StringValue : "";

    private static int Port(ResourceState state) =>
        state.Outputs.TryGetValue("obshellPort", out var output) && output.Kind == PropertyKind.Number ? (int)output.NumberValue
        : state.Inputs.TryGetValue("obshellPort", out var input) && input.Kind == PropertyKind.Number ? (int)input.NumberValue : 2886;
}
