using ClusterScale.Provider.Http;
using ClusterScale.Provider.Journal;
using ClusterScale.Provider.ModelArts;
using ClusterScale.Provider.ModelArts.Auth;
using ClusterScale.Provider.Protocol;
using ClusterScale.Provider.Waiting;
using ClusterScale.Simulators.ModelArts;
using Microsoft.Extensions.Time.Testing;

namespace ClusterScale.Provider.Tests.ModelArts;

/// <summary>A real ModelArts simulator on loopback and a SupernodeScale configured against it, with fast retry and
/// poll schedules (the simulator's transitions take milliseconds).</summary>
internal sealed class ModelArtsTestBed : IAsyncDisposable
{
    // Spec §6: kat3ne-{N}-800t.{6N}xlarge.8.matrix has N/8 sub-nodes; the constants are named by sub-node count.
    public const string Flavor1 = "kat3ne-8-800t.48xlarge.8.matrix";
    public const string Flavor2 = "kat3ne-16-800t.96xlarge.8.matrix";
    public const string Flavor4 = "kat3ne-32-800t.192xlarge.8.matrix";
    public const string Flavor8 = "kat3ne-64-800t.384xlarge.8.matrix";
    /// <summary>49 sub-nodes: one over the 48 cap (§4, §6).</summary>
    public const string FlavorOverCap = "kat3ne-392-800t.2352xlarge.8.matrix";
    public const string ImageId = "f4059eb4-c2f5-46a8-9b33-6cbed5d3fc81";
    public const string KeyPair = "KeyPair-42c4";

    public static readonly RetryPolicy FastRetry = new(5, TimeSpan.FromMilliseconds(5), TimeSpan.FromMilliseconds(40), TimeSpan.FromMilliseconds(40));
    public static readonly PollSchedule FastPolls = new(TimeSpan.FromMilliseconds(20), TimeSpan.FromMilliseconds(10), TimeSpan.FromMilliseconds(100), 1.5, TimeSpan.FromMilliseconds(100));

    private ModelArtsTestBed(ModelArtsSimulator sim, ModelArtsConnection connection)
    {
        Sim = sim;
        Connection = connection;
        // The journal directory is not made in advance, as on a fresh machine: the plugin makes it on its first write.
        Journal = new OperationJournal(Path.Combine(Directory.CreateTempSubdirectory("clusterscale-journal-").FullName, "never-made"));
        Resource = new SupernodeScale(connection, Journal);
    }

    /// <summary>A journal with no entries (its directory does not exist), for tests that never write one.</summary>
    public static OperationJournal EmptyJournal => new(Path.Combine(Path.GetTempPath(), "clusterscale-journal-never-written"));

    public ModelArtsSimulator Sim { get; }
    public ModelArtsConnection Connection { get; }
    public OperationJournal Journal { get; }
    public SupernodeScale Resource { get; }
    public RecordingProgress Progress { get; } = new();

    /// <param name="clientTime">The provider's clock (signing dates); defaults to the simulator's.</param>
    public static async Task<ModelArtsTestBed> StartAsync(ModelArtsSimulatorOptions? options = null, TimeProvider? clientTime = null, HttpMessageHandler? transport = null)
    {
        var sim = await ModelArtsSimulator.StartAsync(options ?? new ModelArtsSimulatorOptions());
        var connection = new ModelArtsConnection(clientTime ?? sim.Options.Time, FastRetry, FastPolls, scaleDownFirstPoll: FastPolls.Initial);
        connection.Configure(new ModelArtsSettings(new Uri(sim.Endpoint), sim.Options.ProjectId,
            new HuaweiCredentials(sim.Options.AccessKey, sim.Options.SecretKey, null)), [], transport);
        return new ModelArtsTestBed(sim, connection);
    }

    public OperationContext Operation(CancellationToken cancellation = default, TimeProvider? time = null) => new("urn:test", Progress, time ?? TimeProvider.System, cancellation);

    public static PropertyMap Inputs(string supernodeId, string flavor, params (string Key, PropertyValue Value)[] extra)
    {
        var map = new PropertyMap(new Dictionary<string, PropertyValue>
        {
            ["supernodeId"] = PropertyValue.From(supernodeId),
            ["flavor"] = PropertyValue.From(flavor),
            ["imageId"] = PropertyValue.From(ImageId),
            ["keyPairName"] = PropertyValue.From(KeyPair),
        });
        return extra.Aggregate(map, (m, e) => m.With(e.Key, e.Value));
    }

