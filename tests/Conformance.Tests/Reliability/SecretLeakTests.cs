using ClusterScale.Harness;
using ClusterScale.Provider.Protocol;
using ClusterScale.Simulators.ModelArts;
using ClusterScale.Simulators.Obshell;
using Xunit.Abstractions;
using static ClusterScale.Conformance.Tests.Reliability.Declarations;

namespace ClusterScale.Conformance.Tests.Reliability;

/// <summary>
/// Issue 6, secrets: full lifecycles with every secret set to a distinctive marker and the plugin at full debug
/// verbosity (<c>-v=9 --logtostderr</c>), successful and failing (wrong passwords, wrong SK). No marker — nor its
/// base64 — may appear in the plugin's stderr or stdout, any engine Log message, any gRPC error or Check reason, or
/// any output or input outside a secret; targetAgentPassword and userdata, given plain by the program, are secrets
/// in state.
/// </summary>
public sealed class SecretLeakTests(ITestOutputHelper xunitOutput)
{
    private readonly TeeOutput output = new(xunitOutput, nameof(SecretLeakTests));

    [Fact]
    public async Task Secrets_never_show_in_logs_errors_or_plain_state_even_at_full_debug_verbosity()
    {
        var markers = new SecretMarkers();
        var wrong = new SecretMarkers();
        await using var world = await SimulatedWorld.StartAsync(new WorldOptions
        {
            Obshell = new ObshellSimulatorOptions
            {
                SpareAgents = 2, StageDuration = TimeSpan.FromMilliseconds(5), RootPassword = markers.RootPassword,
                AgentPassword = markers.AgentPassword, SpareAgentPassword = markers.TargetAgentPassword,
            },
            ModelArts = new ModelArtsSimulatorOptions
            {
                AccessKey = markers.AccessKey, SecretKey = markers.SecretKey,
                ServerCreateDuration = TimeSpan.FromMilliseconds(30), ServerDeleteDuration = TimeSpan.FromMilliseconds(30),
            },
            SupernodeFlavor = FastWorld.Small,
        });
        await using var plugin = await VerbosePluginAsync(world, Config(world, markers));
        // The right access key with a wrong secret key: the signature is refused, not the key.
        await using var misconfigured = await VerbosePluginAsync(world, Config(world, wrong).With("huaweiAccessKey", Props.Secret(markers.AccessKey)));
        var seen = new List<string>();
        var (spare, other) = (world.Obshell.SpareAgents[0], world.Obshell.SpareAgents[1]);

        // Success path: up (secrets given plain by the program), update, refresh, preview, destroy.
        var stack = new EngineStack(plugin.Client);
        Declared[] program = [WithPassword(Node("node", spare, "zone1"), markers.TargetAgentPassword), WithUserdata(Supernode("gpu", world.SupernodeId, FastWorld.Medium), markers.Userdata)];
        var journal = new List<string>();
        seen.AddRange(Details(await stack.UpAsync(program)));
        journal.AddRange(JournalEntries());
        Assert.All(stack.Resources.Values, r => Assert.NotNull(r.Id));
        Assert.Equal(2, stack.Resources.Count);
        AssertSecretsWrapped(stack);
        program = [WithForceKill(program[0]), WithUserdata(Supernode("gpu", world.SupernodeId, FastWorld.Large), markers.Userdata)];
        seen.AddRange(Details(await stack.UpAsync(program)));
        journal.AddRange(JournalEntries());
        AssertSecretsWrapped(stack);
        seen.AddRange(Details(await stack.RefreshAsync()));
        seen.AddRange(await stack.PreviewChangesAsync(program));
        seen.AddRange(stack.Resources.Values.SelectMany(r => SecretMarkers.PlainStrings(PropertyValue.From(r.Outputs)).Concat(SecretMarkers.PlainStrings(PropertyValue.From(r.Inputs)))));
        seen.AddRange(Details(await stack.DestroyAsync()));

        // Failure paths: a wrong target agent password (the DAG fails and rolls back), and a provider configured with
        // wrong root/agent passwords and a wrong SK.
        var failing = new EngineStack(plugin.Client);
        var wrongTarget = await failing.UpAsync([WithPassword(Node("wrong-target", other, "zone1"), wrong.TargetAgentPassword)]);
        Assert.False(wrongTarget.Single().Succeeded);
        var unauthorized = await new EngineStack(misconfigured.Client).UpAsync([Node("wrong-auth", other, "zone1"), Supernode("wrong-sk", world.SupernodeId, FastWorld.Medium)]);
        Assert.All(unauthorized, o => Assert.False(o.Succeeded));
        seen.AddRange(Details(wrongTarget.Concat(unauthorized)));
        foreach (var failure in wrongTarget.Concat(unauthorized)) output.WriteLine($"failure shown to the user: {failure.Name}: {failure.Detail}");

        // Stopped as the engine stops them, so stderr and stdout are complete before they are searched.
        foreach (var process in new[] { plugin, misconfigured })
        {
            process.Interrupt();
            await process.WaitForExitAsync(TimeSpan.FromSeconds(10));
        }
        var places = new Dictionary<string, string>
        {
            ["plugin stderr"] = plugin.Stderr + misconfigured.Stderr,
            ["plugin stdout"] = plugin.Stdout + misconfigured.Stdout,
            ["engine Log messages"] = string.Join("\n", world.Engine.Logs.Select(l => l.Message)),
            ["errors, Check reasons, plain state"] = string.Join("\n", seen),
            ["operation journal files"] = string.Join("\n", journal),
        };
        output.WriteLine($"searched {places.Sum(p => p.Value.Length)} characters ({plugin.Stderr.Length + misconfigured.Stderr.Length} of debug stderr, {world.Engine.Logs.Count} engine log messages) for {markers.Forms().Count + wrong.Forms().Count} secret forms");
        Assert.True(plugin.Stderr.Length > 0, "the plugin wrote no debug log: the search would prove nothing");
        Assert.Matches(@"^\d+\r?\n$", plugin.Stdout);
        // Control: the search does find what is there (the supernode id is a plain output), so a leak would be seen.
        Assert.NotEmpty(markers.FoundIn(places["errors, Check reasons, plain state"], world.SupernodeId));
        Assert.NotEmpty(markers.FoundIn(places["operation journal files"], world.SupernodeId));
        foreach (var (place, text) in places)
        {
            var found = markers.FoundIn(text).Concat(wrong.FoundIn(text)).ToList();
            Assert.True(found.Count == 0, $"{place} contains secret(s): {string.Join(", ", found)}");
        }
    }

