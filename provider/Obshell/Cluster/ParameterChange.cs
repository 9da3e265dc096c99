using ClusterScale.Provider.Deadlines;
using ClusterScale.Provider.Obshell.Api;
using ClusterScale.Provider.Protocol;

namespace ClusterScale.Provider.Obshell.Cluster;

/// <summary>
/// Changes run-time parameters of one running node in place (spec §8): one server-scoped
/// <c>PATCH /api/v1/obcluster/parameters</c> (scope CLUSTER, <c>servers: ["ip:rpc_port"]</c>), then the values are
/// read back (the server's own CLUSTER-scope row, see <see cref="ObConfigParameters.ValueOn"/>): that read is the
/// proof, whatever the answer was. TENANT-scope parameters never get here (<see cref="ObConfigParameters.WhyNotInPlace"/>).
/// The PATCH is synchronous, takes no lock and setting a value again is harmless, so after an ambiguous answer it is
/// re-sent if the read shows it did not apply. It is not atomic: on a refusal the parameters before the refused one
/// may be set; the error says so and refresh shows them.
/// </summary>
public sealed class ParameterChange(ObshellCluster cluster, OperationContext operation, OperationDeadline deadline)
{
    private CancellationToken Cancellation => deadline.Token;

    public async Task ApplyAsync(AgentAddress node, int rpcPort, IReadOnlyList<KeyValuePair<string, string>> changes)
    {
        var parameters = await cluster.ParametersAsync(Cancellation);
        // A value the node already has needs no request, even for a parameter that cannot change in place: after an
        // import the program writes down what the node runs with (Diff reports no replace for it either).
        if (parameters is not null)
            changes = changes.Where(c => ObConfigParameters.ValueOn(parameters, c.Key, node.Ip, rpcPort) is not { } have || !ObConfigParameters.SameValue(have, c.Value)).ToList();
        if (changes.Count == 0) return;
        foreach (var (name, _) in changes)
            if (ObConfigParameters.WhyNotInPlace(name, parameters) is { } why)
                throw new OperationFailedException($"obConfigs.{name} of {node} cannot change in place: {why}. Nothing was sent; replace the node to change it");
        var server = new AgentAddress(node.Ip, rpcPort).ToString();
        var request = new SetParametersRequest(changes.Select(c => new SetParameter(c.Key, c.Value, ObConfigParameters.ClusterScope, [server])).ToList());
        var described = string.Join(", ", changes.Select(c => $"{c.Key}={c.Value}"));
        for (var ambiguous = 0; ; )
        {
            await operation.Progress.InfoAsync($"setting {described} on {server} in place");
            var accepted = true;
            try
            {
                await cluster.SetParametersAsync(request, Cancellation);
            }
            catch (ObshellApiException e)
            {
                throw new OperationFailedException(
                    $"setting {described} on {node}: the agent refused ({e.Message}). It sets them one after another and stops at the first error, " +
                    "so those before it may be set: `pulumi refresh` shows the node's values", e);
            }
            catch (AmbiguousOutcomeException) when (++ambiguous < ClusterMaintenance.MaxUnknownOutcomes)
            {
                accepted = false;
            }
            var missing = await NotAppliedAsync(node.Ip, rpcPort, changes);
            if (missing.Count == 0) return;
            if (accepted)
                throw new OperationFailedException($"setting {described} on {node}: accepted, but the node reports {string.Join(", ", missing)}");
        }
    }

    private async Task<List<string>> NotAppliedAsync(string ip, int rpcPort, IReadOnlyList<KeyValuePair<string, string>> changes)
    {
        var now = await cluster.ParametersAsync(Cancellation) ?? [];
        return changes
            .Select(c => (c.Key, Want: c.Value, Have: ObConfigParameters.ValueOn(now, c.Key, ip, rpcPort)))
            .Where(c => c.Have is null || !ObConfigParameters.SameValue(c.Have, c.Want))
            .Select(c => $"{c.Key}={c.Have ?? "(not listed)"}")
            .ToList();
    }
}
