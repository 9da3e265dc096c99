namespace ClusterScale.Simulators.Obshell;

/// <summary>A node of the cluster as a test sees it: its agent plus its OBServer row (null while it has none).</summary>
public sealed record MemberView(
    string Ip, int ObshellPort, string Zone, string Identity, string? ServerStatus, int RpcPort, int SqlPort)
{
    public string Agent => $"{Ip}:{ObshellPort}";
}

/// <summary>A cluster DAG as a test sees it. <see cref="Id"/> is the generic id ("1" + dag id).</summary>
public sealed record DagView(
    string Id, string Name, string State, string Operator, int Stage, int MaxStage, DateTimeOffset? FinishedAt);

/// <summary>One request an agent received. <see cref="Status"/> is 0 when the connection was reset.</summary>
public sealed record RecordedRequest(string Agent, string Method, string PathAndQuery, int Status);
