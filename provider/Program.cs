using ClusterScale.Provider.Protocol;

// The engine launches this binary, reads the first stdout line as the gRPC port, and talks to it over loopback.
// Stdout carries that line and nothing else, ever: all diagnostics go to stderr (and only when asked for).
var launch = LaunchArgs.Parse(args);
var debug = launch.Verbose ? new DebugLog(Console.Error) : DebugLog.Off;
using var host = new ProviderHost(Modules.All(debug), debug);
if (launch.EngineAddress is { } engine) host.EngineLog.Connect(engine);

await using var server = await PluginServer.StartAsync(host);
await Console.Out.WriteAsync($"{server.Port}\n");
await Console.Out.FlushAsync();
debug.Write($"serving on 127.0.0.1:{server.Port}; engine {launch.EngineAddress ?? "(attach mode: waiting for Attach)"}");

await server.WaitForShutdownAsync();
return 0;