    /// <summary>The journal entries as they are now (entries stay until the engine is seen to hold what they record).
    /// Only whole entries: a temporary file is another plugin's entry being written, held open until it is renamed
    /// into place, when it is read here as the entry it became.</summary>
    private static IEnumerable<string> JournalEntries() =>
        Directory.Exists(PluginProcess.JournalDirectory) ? Directory.GetFiles(PluginProcess.JournalDirectory, "*.json").Select(File.ReadAllText) : [];

    private static void AssertSecretsWrapped(EngineStack stack)
    {
        var node = stack.Resources["node"];
        Assert.True(node.Inputs["targetAgentPassword"].IsSecret, "targetAgentPassword is not secret in the inputs");
        Assert.True(node.Outputs["targetAgentPassword"].IsSecret, "targetAgentPassword is not secret in the outputs");
        var gpu = stack.Resources["gpu"];
        Assert.True(gpu.Inputs["userdata"].IsSecret, "userdata is not secret in the inputs");
        Assert.True(gpu.Outputs["userdata"].IsSecret, "userdata is not secret in the outputs");
    }

    private static async Task<PluginProcess> VerbosePluginAsync(SimulatedWorld world, PropertyMap config)
    {
        var plugin = await PluginProcess.StartAsync(new PluginLaunch(world.Engine.Address, ["-v=9", "--logtostderr"], PluginPath: world.Options.PluginPath));
        await plugin.Client.CheckAndConfigureAsync(config);
        return plugin;
    }

    private static PropertyMap Config(SimulatedWorld world, SecretMarkers secrets) => world.ProviderConfig()
        .With("obshellRootPassword", Props.Secret(secrets.RootPassword))
        .With("obshellAgentPassword", Props.Secret(secrets.AgentPassword))
        .With("huaweiAccessKey", Props.Secret(secrets.AccessKey))
        .With("huaweiSecretKey", Props.Secret(secrets.SecretKey))
        .With("huaweiSecurityToken", Props.Secret(secrets.SecurityToken));

    private static Declared WithPassword(Declared node, string password) => node with { Inputs = node.Inputs.With("targetAgentPassword", PropertyValue.From(password)) };

    private static Declared WithForceKill(Declared node) => node with { Inputs = node.Inputs.With("forceKill", PropertyValue.From(true)) };

    private static Declared WithUserdata(Declared supernode, string userdata) => supernode with { Inputs = supernode.Inputs.With("userdata", PropertyValue.From(userdata)) };

    private static IEnumerable<string> Details(IEnumerable<StepOutcome> outcomes) => outcomes.Select(o => $"{o.Name}: {o.Detail}");
}
