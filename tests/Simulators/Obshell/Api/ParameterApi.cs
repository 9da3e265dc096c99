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
    private const string AllUserTenants = "ALL_USER";

    public void Map(Router router) => router
        .Map("GET", Path, true, List, ObshellVersions.ObclusterInfo)
        .Map("PATCH", Path, true, Set, ObshellVersions.ObclusterInfo, MutatingRoute.SetParameters);

    // Sorted by name; obshell builds the list from a Go map, so its order varies from call to call. A tenant
    // parameter has a row per server and tenant that names the tenant, and a tenant_value entry per row
    // (obshell@61ee147 ob/agent/executor/ob/parameter.go:54-88; spec Corrections 2026-12-05).
    private ApiResult List(ApiRequest request)
    {
        InfoApi.RequireClusterAgent(request.Agent);
        var servers = cluster.Servers.OrderBy(s => s.Zone, StringComparer.Ordinal).ThenBy(s => s.Ip, StringComparer.Ordinal).ToList();
        return ApiResult.Contents(ObParameters.Catalogue.Select(parameter =>
        {
            var rows = parameter.IsTenantScope
                ? servers.SelectMany(s => ObParameters.Tenants.Select(t => Row(s, t, ObParameters.ValueOn(s, parameter, t)))).ToList()
                : servers.Select(s => Row(s, null, ObParameters.ValueOn(s, parameter))).ToList();
            var values = rows.Select(r => r.Value<string>("value")!).Distinct().ToList();
            var entry = JObject.FromObject(new
            {
                name = parameter.Name,
                scope = parameter.Scope,
                edit_level = parameter.EditLevel,
                default_value = parameter.DefaultValue,
                section = parameter.Section,
                data_type = parameter.DataType,
                info = parameter.Info,
                ob_parameters = rows,
                tenant_value = parameter.IsTenantScope ? rows.Select(r => new { tenant_id = r["tenant_id"], tenant_name = r["tenant_name"], value = r["value"] }).ToList() : null,
                values,
                is_single_value = values.Count == 1,
            });
            if (!parameter.IsTenantScope)
            {
                entry.Remove("tenant_value"); // omitempty
            }

            return entry;
        }));
    }

    // ObParameterValue: tenant_id and tenant_name are omitempty, so a cluster row names no tenant.
    private static JObject Row(ObServer server, ObTenant? tenant, string value)
    {
        var row = new JObject { ["svr_ip"] = server.Ip, ["svr_port"] = server.RpcPort, ["zone"] = server.Zone };
        if (tenant is not null)
        {
            row["tenant_id"] = tenant.Id;
            row["tenant_name"] = tenant.Name;
        }

        row["value"] = value;
        return row;
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

        foreach (var statement in items.SelectMany(Statements))
        {
            Execute(statement);
        }

        cluster.Record(LedgerRoutes.Parameters, string.Join(',', items.Select(i => i.Name)), null, request.Agent);
        return ApiResult.Ok(null);
    }

    // `params` is binding:"required" without `dive` (obshell@61ee147 ob/param/obcluster.go:59-71): the list must be
    // there, its items are only decoded, never validated, so a missing name, value or scope is "" (spec Corrections
    // 2026-12-05). A value of the wrong JSON type still fails to decode.
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
                Json.String(item, "name") ?? "",
                Json.String(item, "value") ?? "",
                Json.String(item, "scope") ?? "",
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

    // obshell@61ee147 ob/agent/executor/ob/parameter.go:170-190.
    private static void Validate(SetParameter item)
    {
        if (item.Scope is not (ObParameters.ClusterScope or ObParameters.TenantScope))
        {
            throw new ApiException(400, "OB.Parameter.Scope.Invalid", $"Parameter scope '{item.Scope}' is invalid");
        }

        if (item.Zones.Count != 0 && item.Servers.Count != 0)
        {
            throw Errors.IllegalArgument("zones or servers", "zones and servers cannot be set at the same time");
        }

        if (item.Scope == ObParameters.TenantScope && item.Tenants.Count != 0 && item.AllUserTenant)
        {
            throw Errors.IllegalArgument("tenants or all_user_tenant", "parameter tenants and all_user_tenant cannot be set at the same time");
        }

        if (item.Scope == ObParameters.ClusterScope && (item.Tenants.Count != 0 || item.AllUserTenant))
        {
            throw Errors.IllegalArgument("tenants or all_user_tenant", "parameter tenants and all_user_tenant cannot be set when scope is CLUSTER");
        }
    }

    // buildSetParameterParam (obshell@61ee147 ob/agent/executor/ob/parameter.go:121-168): CLUSTER scope gives one
    // statement per zone, per server or one for all; TENANT scope one per tenant, ALL_USER, or one WITHOUT a TENANT
    // clause when no tenant is named; it drops zones and servers.
    private static IEnumerable<AlterSystemSet> Statements(SetParameter item) => item.Scope == ObParameters.ClusterScope
        ? item.Zones.Count != 0 ? item.Zones.Select(z => new AlterSystemSet(item.Name, item.Value, Zone: z))
        : item.Servers.Count != 0 ? item.Servers.Select(s => new AlterSystemSet(item.Name, item.Value, Server: s))
        : [new AlterSystemSet(item.Name, item.Value)]
        : item.AllUserTenant ? [new AlterSystemSet(item.Name, item.Value, Tenant: AllUserTenants)]
        : item.Tenants.Count != 0 ? item.Tenants.Select(t => new AlterSystemSet(item.Name, item.Value, Tenant: t))
        : [new AlterSystemSet(item.Name, item.Value)];

    // OceanBase runs `ALTER SYSTEM SET name = "value" [ZONE | SERVER | TENANT]` (obshell@61ee147
    // ob/agent/service/obcluster/obcluster.go:1011-1026) from the sys tenant: with no clause a cluster parameter is set
    // on every server and a tenant parameter for sys (spec section 8). A `= ""` (an item without value) and a name
    // OceanBase does not know fail, as do a read-only parameter, a value of the wrong kind, an unknown zone, server or
    // tenant, and a TENANT clause on a cluster parameter. UNCONFIRMED: a ZONE or SERVER clause on a tenant parameter
    // is refused too.
    private void Execute(AlterSystemSet statement)
    {
        if (ObParameters.Find(statement.Name) is not { } parameter || parameter.EditLevel == ObParameters.ReadOnly || !Acceptable(parameter, statement.Value))
        {
            throw OceanBaseRefused();
        }

        if (parameter.IsTenantScope)
        {
            if (statement.Zone is not null || statement.Server is not null)
            {
                throw OceanBaseRefused();
            }

            var tenants = statement.Tenant switch
            {
                null => [ObParameters.Sys],
                AllUserTenants => ObParameters.Tenants.Where(t => t != ObParameters.Sys).ToList(),
                var name => [ObParameters.Tenants.FirstOrDefault(t => t.Name == name) ?? throw OceanBaseRefused()],
            };
            foreach (var server in cluster.Servers)
            {
                tenants.ForEach(t => server.TenantParameters[(parameter.Name, t.Id)] = statement.Value);
            }

            return;
        }

        if (statement.Tenant is not null)
        {
            throw OceanBaseRefused();
        }

        var servers = statement.Zone is { } zone ? (cluster.Zones.Contains(zone) ? cluster.Servers.Where(s => s.Zone == zone) : throw OceanBaseRefused())
            // OceanBase wants "ip:rpc_port"; obshell passes the string through unchecked.
            : statement.Server is { } address ? [cluster.Servers.FirstOrDefault(s => address == $"{s.Ip}:{s.RpcPort}") ?? throw OceanBaseRefused()]
            : cluster.Servers;
        SetOn(servers, parameter, statement.Value);
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

    private static bool Acceptable(ObParameter parameter, string value) => value.Length > 0 && parameter.DataType switch
    {
        "INT" => long.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out _),
        "CAPACITY" => Capacity().IsMatch(value),
        _ => true,
    };

    [GeneratedRegex("^[0-9]+([KMGTP]B?|B)?$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Capacity();

    /// <summary>One <c>ALTER SYSTEM SET</c>: at most one of zone, server, tenant.</summary>
    private sealed record AlterSystemSet(string Name, string Value, string? Zone = null, string? Server = null, string? Tenant = null);

    private sealed record SetParameter(string Name, string Value, string Scope, IReadOnlyList<string> Zones, IReadOnlyList<string> Servers, IReadOnlyList<string> Tenants, bool AllUserTenant);
}
