using ClusterScale.Harness.Verbs;

// The harness's command line: `Harness.dll <verb> [options]`. Verbs are discovered, so adding one is adding a file.
var verbs = typeof(IVerb).Assembly.GetTypes()
    .Where(t => t is { IsClass: true, IsAbstract: false } && typeof(IVerb).IsAssignableFrom(t))
    .Select(t => (IVerb)Activator.CreateInstance(t)!)
    .ToDictionary(v => v.Name, StringComparer.Ordinal);

void PrintUsage() => Console.Error.WriteLine("usage: Harness.dll <verb> [options]\n" +
    string.Join("\n", verbs.Values.OrderBy(v => v.Name, StringComparer.Ordinal).Select(v => "  " + v.Usage)));

if (args.Length == 0 || !verbs.TryGetValue(args[0], out var verb))
{
    PrintUsage();
    return 2;
}
try
{
    return await verb.RunAsync(new VerbArgs(args[1..]));
}
catch (UsageException e)
{
    Console.Error.WriteLine(e.Message);
    PrintUsage();
    return 2;
}
