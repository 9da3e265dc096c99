using System.Collections.Concurrent;
using ClusterScale.Provider.Http;
using ClusterScale.Provider.Journal;
using ClusterScale.Provider.Obshell;
using ClusterScale.Provider.Obshell.Cluster;
using ClusterScale.Provider.Protocol;
using ClusterScale.Simulators.Obshell;

namespace ClusterScale.Provider.Tests.Obshell;

/// <summary>A simulated cluster over loopback plus an ObserverNode configured for it, and helpers to drive it as
/// the engine would.</summary>
internal sealed class ObshellTestCluster : IAsyncDisposable
{
    /// <summary>Quick retries: the simulator answers in milliseconds.</summary>
    public static readonly RetryPolicy FastRetries = new(MaxAttempts: 4, BaseDelay: TimeSpan.FromMilliseconds(10), MaxDelay: TimeSpan.FromMilliseconds(50), MaxRetryAfter: TimeSpan.FromMilliseconds(50));

    private ObshellTestCluster(ObshellSimulator simulator, ObshellConnection connection)
    {
        Simulator = simulator;
        Connection = connection;
        Node = new ObserverNode(connection, Journal);
    }

    /// <summary>The node's operation journal, in a directory of its own.</summary>
    // Not made in advance, as on a fresh machine: the plugin makes it on its first write.
    public OperationJournal Journal { get; } = new(Path.Combine(Directory.CreateTempSubdirectory("clusterscale-journal-").FullName, "never-made"));

    /// <summary>The node's connection: its cluster client holds the in-process cluster lock.</summary>
    public ObshellConnection Connection { get; }

    public ObshellSimulator Simulator { get; }
    public ObserverNode Node { get; }
    public RecordingProgress Progress { get; } = new();

    public static async Task<ObshellTestCluster> StartAsync(ObshellSimulatorOptions? options = null,
        Func<ObshellSimulator, ObshellSettings>? settings = null, int? zoneCount = null)
    {
        options ??= new ObshellSimulatorOptions { StageDuration = TimeSpan.FromMilliseconds(20) };
        if (zoneCount is { } zones) options = options with { ZoneCount = zones };
        var simulator = await ObshellSimulator.StartAsync(options);
        var connection = new ObshellConnection(TimeProvider.System, FastRetries);
        connection.Configure(settings?.Invoke(simulator)
            ?? new ObshellSettings(simulator.ClusterEndpoints, options.RootPassword, options.AgentPassword, UseTls: false));
        return new ObshellTestCluster(simulator, connection);
    }

    public OperationContext Context(CancellationToken cancellation = default, TimeProvider? time = null) =>
        new("urn:pulumi:test::proj::clusterscale:obshell:ObserverNode::node", Progress, time ?? TimeProvider.System, cancellation);

    /// <summary>Another client of the same cluster, as a second stack or an operator's tool would be: it does not
    /// share this process's per-cluster lock (its endpoints differ).</summary>
    public ObshellCluster OtherClient() =>
        new(new ObshellSettings(Simulator.ClusterEndpoints.Skip(1).ToList(), Simulator.Options.RootPassword, Simulator.Options.AgentPassword, UseTls: false),
            TimeProvider.System, FastRetries, DebugLog.Off);

    /// <summary>Checked inputs for a spare agent ("10.0.0.4:2886").</summary>
    public async Task<PropertyMap> InputsAsync(string agent, string zone, Action<Dictionary<string, PropertyValue>>? edit = null)
    {
        var (ip, port) = Split(agent);
        var fields = new Dictionary<string, PropertyValue>
        {
            ["ip"] = PropertyValue.From(ip),
            ["obshellPort"] = PropertyValue.From(port),
            ["zone"] = PropertyValue.From(zone),
        };
        edit?.Invoke(fields);
        var checkedInputs = await Node.CheckAsync(new CheckInput("urn", "node", PropertyMap.Empty, new PropertyMap(fields)), CancellationToken.None);
        Assert.Empty(checkedInputs.Failures);
        return checkedInputs.Inputs;
    }

    public Task<CreateResult> CreateAsync(PropertyMap inputs, TimeSpan? timeout = null, CancellationToken cancellation = default, TimeProvider? time = null) =>
        Node.CreateAsync(new CreateInput("urn", "node", inputs, Preview: false, timeout), Context(cancellation, time));

    public Task DeleteAsync(string id, PropertyMap inputs, PropertyMap outputs, CancellationToken cancellation = default) =>
        Node.DeleteAsync(new DeleteInput(id, "urn", outputs, inputs, null), Context(cancellation));

    public Task<ReadResult?> ReadAsync(string id, PropertyMap outputs, PropertyMap inputs) =>
        Node.ReadAsync(new ReadInput(id, "urn", outputs, inputs), Context());

    public MemberView? Member(string agent) => Simulator.Members.SingleOrDefault(m => m.Agent == agent);

    public int ScaleOutRequests => Simulator.Requests.Count(r => r.PathAndQuery == "/api/v1/ob/scale_out");

    public static (string Ip, int Port) Split(string agent)
    {
        var colon = agent.LastIndexOf(':');
        return (agent[..colon], int.Parse(agent[(colon + 1)..]));
    }

    public ValueTask DisposeAsync() => Simulator.DisposeAsync();
}

/// <summary>Keeps every progress line for assertions; <see cref="OnLine"/> lets a test act at a precise moment
/// (e.g. inject a fault just before the scale-out request, or cancel once the DAG runs).</summary>
internal sealed class RecordingProgress : IProgressSink
{
    private readonly ConcurrentQueue<string> _lines = new();
    public Action<string>? OnLine { get; set; }
    public IReadOnlyList<string> Lines => [.. _lines];
    public Task StatusAsync(string message) => Record(message);
    public Task InfoAsync(string message) => Record(message);
    public Task WarningAsync(string message) => Record(message);

    private Task Record(string message)
    {
        _lines.Enqueue(message);
        OnLine?.Invoke(message);
        return Task.CompletedTask;
    }
}
