using System.Globalization;
using System.Runtime.InteropServices;
using ClusterScale.Simulators.ModelArts;
using ClusterScale.Simulators.ModelArts.Faults;
using ClusterScale.Simulators.ModelArts.Supernodes;

// Standalone: `dotnet ModelArtsSimulator.dll [options]` (see README.md); prints what a client needs, then serves
// until SIGTERM or SIGINT.
const string Usage = "use --ak --sk --project --port --create-ms --delete-ms --arrival together|trickle --arrival-delay-ms --clock-offset-ms "
    + "--supernode <flavor>[,charging=PRE_PAID][,stopped=N][,arrival=trickle] --act-then-fail <route>:<answer>:<requests> "
    + "--posts-per-minute N --retry-after <seconds>";
var options = new ModelArtsSimulatorOptions();
var supernodes = new List<SupernodeSetup>();
var faultsToArm = new List<Action<ModelArtsFaults>>();
int? postsPerMinute = null;
TimeSpan? retryAfter = null;
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
            case "--arrival": options = options with { Arrival = ArrivalNames.Parse(Value()) }; break;
            case "--arrival-delay-ms": options = options with { ArrivalDelay = TimeSpan.FromMilliseconds(Number()) }; break;
            case "--clock-offset-ms":
                options = options with { ClockOffset = TimeSpan.FromMilliseconds(int.Parse(Value(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture)) };
                break;
            case "--supernode": supernodes.Add(SupernodeFlag(Value())); break;
            case "--act-then-fail": faultsToArm.Add(ActThenFailFlag(Value())); break;
            case "--posts-per-minute": postsPerMinute = Number(); break;
            case "--retry-after": retryAfter = TimeSpan.FromSeconds(Number()); break;
            default:
                Console.Error.WriteLine($"unknown argument {args[i]}; {Usage}");
                return 2;
        }
    }
    if (retryAfter is not null && postsPerMinute is null)
        throw new ArgumentException("--retry-after needs --posts-per-minute");
}
catch (Exception error) when (error is ArgumentException or FormatException or OverflowException)
{
    Console.Error.WriteLine(error.Message);
    return 2;
}

await using var simulator = await ModelArtsSimulator.StartAsync(options);
foreach (var arm in faultsToArm)
    arm(simulator.Faults);
if (postsPerMinute is { } limit)
    simulator.Faults.LimitPostsPerMinute(limit, retryAfter);
Console.WriteLine($"endpoint   {simulator.Endpoint}");
Console.WriteLine($"region     {options.Region}");
Console.WriteLine($"project id {options.ProjectId}");
Console.WriteLine($"access key {options.AccessKey}");
foreach (var setup in supernodes)
{
    try
    {
        Console.WriteLine($"supernode  {simulator.CreateSupernode(setup)} ({setup.Flavor})");
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

// `kat3ne-16-800t.96xlarge.8.matrix,charging=PRE_PAID,stopped=1,arrival=trickle`
static SupernodeSetup SupernodeFlag(string value)
{
    var parts = value.Split(',');
    var setup = new SupernodeSetup(parts[0]);
    foreach (var part in parts.Skip(1))
    {
        setup = part.Split('=', 2) switch
        {
            ["charging", var mode] => setup with { ChargingMode = mode },
            ["stopped", var count] => setup with { StoppedServers = int.Parse(count, NumberStyles.None, CultureInfo.InvariantCulture) },
            ["arrival", var arrival] => setup with { Arrival = ArrivalNames.Parse(arrival) },
            _ => throw new ArgumentException($"--supernode {value}: {part} is not charging=, stopped= or arrival="),
        };
    }
    return setup;
}
