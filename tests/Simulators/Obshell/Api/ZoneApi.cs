using ClusterScale.Simulators.Obshell.Cluster;
using ClusterScale.Simulators.Obshell.Dags;
using ClusterScale.Simulators.Obshell.Faults;

namespace ClusterScale.Simulators.Obshell.Api;

/// <summary>
/// <c>DELETE /api/v1/zone/{name}</c> (spec section 9; obshell ob/agent/api/zone_handler.go, executor/ob/delete_zone.go):
/// no body and no auth check (the zone group has no Verify), a CLUSTER AGENT only.
/// </summary>
internal sealed class ZoneApi(ClusterState cluster, DagRunner runner)
{
    public void Map(Router router) => router
        .Map("DELETE", "/api/v1/zone/{name}", false, DeleteZone, ObshellVersions.ScaleInAndAgentPassword, MutatingRoute.DeleteZone);

    private ApiResult DeleteZone(ApiRequest request)
    {
        var zone = request.RouteValues["name"];
        var receiver = request.Agent;
        InfoApi.RequireClusterAgent(receiver);
        if (!cluster.Zones.Contains(zone))
        {
            return ApiResult.NoContent; // already gone
        }

        if (cluster.HasUnits(zone))
        {
            throw new ApiException(400, "OB.Zone.NotEmpty", $"The zone '{zone}' is not empty and cannot be deleted");
        }

        if (cluster.StoppedZones.Any(z => z != zone))
        {
            throw new ApiException(400, "OB.Server.StoppedInMultiZone", "Cannot stop server or stop zone in multiple zones");
        }

        if (receiver.InAgentTable && receiver.Zone == zone)
        {
            throw new ApiException(400, "OB.Zone.DeleteSelf", $"The current agent is in '{zone}', please initiate the request through another agent");
        }

        var dag = DeleteZoneDag.Create(cluster, receiver, zone);
        runner.Submit(dag);
        cluster.Record(LedgerRoutes.ZoneDelete, zone, dag.GenericId, receiver);
        return ApiResult.Ok(DagDtos.Detail(dag, showDetails: false, receiver));
    }
}
