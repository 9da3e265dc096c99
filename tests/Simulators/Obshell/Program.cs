using ClusterScale.Simulators.Obshell;

// Standalone: see CommandLine for the flags. Runs until Ctrl-C.
if (CommandLine.Parse(args) is not { } commandLine)
{
    Console.Error.WriteLine(CommandLine.Usage);
    return 2;
}

var options = commandLine.Options;
await using var simulator = await ObshellSimulator.StartAsync(options);
foreach (var armed in commandLine.ActThenFail)
{
    simulator.Faults.ActThenFail(armed.Route, armed.Answer, armed.Remaining);
}

Console.WriteLine($"obshell simulator: OceanBase {options.ObVersion}, obshell {options.ObshellVersion}, each DAG node takes {options.StageDuration.TotalMilliseconds} ms");
Console.WriteLine("cluster agents (virtual identity -> listener):");
foreach (var member in simulator.Members)
{
    Console.WriteLine($"  {member.Agent,-16} {member.Zone,-8} -> {simulator.EndpointOf(member.Agent)}");
}

Console.WriteLine("spare agents (SINGLE; use the virtual identity as the ObserverNode ip, obshellPort 2886):");
foreach (var spare in simulator.SpareAgents)
{
    Console.WriteLine($"  {spare,-16}          -> {simulator.EndpointOf(spare)}");
}

Console.WriteLine($"OBSHELL_ENDPOINTS={string.Join(',', simulator.ClusterEndpoints)}");
if (simulator.AdminEndpoint is { } admin)
{
    Console.WriteLine($"OBSHELL_SIM_ADMIN=http://{admin}/__sim/faults");
    Console.WriteLine($"OBSHELL_SIM_LEDGER=http://{admin}/__sim/ledger");
}

Console.WriteLine("Ctrl-C to stop.");
using var stop = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    stop.Cancel();
};
try
{
    await Task.Delay(Timeout.Infinite, stop.Token);
}
catch (OperationCanceledException)
{
    // Ctrl-C: dispose and exit.
}

return 0;
