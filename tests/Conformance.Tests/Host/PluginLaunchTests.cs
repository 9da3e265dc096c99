using ClusterScale.Harness;
using ClusterScale.Provider.Protocol;
using Grpc.Core;
using Newtonsoft.Json.Linq;
using Pulumirpc;
using Xunit.Abstractions;

namespace ClusterScale.Conformance.Tests.Host;

/// <summary>The built plugin binary, launched and spoken to exactly as the Pulumi engine does.</summary>
public sealed class PluginLaunchTests(ITestOutputHelper output)
{
    private static readonly TimeSpan Prompt = TimeSpan.FromSeconds(5);

    [Fact]
    public async Task Handshake_plugin_info_and_schema_work_over_a_real_socket()
    {
        await using var engine = await TestEngine.StartAsync();
        await using var plugin = await PluginProcess.StartAsync(new PluginLaunch(engine.Address));
        output.WriteLine($"exec -> port line: {plugin.StartupTime.TotalMilliseconds:0} ms");

        var handshake = await plugin.Client.HandshakeAsync(engine.Address);
        Assert.True(handshake.AcceptSecrets);
        Assert.True(handshake.AcceptResources);
        Assert.Equal("0.1.0", await plugin.Client.GetPluginVersionAsync());
        var schema = JObject.Parse(await plugin.Client.GetSchemaAsync());
        Assert.Equal("clusterscale", schema["name"]);
        Assert.Equal("0.1.0", schema["version"]);
    }

    [Fact]
    public async Task Stdout_holds_nothing_but_the_port_line_even_with_verbose_logging()
    {
        await using var engine = await TestEngine.StartAsync();
        var config = new Dictionary<string, string> { ["clusterscale:obshellEndpoints"] = "[\"127.0.0.1:1\"]" };
        await using var plugin = await PluginProcess.StartAsync(new PluginLaunch(engine.Address, ["-v=9", "--logtostderr", "--logflow"], config));

        await plugin.Client.HandshakeAsync(engine.Address);
        await plugin.Client.GetPluginVersionAsync();
        await plugin.Client.GetSchemaAsync();
        await plugin.Client.CheckConfigAsync(Props.Of(("bogusKey", "x"), ("version", "0.1.0")));
        await Assert.ThrowsAsync<RpcException>(() => plugin.Client.CheckAsync(Urns.For("clusterscale:nope:Thing", "n"), PropertyMap.Empty, PropertyMap.Empty));
        await plugin.Client.CancelAsync();

        plugin.Interrupt();
        await plugin.WaitForExitAsync(Prompt);
        Assert.Equal($"{plugin.Port}\n", plugin.Stdout);
        // Verbose diagnostics exist, and they went to stderr.
        Assert.Contains($"serving on 127.0.0.1:{plugin.Port}", plugin.Stderr);
    }

    [Fact]
    public async Task With_no_arguments_the_plugin_waits_for_Attach_and_then_logs_to_that_engine()
    {
        await using var engine = await TestEngine.StartAsync();
        await using var plugin = await PluginProcess.StartAsync(new PluginLaunch());

        await plugin.Client.AttachAsync(engine.Address);
        await plugin.Client.CheckConfigAsync(Props.Of(("bogusKey", "x")));

        var warning = await engine.WaitForLogAsync(l => l.Message.Contains("bogusKey"), Prompt);
        Assert.Equal(LogSeverity.Warning, warning.Severity);
    }

    [Fact]
    public async Task Log_calls_reach_the_engine_given_on_the_command_line()
    {
        await using var engine = await TestEngine.StartAsync();
        await using var plugin = await PluginProcess.StartAsync(new PluginLaunch(engine.Address));

        var check = await plugin.Client.CheckConfigAsync(Props.Of(("obshellEndpoint", "10.0.0.1:2886"), ("version", "0.1.0")));

        var warning = await engine.WaitForLogAsync(l => l.Message.Contains("clusterscale:obshellEndpoint "), Prompt);
        Assert.Equal(LogSeverity.Warning, warning.Severity);
        Assert.False(warning.Ephemeral);
        Assert.DoesNotContain(engine.Logs, l => l.Message.Contains("version"));
        // A typo is a warning, not a failure: the rest of the program still runs.
        Assert.Empty(check.Failures);
        Assert.Equal(PropertyValue.From("0.1.0"), PropertyStruct.ToMap(check.Inputs)["version"]);
    }

    [Fact]
    public async Task An_engine_without_a_log_service_does_not_break_the_plugin()
    {
        await using var engine = await TestEngine.StartAsync(withLogService: false);
        await using var plugin = await PluginProcess.StartAsync(new PluginLaunch(engine.Address));

        var check = await plugin.Client.CheckConfigAsync(Props.Of(("bogusKey", "x")));

        Assert.Empty(check.Failures);
        Assert.Equal("0.1.0", await plugin.Client.GetPluginVersionAsync());
    }

    [Fact]
    public async Task Check_with_an_unknown_type_token_is_invalid_argument_naming_it()
    {
        await using var plugin = await PluginProcess.StartAsync(new PluginLaunch("127.0.0.1:1"));

        var error = await Assert.ThrowsAsync<RpcException>(() =>
            plugin.Client.CheckAsync(Urns.For("clusterscale:nope:Thing", "n"), PropertyMap.Empty, Props.Of(("a", 1))));

        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        Assert.Contains("'clusterscale:nope:Thing'", error.Status.Detail);
    }

    [Fact]
    public async Task Sigint_makes_the_plugin_exit_promptly()
    {
        await using var plugin = await PluginProcess.StartAsync(new PluginLaunch("127.0.0.1:1"));
        await plugin.Client.GetPluginVersionAsync();

        var clock = System.Diagnostics.Stopwatch.StartNew();
        plugin.Interrupt();
        var exitCode = await plugin.WaitForExitAsync(Prompt);

        output.WriteLine($"SIGINT -> exit: {clock.ElapsedMilliseconds} ms");
        Assert.Equal(0, exitCode);
    }
}
