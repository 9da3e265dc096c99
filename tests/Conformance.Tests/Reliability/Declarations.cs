using ClusterScale.Harness;

namespace ClusterScale.Conformance.Tests.Reliability;

/// <summary>The resources a reliability program declares, with the fields the invariants check.</summary>
internal static class Declarations
{
    public const string ObserverNode = "clusterscale:obshell:ObserverNode";
    public const string SupernodeScale = "clusterscale:modelarts:SupernodeScale";

    public static Declared Node(string name, string agent, string zone, bool forceKill = false, string failurePolicy = "rollback") =>
        new(ObserverNode, name, Props.Of(
            ("ip", FastWorld.Ip(agent)), ("obshellPort", int.Parse(agent.Split(':')[1])), ("zone", zone),
            ("forceKill", forceKill), ("failurePolicy", failurePolicy)));

    public static Declared Supernode(string name, string supernodeId, string flavor) =>
        new(SupernodeScale, name, Props.Of(
            ("supernodeId", supernodeId), ("flavor", flavor), ("imageId", "f4059eb4-c2f5-46a8-9b33-6cbed5d3fc81"),
            ("keyPairName", "KeyPair-reliability")));

    /// <summary>What a failure message about this resource must name: the node's ip:port or the supernode id.</summary>
    public static string Subject(Declared resource) => resource.Type == ObserverNode
        ? $"{resource.Inputs["ip"].StringValue}:{(int)resource.Inputs["obshellPort"].NumberValue}"
        : resource.Inputs["supernodeId"].StringValue;

    public static string Flavor(Declared supernode) => supernode.Inputs["flavor"].StringValue;
}
