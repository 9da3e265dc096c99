using ClusterScale.Harness;
using ClusterScale.Provider.Protocol;
using Grpc.Core;
using Pulumirpc;
using Xunit.Abstractions;

namespace ClusterScale.Conformance.Tests.Reliability;

/// <summary>
/// Issue 6, bad input sweep: hundreds of malformed or hostile inputs (see <see cref="HostileInputs"/>) through the
/// real plugin. Asserted for every one: Check answers with failures, one of which names the hostile property, every
/// failure names an input property (or "" for the whole resource), and no reason echoes a secret's plain text; a
/// Diff of the same unchecked input answers OK or InvalidArgument (never Unknown/Internal). Over the whole sweep the
/// simulators receive ZERO requests — the one legitimate read, SupernodeScale Check's scale-evaluations, happens only
/// for valid input, and a valid control Check afterwards shows that read is counted. The plugin still answers after.
/// </summary>
public sealed class BadInputSweepTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Every_hostile_input_fails_Check_naming_its_property_without_a_request_or_a_crash()
    {
        await using var world = await FastWorld.StartAsync(spareAgents: 1);
        var cases = HostileInputs.ObserverNode(FastWorld.Ip(world.Obshell.SpareAgents[0])).Concat(HostileInputs.SupernodeScale(world.SupernodeId)).ToList();
        var (obshellBefore, modelArtsBefore) = (world.Obshell.Requests.Count, world.ModelArts.Requests.Count);
        var problems = new List<string>();
        var rejectedByGrpc = 0;

        foreach (var hostile in cases)
        {
            var urn = Urns.For(hostile.Type, "sweep");
            try
            {
                var check = await world.Client.CheckAsync(urn, PropertyMap.Empty, hostile.Inputs);
                problems.AddRange(CheckProblems(hostile, check));
            }
            catch (RpcException e) when (e.StatusCode == StatusCode.InvalidArgument)
            {
                rejectedByGrpc++;
                if (hostile.Plaintext is { } secret && e.Status.Detail.Contains(secret, StringComparison.Ordinal))
                    problems.Add($"{hostile.Type} {hostile.Description}: the InvalidArgument error echoes the secret");
            }
            catch (RpcException e)
            {
                problems.Add($"{hostile.Type} {hostile.Description}: Check answered {e.StatusCode}: {Short(e.Status.Detail)}");
            }
            problems.AddRange(await DiffProblemsAsync(world.Client, hostile));
        }

        output.WriteLine($"{cases.Count} hostile inputs swept ({cases.Count(c => c.Type == Declarations.ObserverNode)} ObserverNode, " +
            $"{cases.Count(c => c.Type == Declarations.SupernodeScale)} SupernodeScale), each through Check and Diff; {rejectedByGrpc} rejected as InvalidArgument");
        foreach (var problem in problems.Take(50)) output.WriteLine("  PROBLEM " + problem);
        Assert.True(cases.Count >= 300, $"only {cases.Count} inputs");
        Assert.Empty(problems);
        Assert.False(world.Plugin.HasExited);
        Assert.NotEmpty(await world.Client.GetPluginVersionAsync());
        Assert.Equal(obshellBefore, world.Obshell.Requests.Count);
        Assert.Equal(modelArtsBefore, world.ModelArts.Requests.Count);

        // Control: a valid SupernodeScale Check does read scale-evaluations, so the zero above was observable.
        var valid = HostileInputs.SupernodeScale(world.SupernodeId).First().Inputs.With("rootVolume", Props.Value(Props.Of(("size", 200), ("type", "ESSD"))));
        Assert.Empty((await world.Client.CheckAsync(Urns.For(Declarations.SupernodeScale, "control"), PropertyMap.Empty, valid)).Failures);
        Assert.Contains(world.ModelArts.Requests.Skip(modelArtsBefore), r => r.PathAndQuery.Contains("scale-evaluations", StringComparison.Ordinal));
    }

    private static IEnumerable<string> CheckProblems(HostileCase hostile, CheckResponse check)
    {
        var what = $"{hostile.Type} {hostile.Description}";
        if (check.Failures.Count == 0)
        {
            yield return $"{what}: Check accepted it";
            yield break;
        }
        if (check.Failures.All(f => f.Property != hostile.Property))
            yield return $"{what}: no failure names '{Short(hostile.Property)}' ({string.Join("; ", check.Failures.Select(f => $"{Short(f.Property)}: {Short(f.Reason)}"))})";
        foreach (var failure in check.Failures.Where(f => f.Property != hostile.Property && f.Property != "" && !hostile.Inputs.ContainsKey(f.Property)))
            yield return $"{what}: a failure names '{Short(failure.Property)}', which is not an input";
        if (check.Failures.Any(f => string.IsNullOrWhiteSpace(f.Reason)))
            yield return $"{what}: a failure has no reason";
        if (hostile.Plaintext is { } secret && check.Failures.Any(f => f.Reason.Contains(secret, StringComparison.Ordinal)))
            yield return $"{what}: a failure reason echoes the secret's plain text";
    }

    /// <summary>A broken engine diffs unchecked input against a valid resource: OK or InvalidArgument, nothing else.</summary>
    private static async Task<IEnumerable<string>> DiffProblemsAsync(ProviderClient client, HostileCase hostile)
    {
        var urn = Urns.For(hostile.Type, "sweep");
        var valid = hostile.Inputs.With(hostile.Property, PropertyValue.Null);
        try
        {
            await client.DiffAsync("sweep-id", urn, valid, valid, hostile.Inputs);
            return [];
        }
        catch (RpcException e) when (e.StatusCode == StatusCode.InvalidArgument)
        {
            return [];
        }
        catch (RpcException e)
        {
            return [$"{hostile.Type} {hostile.Description}: Diff answered {e.StatusCode}: {Short(e.Status.Detail)}"];
        }
    }

    private static string Short(string text) => text.Length > 160 ? text[..160] + $"...({text.Length} chars)" : text;
}
