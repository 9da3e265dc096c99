using System.Runtime.CompilerServices;

namespace ClusterScale.Conformance.Tests.Reliability;

/// <summary>
/// Every in-process ASP.NET host (each simulated obshell agent, the ModelArts endpoint, the test engine) and every
/// plugin a test launches would otherwise watch its config files with its own inotify instance. The per-user limit
/// is 128 on this machine, shared by everything running: a 20-agent cluster plus parallel test classes (or another
/// process holding watchers) exhausted it ("The configured user limit (128) on the number of inotify instances has
/// been reached"). Nothing here reloads configuration, so the watchers are turned off for this test process and,
/// through the inherited environment, for the plugins it starts.
/// </summary>
internal static class NoConfigFileWatchers
{
    [ModuleInitializer]
    internal static void TurnOff() => Environment.SetEnvironmentVariable("DOTNET_hostBuilder__reloadConfigOnChange", "false");
}
