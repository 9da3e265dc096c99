using System.Globalization;
using ClusterScale.Simulators.ModelArts;

// Standalone: `dotnet ModelArtsSimulator.dll [--ak X] [--sk Y] [--project P] [--port N] [--create-ms N]
// [--delete-ms N] [--supernode <flavor>]...`; prints what a client needs, then serves until Ctrl-C.
var options = new ModelArtsSimulatorOptions();
var supernodeFlavors = new List<string>();
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
            default:
                Console.Error.WriteLine($"unknown argument {args[i]}; use --ak --sk --project --port --create-ms --delete-ms --supernode");
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
Console.WriteLine("Ctrl-C to stop");

var stopped = new TaskCompletionSource();
Console.CancelKeyPress += (_, e) => { e.Cancel = true; stopped.TrySetResult(); };
AppDomain.CurrentDomain.ProcessExit += (_, _) => stopped.TrySetResult();
await stopped.Task;
return 0;