    /// <param name="time">The operation's clock (its deadline), when a test drives it.</param>
    public async Task<CreateResult> CreateAsync(PropertyMap inputs, TimeSpan? timeout = null, CancellationToken cancellation = default, TimeProvider? time = null) =>
        await Resource.CreateAsync(new CreateInput("urn:test", "scale", inputs, Preview: false, timeout), Operation(cancellation, time));

    /// <summary>A create cancelled (Ctrl-C) the moment its scale-up is accepted: the partial state it returns.</summary>
    public async Task<ResourceInitFailedException> CreateCancelledOnAcceptanceAsync(PropertyMap inputs)
    {
        using var cancel = new CancellationTokenSource();
        Progress.OnMessage = message =>
        {
            if (message.Contains("accepted", StringComparison.Ordinal)) cancel.Cancel();
            return Task.CompletedTask;
        };
        try
        {
            return await Assert.ThrowsAsync<ResourceInitFailedException>(() => CreateAsync(inputs, cancellation: cancel.Token));
        }
        finally
        {
            Progress.OnMessage = null;
        }
    }

    /// <summary>A Create or Update (<paramref name="operation"/>, given its budget and its clock) whose budget runs out the
    /// moment a scale is accepted: a timeout after the send, however long the reads before it took. (A real-time budget
    /// of a few hundred milliseconds once ran out before the send on a loaded machine.)</summary>
    public async Task<ResourceInitFailedException> TimedOutOnAcceptanceAsync(Func<TimeSpan, TimeProvider, Task> operation)
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var budget = TimeSpan.FromMinutes(1);
        Progress.OnMessage = message =>
        {
            if (message.Contains("accepted", StringComparison.Ordinal)) clock.Advance(budget);
            return Task.CompletedTask;
        };
        try
        {
            return await Assert.ThrowsAsync<ResourceInitFailedException>(() => operation(budget, clock));
        }
        finally
        {
            Progress.OnMessage = null;
        }
    }

    public async Task<PropertyMap> UpdateAsync(PropertyMap oldOutputs, PropertyMap oldInputs, PropertyMap news, TimeSpan? timeout = null, TimeProvider? time = null) =>
        await Resource.UpdateAsync(new UpdateInput(oldOutputs.Get("supernodeId").StringValue, "urn:test", oldOutputs, oldInputs, news, Preview: false, timeout, []), Operation(time: time));

    public Task DeleteAsync(PropertyMap outputs) =>
        Resource.DeleteAsync(new DeleteInput(outputs.Get("supernodeId").StringValue, "urn:test", outputs, outputs, null), Operation());

    public int ScaleUpCalls => Sim.Requests.Count(r => r.Method == "POST" && r.PathAndQuery.EndsWith("/live-scale-up", StringComparison.Ordinal));

    public HashSet<string> ServerIds(string supernodeId) => Sim.GetSupernode(supernodeId).Servers.Select(s => s.Id).ToHashSet();

    public static IReadOnlyList<string> Strings(PropertyValue value) => value.ArrayValue.Select(v => v.StringValue).ToList();

    public static IReadOnlyList<(string Flavor, IReadOnlyList<string> Ids)> Steps(PropertyMap outputs) =>
        outputs.Get("scaleSteps").ArrayValue.Select(s => (s.ObjectValue.Get("flavor").StringValue, Strings(s.ObjectValue.Get("serverIds")))).ToList();

    public ValueTask DisposeAsync()
    {
        Directory.Delete(Path.GetDirectoryName(Journal.Directory)!, recursive: true);
        return Sim.DisposeAsync();
    }
}

/// <summary>Keeps every progress message so tests can assert on them, and lets a test act at a given message.</summary>
internal sealed class RecordingProgress : IProgressSink
{
    private readonly List<string> _messages = [];
    public Func<string, Task>? OnMessage { get; set; }

    public IReadOnlyList<string> Messages { get { lock (_messages) return _messages.ToList(); } }

    public Task StatusAsync(string message) => Record(message);
    public Task InfoAsync(string message) => Record(message);
    public Task WarningAsync(string message) => Record(message);

    private Task Record(string message)
    {
        lock (_messages) _messages.Add(message);
        return OnMessage?.Invoke(message) ?? Task.CompletedTask;
    }
}

/// <summary>A ModelArts that never answers: each request moves this machine's clock on by <paramref name="by"/>,
/// then waits until the caller gives up.</summary>
internal sealed class HangingModelArts(FakeTimeProvider clock, TimeSpan by) : DelegatingHandler(new SocketsHttpHandler())
{
    private int _requests;

    public int Requests => Volatile.Read(ref _requests);

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _requests);
        clock.Advance(by);
        await Task.Delay(Timeout.InfiniteTimeSpan, cancellationToken);
        throw new InvalidOperationException("unreachable: the delay never ends");
    }
}
