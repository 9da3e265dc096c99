using Refit;

namespace ClusterScale.Provider.ModelArts.Api;

/// <summary>
/// The ModelArts Lite Server supernode routes this provider uses. Relative to
/// <c>{endpoint}/v1/{project_id}/dev-servers</c> (the client's base address), so the project id is not repeated.
/// Signing, retries and error parsing live in the HTTP pipeline (<see cref="ModelArtsClientFactory"/>).
/// </summary>
public interface IModelArtsApi
{
    [Get("/hyperinstance/{id}")]
    Task<SupernodeDetail> ShowSupernodeAsync(string id, CancellationToken cancellation);

    [Get("/hyperinstance")]
    Task<SupernodePage> ListSupernodesAsync([AliasAs("limit")] int limit, [AliasAs("offset")] int offset, CancellationToken cancellation);

    [Get("/hyperinstance/{id}/scale-evaluations")]
    Task<ScaleEvaluations> ScaleEvaluationsAsync(string id, CancellationToken cancellation);

    [Post("/hyperinstance/{id}/live-scale-up")]
    Task<SupernodeDetail> LiveScaleUpAsync(string id, [Body] LiveScaleUpRequest request, CancellationToken cancellation);

    [Post("/hyperinstance/{id}/live-scale-down")]
    Task<SupernodeDetail> LiveScaleDownAsync(string id, [Body] LiveScaleDownRequest request, CancellationToken cancellation);

    [Get("/{serverId}")]
    Task<ServerDetail> ShowServerAsync(string serverId, CancellationToken cancellation);
}
