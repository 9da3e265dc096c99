using System.Text.RegularExpressions;
using ClusterScale.Simulators.Obshell;
using ClusterScale.Simulators.Tests.Obshell;

namespace ClusterScale.Conformance.Tests.Reliability;

/// <summary>
/// What a user does with a DAG a provider message named and asked its owner to resolve, when the user knows the DAG is
/// theirs: sends it the operator the message offers, through any member, then waits for the DAG to end. The campaigns
/// decide whose a DAG is (from what the user ran); this only finds the DAGs a message names and operates them.
/// </summary>
internal static partial class NamedDags
{
    /// <summary>A FAILED scale-out the provider could not tell its own: "cannot tell whether FAILED DAG &lt;name&gt; (&lt;id&gt;) …".</summary>
    public static IEnumerable<string> Untold(string message) =>
        message.Contains("cannot tell whether FAILED DAG", StringComparison.Ordinal) ? UntoldDag().Matches(message).Select(m => m.Groups["id"].Value) : [];

    /// <summary>A FAILED DAG holding the cluster lock that the message asks its owner to RETRY or ROLLBACK:
    /// "the cluster is locked by DAG &lt;name&gt; (&lt;id&gt;) failed …".</summary>
    public static IEnumerable<string> LockHolders(string message) => LockedByFailedDag().Matches(message).Select(m => m.Groups["id"].Value);

    /// <summary>Sends <paramref name="dagOperator"/> to each DAG, then waits for them to end. Returns how many were
    /// sent. A request that fails (a fault armed by another actor) is left for the next failure to ask again.</summary>
    public static async Task<int> OperateAsync(ObshellSimulator obshell, string agent, IReadOnlyCollection<string> dagIds, string dagOperator, string password)
    {
        if (dagIds.Count == 0) return 0;
        using var client = new ObshellTestClient(obshell.EndpointOf(agent)) { Password = password };
        var sent = 0;
        foreach (var id in dagIds)
        {
            try
            {
                await client.PostAsync($"/api/v1/task/dag/{id}", new { @operator = dagOperator });
                sent++;
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
            }
        }
        await Eventually.TrueAsync(() => obshell.Dags.Where(d => dagIds.Contains(d.Id)).All(d => d.State is "SUCCEED" or "FAILED"),
            $"the DAGs the user sent {dagOperator} to end");
        return sent;
    }

    [GeneratedRegex(@"FAILED DAG [^()]*\((?<id>[0-9]+)\)")]
    private static partial Regex UntoldDag();

    [GeneratedRegex(@"locked by DAG [^()]*\((?<id>[0-9]+)\) failed")]
    private static partial Regex LockedByFailedDag();
}
