using ClusterScale.Provider.Deadlines;
using ClusterScale.Provider.Functions;
using ClusterScale.Provider.Obshell.Api;
using ClusterScale.Provider.Obshell.Cluster;
using ClusterScale.Provider.Protocol;
using Newtonsoft.Json.Linq;
using static ClusterScale.Provider.Protocol.PropertyValue;

namespace ClusterScale.Provider.Obshell.Functions;

/// <summary>
/// <c>clusterscale:obshell:getCluster</c>: one <c>/api/v1/ob/info</c> and one <c>/api/v1/task/dag/ob/unfinish</c>
/// read (shared with concurrent refreshes of the same cluster), nothing else, within <see cref="ReadBudget"/>. Spare
/// SINGLE agents are not members.
/// </summary>
internal sealed class GetCluster(ObshellConnection connection) : IFunction
{
    /// <summary>The obshell identity of an agent that belongs to no cluster (obshell@61ee147 ob/agent/meta/agent.go:33-42).</summary>
    private const string Single = "SINGLE";

    /// <summary>What one call may spend reading: the engine gives invokes no timeout (InvokeRequest has no timeout
    /// field), and hung agents must not hold a program for minutes. A healthy cluster answers in well under a second.</summary>
    public static readonly TimeSpan ReadBudget = TimeSpan.FromSeconds(60);

    public string Token => GetClusterSchema.Token;
    public JObject Schema => GetClusterSchema.Function;

    public async Task<PropertyMap> InvokeAsync(PropertyMap args, CancellationToken cancellation)
    {
        FunctionArgs.RequireOnly(args, GetClusterSchema.EndpointsArg);
        var cluster = Endpoints(args) is { } endpoints ? connection.ClusterAt(endpoints) : connection.Cluster();
        using var deadline = OperationDeadline.Start(connection.Time, ReadBudget, ReadBudget, cancellation);
        try
        {
            var info = cluster.ObInfoAsync(deadline.Token);
            var dags = cluster.UnfinishedDagsAsync(deadline.Token);
            return Result(await info, await dags);
        }
        catch (Exception e) when (e is ClusterUnreachableException or ObshellApiException)
        {
            throw new OperationFailedException($"{Token}: {e.Message}", e);
        }
        catch (OperationCanceledException e) when (deadline.Explains(e))
        {
            throw new OperationFailedException($"{Token}: no obshell agent of {cluster.Name} answered within {ReadBudget.TotalSeconds:0} s; nothing was changed, retry later", e);
        }
    }

    private static IReadOnlyList<string>? Endpoints(PropertyMap args)
    {
        if (FunctionArgs.OptionalStrings(args, GetClusterSchema.EndpointsArg) is not { } listed) return null;
        if (listed.Count == 0) throw new FunctionArgumentException(GetClusterSchema.EndpointsArg, "list at least one host:port");
        try
        {
            return ObshellSettings.ParseEndpoints(string.Join(",", listed));
        }
        catch (ConfigValueException e)
        {
            throw new FunctionArgumentException(GetClusterSchema.EndpointsArg, e.Message[(e.Key.Length + 2)..]);
        }
    }

    private static PropertyMap Result(ObInfo info, IReadOnlyList<DagDetail> unfinished)
    {
        var servers = (info.Cluster?.Topology ?? []).SelectMany(z => z.Value.Select(s => (Zone: z.Key, Server: s))).ToList();
        var members = info.Agents.Where(a => a.Identity != Single)
            .OrderBy(a => a.Ip, StringComparer.Ordinal).ThenBy(a => a.Port)
            .Select(a =>
            {
                var row = servers.FirstOrDefault(s => s.Server.AgentPort == a.Port && AgentAddresses.SameIp(s.Server.SvrIp, a.Ip));
                return Object(
                    ("ip", From(a.Ip)), ("obshellPort", From(a.Port)), ("zone", From(a.Zone ?? row.Zone ?? "")),
                    ("status", From(row.Server?.Status ?? "")), ("identity", From(a.Identity ?? "")));
            }).ToList();
        var zones = servers.Select(s => s.Zone).Concat(info.Agents.Where(a => a.Identity != Single).Select(a => a.Zone))
            .OfType<string>().Where(z => z.Length > 0).Distinct().Order(StringComparer.Ordinal);
        return new PropertyMap(new Dictionary<string, PropertyValue>
        {
            ["clusterName"] = From(info.Cluster?.Name ?? ""),
            ["clusterId"] = From(info.Cluster?.Id ?? 0),
            ["version"] = From(info.Cluster?.Version ?? ""),
            ["members"] = From(members),
            ["zones"] = From(zones.Select(z => From(z))),
            ["underMaintenance"] = From(unfinished.Any(MaintenanceLock.IsHeldBy)),
            ["unfinishedDags"] = From(unfinished.OrderBy(d => d.Id, StringComparer.Ordinal)
                .Select(d => Object(("id", From(d.Id)), ("name", From(d.Name)), ("state", From(d.State))))),
        });
    }

    private static PropertyValue Object(params (string Key, PropertyValue Value)[] fields) =>
        From(fields.Select(f => KeyValuePair.Create(f.Key, f.Value)));
}
