using ClusterScale.Provider.Functions;
using ClusterScale.Provider.ModelArts.Api;
using ClusterScale.Provider.Protocol;
using Newtonsoft.Json.Linq;
using static ClusterScale.Provider.Protocol.PropertyValue;

namespace ClusterScale.Provider.ModelArts.Functions;

/// <summary>
/// <c>clusterscale:modelarts:getSupernode</c>: the supernode's detail and its scale-evaluations, two GETs (each
/// shared with concurrent reads of the same supernode), nothing else.
/// </summary>
internal sealed class GetSupernode(ModelArtsConnection connection) : IFunction
{
    public string Token => GetSupernodeSchema.Token;
    public JObject Schema => GetSupernodeSchema.Function;

    public async Task<PropertyMap> InvokeAsync(PropertyMap args, CancellationToken cancellation)
    {
        FunctionArgs.RequireOnly(args, GetSupernodeSchema.SupernodeIdArg);
        var id = FunctionArgs.RequiredString(args, GetSupernodeSchema.SupernodeIdArg);
        if (!Guid.TryParse(id, out _))
            throw new FunctionArgumentException(GetSupernodeSchema.SupernodeIdArg, "expected a supernode id (a 36-character UUID)");
        var api = connection.Required;
        try
        {
            var detail = api.ShowSupernodeAsync(id, cancellation);
            var evaluations = api.ScaleEvaluationsAsync(id, cancellation);
            return Result(id, await detail, await evaluations);
        }
        catch (ModelArtsApiException e) when (e.IsNotFound)
        {
            throw new FunctionArgumentException(GetSupernodeSchema.SupernodeIdArg, $"supernode {id} does not exist");
        }
        catch (ModelArtsApiException e)
        {
            throw new OperationFailedException($"{Token}: supernode {id}: {e.Message}", e);
        }
    }

    private static PropertyMap Result(string id, SupernodeDetail supernode, ScaleEvaluations evaluations)
    {
        var servers = supernode.ServerList.OrderBy(s => s.Id, StringComparer.Ordinal).ToList();
        return new PropertyMap(new Dictionary<string, PropertyValue>
        {
            [GetSupernodeSchema.SupernodeIdArg] = From(id),
            ["name"] = From(supernode.Name ?? ""),
            ["status"] = From(supernode.Status ?? ""),
            ["flavor"] = From(SupernodeFlavor.WithSubNodes((evaluations.Evaluations ?? []).Select(e => e.Flavor), SupernodeSettling.SubNodes(supernode).Count) ?? ""),
            ["chargingMode"] = From(Common(servers.Select(s => s.ChargingMode))),
            ["servers"] = From(servers.Select(s => Object(
                ("id", From(s.Id)), ("name", From(s.Name ?? "")), ("status", From(s.Status ?? "")), ("flavor", From(s.Flavor ?? ""))))),
            ["scaleOptions"] = From((evaluations.Evaluations ?? []).Select(e => Object(
                ("flavor", From(e.Flavor)), ("resourceFlavor", From(e.ResourceFlavor ?? "")), ("soldOut", From(e.IsSoldOut))))),
        });
    }

    /// <summary>The value every server shares; empty when they differ or none says.</summary>
    private static string Common(IEnumerable<string?> values)
    {
        var distinct = values.Distinct().ToList();
        return distinct is [{ } only] ? only : "";
    }

    private static PropertyValue Object(params (string Key, PropertyValue Value)[] fields) =>
        From(fields.Select(f => KeyValuePair.Create(f.Key, f.Value)));
}
