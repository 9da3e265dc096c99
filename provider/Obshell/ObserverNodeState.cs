using ClusterScale.Provider.Obshell.Api;
using ClusterScale.Provider.Obshell.Cluster;
using ClusterScale.Provider.Protocol;

namespace ClusterScale.Provider.Obshell;

/// <summary>The outputs of an ObserverNode: its inputs (secrets still wrapped) plus what the cluster reports.
/// <c>dagState</c> SUCCEED marks a finished create; anything else is an unfinished one the next update resumes.</summary>
public static class ObserverNodeState
{
    public const string DagIdKey = "dagId";
    public const string DagStateKey = "dagState";
    public const string RpcPortKey = "rpcPort";
    public const string SqlPortKey = "sqlPort";
    public const string ServerStatusKey = "serverStatus";
    public const string VersionKey = "version";
    public const string CreatedZoneKey = "createdZone";

    /// <summary>The node of a "Cluster scale out" DAG that creates the zone (spec §3): only a DAG into a new zone has
    /// it (obshell@61ee147 ob/agent/executor/ob/enter.go:209, scale_out.go:226-228).</summary>
    private const string AddNewZoneNode = "Add new zone for scale_out";

    /// <summary>Recorded when a change request's answer was lost and the cluster could not be re-read.</summary>
    public const string UnknownDagState = "UNKNOWN";

    /// <summary>Recorded by refresh when the node is out of the topology while a scale-in of its own (a destroy cut
    /// short) still holds the cluster lock: not SUCCEED, so the next update settles that DAG and adds the node again,
    /// and the next destroy finishes the DAG.</summary>
    public const string RemovingDagState = "REMOVING";

    /// <summary>Recorded when our DAG succeeded but the topology could not be read after it (cancelled, unreachable):
    /// not SUCCEED, so the next update reads the membership before calling the create finished.</summary>
    public const string UnreadDagState = "SUCCEED_UNREAD";

    private static readonly string[] ClusterKeys = [DagIdKey, DagStateKey, RpcPortKey, SqlPortKey, ServerStatusKey, VersionKey, CreatedZoneKey];

    /// <summary>Outputs for a member node. <paramref name="dag"/> is the DAG that added it; an adopted node keeps the
    /// DAG recorded earlier (or none).</summary>
    public static PropertyMap Member(PropertyMap inputs, ClusterMember member, DagDetail? dag, PropertyMap previous) =>
        Inputs(inputs)
            .With(DagIdKey, PropertyValue.From(dag?.Id ?? RecordedDagId(previous) ?? ""))
            .With(DagStateKey, PropertyValue.From(DagStates.Succeed))
            .With(RpcPortKey, PropertyValue.From(member.Server.SvrPort))
            .With(SqlPortKey, PropertyValue.From(member.Server.SqlPort))
            .With(ServerStatusKey, PropertyValue.From(member.Server.Status ?? ""))
            .With(VersionKey, PropertyValue.From(member.Version ?? ""))
            .With(CreatedZoneKey, PropertyValue.From(CreatedZone(dag, previous)));

    /// <summary>Outputs of a create that started but did not finish: the DAG to resume, nothing else known yet.</summary>
    public static PropertyMap Unfinished(PropertyMap inputs, DagDetail? dag, PropertyMap previous) =>
        Inputs(inputs)
            .With(DagIdKey, PropertyValue.From(dag?.Id ?? RecordedDagId(previous) ?? ""))
            .With(DagStateKey, PropertyValue.From(dag is null ? UnknownDagState : dag.State == DagStates.Succeed ? UnreadDagState : dag.State))
            .With(RpcPortKey, previous.Get(RpcPortKey).IsNull ? PropertyValue.From(0) : previous.Get(RpcPortKey))
            .With(SqlPortKey, previous.Get(SqlPortKey).IsNull ? PropertyValue.From(0) : previous.Get(SqlPortKey))
            .With(ServerStatusKey, PropertyValue.From(""))
            .With(VersionKey, previous.Get(VersionKey).IsNull ? PropertyValue.From("") : previous.Get(VersionKey))
            .With(CreatedZoneKey, PropertyValue.From(CreatedZone(dag, previous)));

    /// <summary>The recorded outputs of a node whose own scale-in holds the cluster lock (<see cref="RemovingDagState"/>).</summary>
    public static PropertyMap Removing(PropertyMap previous) => previous.With(DagStateKey, PropertyValue.From(RemovingDagState));

    /// <summary>Preview of a create: inputs plus unknown cluster outputs.</summary>
    public static PropertyMap Preview(PropertyMap inputs) =>
        ClusterKeys.Aggregate(Inputs(inputs), (outputs, key) => outputs.With(key, PropertyValue.Computed));

    /// <summary>New inputs with the recorded cluster outputs kept (in-place updates change no cluster output).</summary>
    public static PropertyMap WithRecorded(PropertyMap inputs, PropertyMap previous) =>
        ClusterKeys.Aggregate(Inputs(inputs), (outputs, key) => previous.Get(key).IsNull ? outputs : outputs.With(key, previous.Get(key)));

    public static bool IsCreateFinished(PropertyMap outputs) =>
        outputs.Get(DagStateKey).Unwrapped() is { Kind: PropertyKind.String } state && state.StringValue == DagStates.Succeed;

    /// <summary>An earlier run lost the answer to its scale_out request (see <see cref="UnknownDagState"/>).</summary>
    public static bool IsOutcomeUnknown(PropertyMap outputs) =>
        outputs.Get(DagStateKey).Unwrapped() is { Kind: PropertyKind.String } state && state.StringValue == UnknownDagState;

    /// <summary>Whether the node's own scale-out created its zone: its DAG had "Add new zone" (recorded once known;
    /// an adopted or imported node never created its zone).</summary>
    public static bool CreatedZone(PropertyMap outputs) =>
        outputs.Get(CreatedZoneKey).Unwrapped() is { Kind: PropertyKind.Bool } created && created.BoolValue;

    private static bool CreatedZone(DagDetail? dag, PropertyMap previous) =>
        dag?.Nodes?.Any(n => n.Name == AddNewZoneNode) == true || CreatedZone(previous);

    public static int? RecordedRpcPort(PropertyMap outputs) =>
        outputs.Get(RpcPortKey).Unwrapped() is { Kind: PropertyKind.Number } port && port.NumberValue > 0 ? (int)port.NumberValue : null;

    public static string? RecordedDagId(PropertyMap outputs) =>
        outputs.Get(DagIdKey).Unwrapped() is { Kind: PropertyKind.String } id && id.StringValue.Length > 0 ? id.StringValue : null;

    /// <summary>The inputs as outputs; the password stays a secret even if state lost the wrapper.</summary>
    private static PropertyMap Inputs(PropertyMap inputs)
    {
        var password = inputs.Get(ObserverNodeArgs.TargetAgentPasswordKey);
        return password.IsNull ? inputs : inputs.With(ObserverNodeArgs.TargetAgentPasswordKey, PropertyValue.Secret(password));
    }
}
