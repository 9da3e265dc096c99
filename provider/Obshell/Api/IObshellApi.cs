using Refit;

namespace ClusterScale.Provider.Obshell.Api;

/// <summary>
/// The obshell agent endpoints the provider uses. Declarative only: the hybrid-encryption header and body are added
/// by <see cref="Auth.ObshellAuthHandler"/>, failures become <see cref="ObshellApiException"/> through
/// <see cref="ObshellErrors"/>, transient faults are retried by the shared retry handler.
/// </summary>
public interface IObshellApi
{
    [Get("/api/v1/secret")]
    Task<ObshellEnvelope<AgentSecret>> GetSecretAsync(CancellationToken cancellation);

    [Get("/api/v1/info")]
    Task<ObshellEnvelope<AgentInfo>> GetInfoAsync(CancellationToken cancellation);

    [Get("/api/v1/ob/info")]
    Task<ObshellEnvelope<ObInfo>> GetObInfoAsync(CancellationToken cancellation);

    [Post("/api/v1/ob/scale_out")]
    Task<ObshellEnvelope<DagDetail>> ScaleOutAsync([Body] ScaleOutRequest request, CancellationToken cancellation);

    /// <summary>Null (HTTP 204) when the node is not in the cluster: already gone.</summary>
    [Post("/api/v1/ob/scale_in")]
    Task<ObshellEnvelope<DagDetail>?> ScaleInAsync([Body] ScaleInRequest request, CancellationToken cancellation);

    /// <summary>Null (HTTP 204) when the zone does not exist. No auth check on this route (spec §9); the header is sent anyway.</summary>
    [Delete("/api/v1/zone/{name}")]
    Task<ObshellEnvelope<DagDetail>?> DeleteZoneAsync(string name, CancellationToken cancellation);

    /// <summary>Cluster parameters with their per-server values (4.3.0.0+; 404 before).</summary>
    [Get("/api/v1/obcluster/parameters")]
    Task<ObshellEnvelope<ObshellList<ClusterParameter>>> GetParametersAsync(CancellationToken cancellation);

    /// <summary>Synchronous, no DAG, no lock, not atomic; 200 without data.</summary>
    [Patch("/api/v1/obcluster/parameters")]
    Task SetParametersAsync([Body] SetParametersRequest request, CancellationToken cancellation);

    [Get("/api/v1/task/dag/{id}?show_details=true")]
    Task<ObshellEnvelope<DagDetail>> GetDagAsync(string id, CancellationToken cancellation);

    [Post("/api/v1/task/dag/{id}")]
    Task<ObshellEnvelope<DagDetail>?> OperateDagAsync(string id, [Body] DagOperatorRequest request, CancellationToken cancellation);

    /// <summary>Unfinished cluster DAGs, failed ones included (a failed DAG keeps the lock), with their task logs (the
    /// default, obshell@61ee147 ob/param/task.go:20, said explicitly: <see cref="Cluster.NodeDags"/> reads the logs).</summary>
    [Get("/api/v1/task/dag/ob/unfinish?show_details=true")]
    Task<ObshellEnvelope<ObshellList<DagDetail>>> GetUnfinishedDagsAsync(CancellationToken cancellation);
}
