using System.Text.RegularExpressions;
using ClusterScale.Provider.Protocol;

namespace ClusterScale.Provider.ModelArts;

/// <summary>
/// <c>pulumi import</c> with id <c>&lt;supernodeId&gt;:&lt;serverId&gt;[,&lt;serverId&gt;...]</c>: the listed servers are
/// treated as added by this resource (one step). Recovered: supernodeId, imageId and keyPairName (from the first
/// listed server) and flavor: the supernode detail has none, so it is the offered flavor (scale-evaluations) whose
/// sub-node count (spec §6, UNCONFIRMED) equals the supernode's current count; when none has it, flavor is left out
/// and the next <c>up</c> adopts the program's flavor without scaling. NOT recoverable: rootVolume, dataVolume and
/// userdata (ModelArts returns none of them; they only affect later scale-ups).
/// </summary>
internal static partial class SupernodeScaleImport
{
    [GeneratedRegex("^(?<supernode>[^:]+):(?<servers>[^:]+)$")]
    private static partial Regex ImportId();

    public static async Task<ReadResult?> ReadAsync(string id, Func<string, SupernodeScaler> scalerFor, CancellationToken cancellation)
    {
        var match = ImportId().Match(id);
        var serverIds = match.Success ? match.Groups["servers"].Value.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries) : [];
        if (serverIds.Length == 0)
            throw new ProviderInputException($"import id must be <supernodeId>:<serverId>[,<serverId>...] (the servers to treat as added by this resource); got '{id}'");
        var supernodeId = match.Groups["supernode"].Value;
        var idFailure = SupernodeScaleArgs.Validate(new PropertyMap([KeyValuePair.Create(SupernodeScaleArgs.SupernodeIdKey, PropertyValue.From(supernodeId))]))
            .FirstOrDefault(f => f.Property == SupernodeScaleArgs.SupernodeIdKey);
        if (idFailure is not null) throw new ProviderInputException($"import id: {idFailure.Reason}");

        var supernode = await scalerFor(supernodeId).FindAsync(cancellation);
        if (supernode is null) return null;
        var servers = serverIds.Select(sid => supernode.ServerList.FirstOrDefault(s => s.Id == sid)).ToList();
        var unknown = serverIds.Where((_, i) => servers[i] is null).ToList();
        if (unknown.Count > 0)
            throw new ProviderInputException($"import id: server(s) {string.Join(", ", unknown)} are not sub-nodes of supernode {supernodeId}");

        var first = servers[0]!;
        var flavor = await scalerFor(supernodeId).CurrentFlavorAsync(supernode, cancellation);
        var inputs = new Dictionary<string, PropertyValue> { [SupernodeScaleArgs.SupernodeIdKey] = PropertyValue.From(supernodeId) };
        if (flavor is not null) inputs[SupernodeScaleArgs.FlavorKey] = PropertyValue.From(flavor);
        if (first.Image?.ImageId is { } image) inputs[SupernodeScaleArgs.ImageIdKey] = PropertyValue.From(image);
        if (first.KeyPairName is { } keyPair) inputs[SupernodeScaleArgs.KeyPairNameKey] = PropertyValue.From(keyPair);
        var inputMap = new PropertyMap(inputs);
        var state = new SupernodeScaleState([new ScaleStep(flavor ?? "", serverIds.Order(StringComparer.Ordinal).ToList())], null);
        return new ReadResult(supernodeId, state.ToOutputs(inputMap, supernode), inputMap);
    }
}
