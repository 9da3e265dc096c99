using ClusterScale.Provider.Protocol;

namespace ClusterScale.Provider.Tests.Protocol;

public class LaunchArgsTests
{
    [Theory]
    [InlineData(new[] { "127.0.0.1:5000" }, "127.0.0.1:5000", false)]
    [InlineData(new[] { "--logtostderr", "-v=9", "127.0.0.1:5000" }, "127.0.0.1:5000", true)]
    [InlineData(new[] { "--logflow", "--tracing", "127.0.0.1:9411", "127.0.0.1:5000" }, "127.0.0.1:5000", false)]
    [InlineData(new[] { "--tracing=http://x:1", "-v=0", "127.0.0.1:5000" }, "127.0.0.1:5000", false)]
    [InlineData(new[] { "-v", "3", "127.0.0.1:5000" }, "127.0.0.1:5000", true)]
    [InlineData(new[] { "--some-future-flag", "127.0.0.1:1", "127.0.0.1:2" }, "127.0.0.1:2", false)]
    [InlineData(new[] { "--logtostderr" }, null, true)]
    [InlineData(new string[0], null, false)]
    public void Parses_the_engine_command_line_leniently(string[] args, string? engine, bool verbose) =>
        Assert.Equal(new LaunchArgs(engine, verbose), LaunchArgs.Parse(args));
}
