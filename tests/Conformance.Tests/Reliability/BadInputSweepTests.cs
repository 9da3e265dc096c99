using ClusterScale.Harness;
using ClusterScale.Provider.Protocol;
using Grpc.Core;
using Pulumirpc;
using Xunit.Abstractions;

namespace ClusterScale.Conformance.Tests.Reliability;

/// <summary>
/// Issue 6, bad input sweep: over a thousand malformed or hostile inputs (see <see cref="HostileInputs"/>) through
/// the real plugin. Asserted for every one: Check answers with failures, one of which names the hostile property;
/// every failure names an input property (or "" for the whole resource) and has a reason; a Diff of the same
/// unchecked input answers OK or InvalidArgument (never Unknown/Internal). Over the whole sweep the simulators
/// receive ZERO requests — SupernodeScale Check's legitimate scale-evaluations read happens only for valid input (a
/// valid control Check afterwards shows that read is counted). The plugin is alive and answers after the sweep.
/// </summary>
/// <remarks>Each test runs its plugin on a machine of its own: on the machine the test process shares, a create another
/// test's killed plugin left in the journal is announced by a preview Create of the same stack, which reads that
/// supernode (a read this sweep would count: it once saw one GET of another test's supernode).</remarks>
public sealed class BadInputSweepTests(ITestOutputHelper xunitOutput)
{
    private readonly TeeOutput output = new(xunitOutput, nameof(BadInputSweepTests));

    private const string SecretEcho = "a failure reason echoes the secret's plain text";

    [Fact]
    public async Task Every_hostile_input_fails_Check_naming_its_property_without_a_request_or_a_crash()
    {
        await using var world = await FastWorld.StartAsync(spareAgents: 1, machine: new TestMachine());
        var cases = AllCases(world);
        var (obshellBefore, modelArtsBefore) = (world.Obshell.Requests.Count, world.ModelArts.Requests.Count);

        var problems = await SweepAsync(world.Client, cases);

        var echoes = problems.Where(p => p.EndsWith(SecretEcho, StringComparison.Ordinal)).ToList();
        var others = problems.Except(echoes).ToList();
        output.WriteLine($"{cases.Count} hostile inputs swept ({cases.Count(c => c.Type == Declarations.ObserverNode)} ObserverNode, " +
            $"{cases.Count(c => c.Type == Declarations.SupernodeScale)} SupernodeScale), each through Check and Diff");
        output.WriteLine($"secret-wrapped invalid values echoed in Check reasons (known defect, see the skipped test below): {echoes.Count}");
        foreach (var problem in others.Take(60)) output.WriteLine("  PROBLEM " + problem);
        Assert.True(cases.Count >= 300, $"only {cases.Count} inputs");
        Assert.Empty(others);
        Assert.False(world.Plugin.HasExited);
        Assert.NotEmpty(await world.Client.GetPluginVersionAsync());
        Assert.Equal(obshellBefore, world.Obshell.Requests.Count);
        Assert.Equal(modelArtsBefore, world.ModelArts.Requests.Count);

        // Control: a valid SupernodeScale Check does read scale-evaluations, so the zero above was observable.
        var valid = HostileInputs.Valid(Declarations.SupernodeScale, world.SupernodeId);
        Assert.Empty((await world.Client.CheckAsync(Urns.For(Declarations.SupernodeScale, "control"), PropertyMap.Empty, valid)).Failures);
        Assert.Contains(world.ModelArts.Requests.Skip(modelArtsBefore), r => r.PathAndQuery.Contains("scale-evaluations", StringComparison.Ordinal));
    }

    /// <summary>Any input may be a secret (e.g. from a secret config value); an invalid one must not be shown in clear.</summary>
    [Fact]
    public async Task Check_reasons_never_echo_a_secret_inputs_plain_text()
    {
        await using var world = await FastWorld.StartAsync(spareAgents: 1, machine: new TestMachine());
        var problems = await SweepAsync(world.Client, AllCases(world).Where(c => c.Plaintext is not null).ToList());
        Assert.DoesNotContain(problems, p => p.EndsWith(SecretEcho, StringComparison.Ordinal));
    }

