using ClusterScale.Harness;
using ClusterScale.Provider.Protocol;
using Pulumirpc;

namespace ClusterScale.Conformance.Tests.Reliability.OpenWorld;

/// <summary>
/// What one stack did in a round, run by run: the user's action, a kill (and whether the CLI died with it, and on
/// which machine the next run started), each resource's outcome and message, what the plugin logged, and what the
/// engine model recorded after the run. Kept only to be printed with a violation of the stack: the campaign's own
/// lines say what is wrong, this says how it came about, so the next violation is diagnosed from the log alone.
/// </summary>
internal sealed class StackTranscript(string stack, TestEngine engine, int logsBefore)
{
    private const int DetailLength = 260;
    /// <summary>The outputs shown: a SupernodeScale's servers, steps and pending scale, an ObserverNode's DAG (their
    /// schemas' names).</summary>
    private static readonly string[] Shown = ["addedServerIds", "scaleSteps", "pendingScale", "dagId"];
    private readonly List<string> _lines = [];
    private readonly Dictionary<RunnerMachine, string> _machines = [];
    private int _logsSeen = logsBefore;

    /// <summary>A machine's name in the transcript: "home" for the stack's usual runner, then "machine 2", 3, ...</summary>
    public string MachineName(RunnerMachine machine, RunnerMachine home)
    {
        lock (_lines)
        {
            if (machine == home) return "home";
            if (!_machines.TryGetValue(machine, out var name)) _machines[machine] = name = $"machine {_machines.Count + 2}";
            return name;
        }
    }

    public void Note(string line)
    {
        lock (_lines) _lines.Add($"{DateTime.UtcNow:HH:mm:ss.fff} {line}");
    }

    /// <summary>After a run: the outcomes, what the plugin logged since the last entry, and the engine's state of every
    /// resource (id and the <see cref="Shown"/> outputs it has).</summary>
    public void Ran(string what, IReadOnlyList<StepOutcome> outcomes, IReadOnlyDictionary<string, ResourceState> state)
    {
        Note(what);
        foreach (var outcome in outcomes)
            Note($"  {outcome.Name}: {(outcome.Succeeded ? "ok" : "FAILED")} {Short(outcome.Detail)}");
        var logs = engine.Logs;
        List<LogRequest> fresh;
        lock (_lines)
        {
            fresh = logs.Skip(_logsSeen).ToList();
            _logsSeen = logs.Count;
        }
        foreach (var log in fresh)
            Note($"  log {log.Severity} {Name(log.Urn)}: {Short(log.Message)}");
        foreach (var (name, resource) in state)
            Note($"  engine state {name}: id {resource.Id}" + string.Concat(Shown.Where(resource.Outputs.ContainsKey).Select(key => $" {key} {Short(resource.Outputs[key].ToString())}")));
    }

    /// <summary>The violations found, the transcript, then the servers this stack created on the supernodes it
    /// scaled, from the ledger.</summary>
    public IEnumerable<string> Render(string where, string accessKey, IReadOnlyDictionary<string, IReadOnlyList<ServerRecord>> servers, IReadOnlyList<string> violations)
    {
        yield return $"transcript of {where} stack {stack}:";
        foreach (var violation in violations) yield return "  found " + violation;
        lock (_lines)
            foreach (var line in _lines) yield return "    " + line;
        foreach (var (supernode, records) in servers)
            foreach (var server in records.Where(r => r.CreatedBy == accessKey))
                yield return $"    ledger {supernode}: {server.ServerId} created {DateTimeOffset.FromUnixTimeMilliseconds(server.CreateAt):HH:mm:ss.fff}" +
                    (server.RemovedBy is null ? "" : $", removed by {server.RemovedBy}");
    }

    private static string Name(string urn) => urn.Length == 0 ? "-" : urn[(urn.LastIndexOf("::", StringComparison.Ordinal) + 2)..];

    private static string Short(string text) => text.Length > DetailLength ? text[..DetailLength] + "…" : text;
}
