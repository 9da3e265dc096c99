using System.Globalization;
using System.Runtime.InteropServices;
using ClusterScale.Simulators.ModelArts;
using ClusterScale.Simulators.ModelArts.Faults;

// Standalone: `dotnet ModelArtsSimulator.dll [--ak X] [--sk Y] [--project P] [--port N] [--create-ms N]
// [--delete-ms N] [--supernode <flavor>]... [--act-then-fail <route>:<answer>:<requests>]...`; prints what a client
// needs, then serves until Ctrl-C.
var options = new ModelArtsSimulatorOptions();
var supernodeFlavors = new List<string>();
var faultsToArm = new List<Action<ModelArtsFaults>>();
try
{
    for (var i = 0; i < args.Length; i++)
    {
        string Value() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value");
        int Number() => int.Parse(Value(), NumberStyles.None, CultureInfo.InvariantCulture);
        switch (args[i])
        {
            case "--ak": options = options with { AccessKey = Value() }; break;
            case "--sk": options = options with { SecretKey = Value() }; break;
            case "--project": options = options with { ProjectId = Value() }; break;
            case "--port": options = options with { Port = Number() }; break;
            case "--create-ms": options = options with { ServerCreateDuration = TimeSpan.FromMilliseconds(Number()) }; break;
            case "--delete-ms": options = options with { ServerDeleteDuration = TimeSpan.FromMilliseconds(Number()) }; break;
            case "--supernode": supernodeFlavors.Add(Value()); break;
            case "--act-then-fail": faultsToArm.Add(ActThenFailFlag(Value())); break;
            default:
                Console.Error.WriteLine($"unknown argument {args[i]}; use --ak --sk --project --port --create-ms --delete-ms --supernode --act-then-fail");
                return 2;
        }
    }
}
catch (Exception error) when (error is ArgumentException or FormatException or OverflowException)
{
    Console.Error.WriteLine(error.Message);
    return 2;
}

await using var simulator = await ModelArtsSimulator.StartAsync(options);
foreach (var arm in faultsToArm)
    arm(simulator.Faults);
Console.WriteLine($"endpoint   {simulator.Endpoint}");
Console.WriteLine($"region     {options.Region}");
Console.WriteLine($"project id {options.ProjectId}");
Console.WriteLine($"access key {options.AccessKey}");
foreach (var flavor in supernodeFlavors)
{
    try
    {
        Console.WriteLine($"supernode  {simulator.CreateSupernode(flavor)} ({flavor})");
    }
    catch (ArgumentException error)
    {
        Console.Error.WriteLine(error.Message);
        return 2;
    }
}
Console.WriteLine("flavors:");
foreach (var flavor in options.Flavors)
    Console.WriteLine($"  {flavor.Flavor,-40} {flavor.ServerCount,3} x {flavor.ResourceFlavor}{(flavor.SoldOut ? " (sold out)" : "")}");
Console.WriteLine("Ctrl-C or SIGTERM to stop");

// SIGTERM (docker stop, systemd, a test harness) and SIGINT (Ctrl-C) end the process cleanly: the simulator is
// disposed (Kestrel stops and releases the port, stalled answers are dropped) and the exit code is 0.
var stopRequested = new TaskCompletionSource();
void RequestStop(PosixSignalContext signal)
{
    signal.Cancel = true; // the default action would end the process before the port is released
    stopRequested.TrySetResult();
}
using var onTerminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, RequestStop);
using var onInterrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, RequestStop);
await stopRequested.Task;
return 0; // `await using` disposes the simulator on the way out

// `live-scale-up:504:3`: the next 3 live-scale-up requests are applied, then answered 504.
static Action<ModelArtsFaults> ActThenFailFlag(string value)
{
    var parts = value.Split(':');
    if (parts.Length != 3)
        throw new ArgumentException($"--act-then-fail {value}: expected <route>:<answer>:<requests>, route {FaultNames.RouteNames}, answer {FaultNames.AnswerNames}");
    var routes = FaultNames.ParseRoutes(parts[0]);
    var answer = FaultNames.ParseAnswer(parts[1]);
    var requests = int.Parse(parts[2], NumberStyles.None, CultureInfo.InvariantCulture);
    return faults => faults.ActThenFail(routes, answer, requests);
}