    /// <summary>Unknowns nested where a scalar or object is expected (a preview of a broken program): Check and a
    /// preview Create answer cleanly (OK or InvalidArgument) and nothing is sent anywhere.</summary>
    [Fact]
    public async Task Unknowns_nested_in_odd_places_are_answered_cleanly_without_a_request()
    {
        await using var world = await FastWorld.StartAsync(spareAgents: 1, machine: new TestMachine());
        var cases = HostileInputs.NestedUnknowns(FastWorld.Ip(world.Obshell.SpareAgents[0]), world.SupernodeId).ToList();
        var (obshellBefore, modelArtsBefore) = (world.Obshell.Requests.Count, world.ModelArts.Requests.Count);
        var problems = new List<string>();
        foreach (var odd in cases)
        {
            var urn = Urns.For(odd.Type, "odd");
            problems.AddRange(await CleanlyAsync($"{odd.Type} {odd.Description}: Check", () => world.Client.CheckAsync(urn, PropertyMap.Empty, odd.Inputs)));
            problems.AddRange(await CleanlyAsync($"{odd.Type} {odd.Description}: preview Create", () => world.Client.CreateAsync(urn, odd.Inputs, preview: true)));
        }
        output.WriteLine($"{cases.Count} inputs with nested unknowns, each through Check and a preview Create");
        foreach (var problem in problems) output.WriteLine("  PROBLEM " + problem);
        Assert.Empty(problems);
        Assert.Empty(world.Obshell.Requests.Skip(obshellBefore).Select(r => $"{r.Method} {r.PathAndQuery}"));
        Assert.Empty(world.ModelArts.Requests.Skip(modelArtsBefore).Select(r => $"{r.Method} {r.PathAndQuery}"));
        Assert.NotEmpty(await world.Client.GetPluginVersionAsync());
    }

    /// <summary>A broken engine that skips Check: Create must reject what Check would have, before sending anything.</summary>
    [Fact]
    public async Task Create_with_unchecked_hostile_input_is_InvalidArgument_and_sends_nothing()
    {
        await using var world = await FastWorld.StartAsync(spareAgents: 1, machine: new TestMachine());
        var problems = new List<string>();
        foreach (var hostile in AllCases(world))
        {
            var before = world.Obshell.Requests.Count + world.ModelArts.Requests.Count;
            try
            {
                await world.Client.CreateAsync(Urns.For(hostile.Type, "unchecked"), hostile.Inputs, preview: false, timeoutSeconds: 5);
                problems.Add($"{hostile.Type} {hostile.Description}: created");
            }
            catch (RpcException e) when (e.StatusCode == StatusCode.InvalidArgument)
            {
            }
            catch (RpcException e)
            {
                problems.Add($"{hostile.Type} {hostile.Description}: {e.StatusCode}");
            }
            if (world.Obshell.Requests.Count + world.ModelArts.Requests.Count != before) problems.Add($"{hostile.Type} {hostile.Description}: sent requests");
        }
        Assert.Empty(problems);
    }

    private static List<HostileCase> AllCases(SimulatedWorld world) =>
        HostileInputs.ObserverNode(FastWorld.Ip(world.Obshell.SpareAgents[0])).Concat(HostileInputs.SupernodeScale(world.SupernodeId)).ToList();

    private static async Task<List<string>> SweepAsync(ProviderClient client, IReadOnlyList<HostileCase> cases)
    {
        var problems = new List<string>();
        foreach (var hostile in cases)
        {
            var urn = Urns.For(hostile.Type, "sweep");
            try
            {
                problems.AddRange(CheckProblems(hostile, await client.CheckAsync(urn, PropertyMap.Empty, hostile.Inputs)));
            }
            catch (RpcException e) when (e.StatusCode == StatusCode.InvalidArgument)
            {
                if (hostile.Plaintext is { } secret && e.Status.Detail.Contains(secret, StringComparison.Ordinal))
                    problems.Add($"{hostile.Type} {hostile.Description}: {SecretEcho}");
            }
            catch (RpcException e)
            {
                problems.Add($"{hostile.Type} {hostile.Description}: Check answered {e.StatusCode}: {Short(e.Status.Detail)}");
            }
            var valid = hostile.Inputs.With(hostile.Property, PropertyValue.Null);
            problems.AddRange(await CleanlyAsync($"{hostile.Type} {hostile.Description}: Diff of unchecked input",
                () => client.DiffAsync("sweep-id", urn, valid, valid, hostile.Inputs)));
        }
        return problems;
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
            yield return $"{what}: {SecretEcho}";
    }

    /// <summary>OK or InvalidArgument are clean answers; Unknown/Internal (or a dead plugin) are not.</summary>
    private static async Task<IEnumerable<string>> CleanlyAsync<T>(string what, Func<Task<T>> call)
    {
        try
        {
            await call();
            return [];
        }
        catch (RpcException e) when (e.StatusCode == StatusCode.InvalidArgument)
        {
            return [];
        }
        catch (RpcException e)
        {
            return [$"{what} answered {e.StatusCode}: {Short(e.Status.Detail)}"];
        }
    }

    private static string Short(string text) => text.Length > 160 ? text[..160] + $"...({text.Length} chars)" : text;
}
