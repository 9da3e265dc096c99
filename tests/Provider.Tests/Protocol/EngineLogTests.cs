using ClusterScale.Provider.Protocol;
using Pulumirpc;

namespace ClusterScale.Provider.Tests.Protocol;

public sealed class EngineLogTests
{
    [Fact]
    public async Task A_message_that_cannot_be_delivered_never_fails_the_operation_and_goes_to_the_debug_log()
    {
        var debug = new StringWriter();
        using var log = new EngineLog(new DebugLog(debug));
        // An address no channel can be built for: building the client throws, which is not an RpcException.
        log.Connect("http://[not an address");
        await log.LogAsync(LogSeverity.Info, "stage 4/9: Wait remote deploy finish", "urn:pulumi:s::p::t::n", ephemeral: true);
        Assert.Contains("stage 4/9: Wait remote deploy finish", debug.ToString());
    }

    [Fact]
    public async Task An_engine_that_is_not_listening_does_not_fail_the_operation()
    {
        var debug = new StringWriter();
        using var log = new EngineLog(new DebugLog(debug));
        log.Connect("127.0.0.1:1");
        await log.LogAsync(LogSeverity.Warning, "hello", "urn:pulumi:s::p::t::n", ephemeral: false);
        Assert.Contains("engine Log failed", debug.ToString());
    }
}
