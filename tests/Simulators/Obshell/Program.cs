using System.Globalization;
using ClusterScale.Simulators.Obshell;

// Standalone: dotnet ObshellSimulator.dll --agents 3 --spares 2 --stage-ms 2000 --root-password X [--agent-password Y]
//   [--zones 3] [--spare-agent-password Z]. Runs until Ctrl-C.
var options = ParseOptions(args);
if (options is null)
{
    Console.Error.WriteLine("usage: ObshellSimulator [--agents N] [--zones N] [--spares N] [--stage-ms MS] [--root-password P] [--agent-password P] [--spare-agent-password P]");
    return 2;
}

await using var simulator = await ObshellSimulator.StartAsync(options);
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

static ObshellSimulatorOptions? ParseOptions(string[] args)
{
    var options = new ObshellSimulatorOptions();
    for (var i = 0; i < args.Length; i += 2)
    {
        if (i + 1 >= args.Length)
        {
            return null;
        }

        var value = args[i + 1];
        var isNumber = int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var number);
        options = args[i] switch
        {
            "--agents" when isNumber => options with { ClusterAgents = number },
            "--zones" when isNumber => options with { ZoneCount = number },
            "--spares" when isNumber => options with { SpareAgents = number },
            "--stage-ms" when isNumber => options with { StageDuration = TimeSpan.FromMilliseconds(number) },
            "--root-password" => options with { RootPassword = value },
            "--agent-password" => options with { AgentPassword = value },
            "--spare-agent-password" => options with { SpareAgentPassword = value },
            _ => null,
        };
        if (options is null)
        {
            return null;
        }
    }

    return options;
}
