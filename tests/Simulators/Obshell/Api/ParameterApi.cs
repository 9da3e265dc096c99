using System.Globalization;
using System.Text.RegularExpressions;
using ClusterScale.Simulators.Obshell.Cluster;
using ClusterScale.Simulators.Obshell.Faults;
using Newtonsoft.Json.Linq;

namespace ClusterScale.Simulators.Obshell.Api;

/// <summary>
/// <c>GET</c> and <c>PATCH /api/v1/obcluster/parameters</c> (spec section 8; obshell ob/agent/executor/ob/parameter.go):
/// per-server values of the cluster parameters, and <c>ALTER SYSTEM SET</c> per zone, server or the whole cluster,
/// synchronously, no DAG, no lock, not atomic.
/// </summary>
internal sealed partial class ParameterApi(ClusterState cluster)
{
    private const string Path = "/api/v1/obcluster/parameters";
    private const string ItemParam = "SetSingleObclusterParameterParam";

    public void Map(Router router) => router
        .Map("GET", Path, true, List, ObshellVersions.ObclusterInfo)
        .Map("PATCH", Path, true, Set, ObshellVersions.ObclusterInfo, MutatingRoute.SetParameters);

    // Sorted by name; obshell builds the list from a Go map, so its order varies from call to call.
    private ApiResult List(ApiRequest request)
    {
        InfoApi.RequireClusterAgent(request.Agent);
        var servers = cluster.Servers.OrderBy(s => s.Zone, StringComparer.Ordinal).ThenBy(s => s.Ip, StringComparer.Ordinal).ToList();
        return ApiResult.Contents(ObParameters.Catalogue.Select(parameter =>
        {
            var values = servers.Select(s => ObParameters.ValueOn(s, parameter)).ToList();
            return new
            {
                name = parameter.Name,
                scope = "CLUSTER",
                edit_level = parameter.EditLevel,
                default_value = parameter.DefaultValue,
                section = parameter.Section,
                data_type = parameter.DataType,
                info = parameter.Info,
                ob_parameters = servers.Select(s => new { svr_ip = s.Ip, svr_port = s.RpcPort, zone = s.Zone, value = ObParameters.ValueOn(s, parameter) }).ToList(),
                values = values.Distinct().ToList(),
                is_single_value = values.Distinct().Count() == 1,
            };
        }));
    }

    // The identity before the body; every item validated before any is applied; then one ALTER SYSTEM SET after
    // another, stopping at the first OceanBase error (what was set before it stays set). 200 with no data.
    private ApiResult Set(ApiRequest request)
    {
        InfoApi.RequireClusterAgent(request.Agent);
        var items = Bind(Json.ParseObject(request.Body));
        foreach (var item in items)
        {
            Validate(item);
        }

        foreach (var item in items)
        {
            Apply(item);
        }

        cluster.Record(LedgerRoutes.Parameters, string.Join(',', items.Select(i => i.Name)), null, request.Agent);
        return ApiResult.Ok(null);
    }

    private static List<SetParameter> Bind(JObject json)
    {
        if (Json.Field(json, "params") is not JArray array)
        {
            throw Json.Field(json, "params") is null
                ? Json.Required("SetObclusterParametersParam", "Params")
                : Errors.BindJsonFailed("json: cannot unmarshal into Go struct field SetObclusterParametersParam.params of type []param.SetSingleObclusterParameterParam");
        }

        return array.Select(token => token as JObject ?? throw Errors.BindJsonFailed("json: cannot unmarshal into Go value of type param.SetSingleObclusterParameterParam"))
            .Select(item => new SetParameter(
                Json.RequiredString(item, "name", ItemParam, "Name"),
                Json.RequiredString(item, "value", ItemParam, "Value"),
                Json.RequiredString(item, "scope", ItemParam, "Scope"),
                Strings(item, "zones"),
                Strings(item, "servers"),
                Strings(item, "tenants"),
                Json.Bool(item, "all_user_tenant")))
            .ToList();
    }

    private static IReadOnlyList<string> Strings(JObject item, string name) => Json.Field(item, name) switch
    {
        null => [],
        JArray array when array.All(t => t.Type == JTokenType.String) => array.Select(t => t.Value<string>()!).ToList(),
        _ => throw Errors.BindJsonFailed($"json: cannot unmarshal into Go struct field {ItemParam}.params.{name} of type []string"),
    };

    private static void Validate(SetParameter item)
    {
        if (item.Scope is not ("CLUSTER" or "TENANT"))
        {
            throw new ApiException(400, "OB.Parameter.Scope.Invalid", $"Parameter scope '{item.Scope}' is invalid");
        }

        if (item.Zones.Count != 0 && item.Servers.Count != 0)
        {
            throw Errors.IllegalArgument("zones or servers", "zones and servers cannot be set at the same time");
        }

        if (item.Scope == "TENANT" && item.Tenants.Count != 0 && item.AllUserTenant)
        {
            throw Errors.IllegalArgument("tenants or all_user_tenant", "parameter tenants and all_user_tenant cannot be set at the same time");
        }

        if (item.Scope == "CLUSTER" && (item.Tenants.Count != 0 || item.AllUserTenant))
        {
            throw Errors.IllegalArgument("tenants or all_user_tenant", "parameter tenants and all_user_tenant cannot be set when scope is CLUSTER");
        }
    }

    private void Apply(SetParameter item)
    {
        // The simulated parameters are all cluster-level: OceanBase refuses them with a TENANT clause.
        if (item.Scope == "TENANT" || ObParameters.Find(item.Name) is not { } parameter || parameter.EditLevel == ObParameters.ReadOnly || !Acceptable(parameter, item.Value))
        {
            throw OceanBaseRefused();
        }

        if (item.Zones.Count != 0)
        {
            foreach (var zone in item.Zones)
            {
                SetOn(cluster.Zones.Contains(zone) ? cluster.Servers.Where(s => s.Zone == zone) : throw OceanBaseRefused(), parameter, item.Value);
            }
        }
        else if (item.Servers.Count != 0)
        {
            // OceanBase wants "ip:rpc_port"; obshell passes the string through unchecked.
            foreach (var server in item.Servers)
            {
                SetOn([cluster.Servers.FirstOrDefault(s => server == $"{s.Ip}:{s.RpcPort}") ?? throw OceanBaseRefused()], parameter, item.Value);
            }
        }
        else
        {
            SetOn(cluster.Servers, parameter, item.Value);
        }
    }

    private static void SetOn(IEnumerable<ObServer> servers, ObParameter parameter, string value)
    {
        foreach (var server in servers.ToList())
        {
            server.Parameters[parameter.Name] = value;
        }
    }

    // UNCONFIRMED: OceanBase's exact error for an unknown or read-only name, a bad value, or an unknown zone or
    // server; the simulator answers them all with one MySQL error.
    private static ApiException OceanBaseRefused() => new(400, "MySQL.Error", "Error 4028 (HY000): Invalid argument");

    private static bool Acceptable(ObParameter parameter, string value) => parameter.DataType switch
    {
        "INT" => long.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out _),
        "CAPACITY" => Capacity().IsMatch(value),
        _ => true,
    };

    [GeneratedRegex("^[0-9]+([KMGTP]B?|B)?$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Capacity();

    private sealed record SetParameter(string Name, string Value, string Scope, IReadOnlyList<string> Zones, IReadOnlyList<string> Servers, IReadOnlyList<string> Tenants, bool AllUserTenant);
}
