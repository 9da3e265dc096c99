using ClusterScale.Simulators.Obshell;
using Newtonsoft.Json.Linq;

namespace ClusterScale.Simulators.Tests.Obshell;

/// <summary>A running simulator plus a client on its first member, and the waits the tests share.</summary>
internal sealed class SimulatorScope : IAsyncDisposable
{
    public const string RootPassword = "root-pw";
    public const string Spare = "10.0.0.4:2886";
    public const string SecondSpare = "10.0.0.5:2886";
    public const string First = "10.0.0.1:2886";
    public const string Second = "10.0.0.2:2886";
    public const string Third = "10.0.0.3:2886";
    private static readonly TimeSpan WaitLimit = TimeSpan.FromSeconds(15);

    private readonly List<ObshellTestClient> clients = [];

    private SimulatorScope(ObshellSimulator simulator, ObshellSimulatorOptions options)
    {
        Sim = simulator;
        Options = options;
        Client = ClientFor(First);
    }

    public ObshellSimulator Sim { get; }

    public ObshellSimulatorOptions Options { get; }

    /// <summary>A client of the first member (10.0.0.1), authenticating with the root password.</summary>
    public ObshellTestClient Client { get; }

    /// <summary>
    /// Three members in three zones; zone3 was added without a tenant replica (no units), so its only server,
    /// <see cref="Third"/>, can be scaled in. In zone1 and zone2 the only server holds units: OceanBase refuses to
    /// delete it.
    /// </summary>
    public static ObshellSimulatorOptions Fast { get; } = new()
    {
        RootPassword = RootPassword,
        StageDuration = TimeSpan.FromMilliseconds(2),
        ZonesWithUnits = 2,
    };

    public static async Task<SimulatorScope> StartAsync(ObshellSimulatorOptions? options = null)
    {
        options ??= Fast;
        return new SimulatorScope(await ObshellSimulator.StartAsync(options), options);
    }

    public ObshellTestClient ClientFor(string agent)
    {
        var client = new ObshellTestClient(Sim.EndpointOf(agent), () => Options.Time.GetUtcNow()) { Password = Options.RootPassword };
        if (Options.AgentPassword.Length > 0)
        {
            client.Password = Options.AgentPassword;
            client.UseAgentHeader = true;
        }

        clients.Add(client);
        return client;
    }

    public static object ScaleOutBody(string target, string zone, object? configs = null, string targetAgentPassword = "")
    {
        var parts = target.Split(':');
        return new
        {
            agentInfo = new { ip = parts[0], port = int.Parse(parts[1], System.Globalization.CultureInfo.InvariantCulture) },
            zone,
            obConfigs = configs ?? new Dictionary<string, string> { ["memory_limit"] = "16G" },
            targetAgentPassword,
        };
    }

    public static object ScaleInBody(string target, bool forceKill = false)
    {
        var parts = target.Split(':');
        return new
        {
            agent_info = new { ip = parts[0], port = int.Parse(parts[1], System.Globalization.CultureInfo.InvariantCulture) },
            force_kill = forceKill,
        };
    }

    /// <summary>Submits a scale-out to the first member and returns the new DAG's generic id.</summary>
    public async Task<string> ScaleOutAsync(string target = Spare, string zone = "zone1", string targetAgentPassword = "")
    {
        var response = await Client.PostAsync("/api/v1/ob/scale_out", ScaleOutBody(target, zone, targetAgentPassword: targetAgentPassword));
        Assert.True(response.Status == 200, response.Body);
        return response.Data!["id"]!.Value<string>()!;
    }

    public async Task<string> ScaleInAsync(string target = Third, bool forceKill = false)
    {
        var response = await Client.PostAsync("/api/v1/ob/scale_in", ScaleInBody(target, forceKill));
        Assert.True(response.Status == 200, response.Body);
        return response.Data!["id"]!.Value<string>()!;
    }

    /// <summary>Polls the DAG over HTTP, as a client does, until it is SUCCEED or FAILED; returns its details.</summary>
    public async Task<JToken> WaitForDagAsync(string id, ObshellTestClient? via = null)
    {
        JToken? dag = null;
        await WaitUntilAsync(async () =>
        {
            var response = await (via ?? Client).GetAsync($"/api/v1/task/dag/{id}?show_details=true");
            Assert.True(response.Status == 200, response.Body);
            dag = response.Data!;
            return dag["state"]!.Value<string>() is "SUCCEED" or "FAILED";
        });
        return dag!;
    }

    public static async Task WaitUntilAsync(Func<Task<bool>> condition)
    {
        var deadline = DateTimeOffset.UtcNow + WaitLimit;
        while (!await condition())
        {
            Assert.True(DateTimeOffset.UtcNow < deadline, "condition not reached in time");
            await Task.Yield();
            await Task.Delay(1);
        }
    }

    public static Task WaitUntilAsync(Func<bool> condition) => WaitUntilAsync(() => Task.FromResult(condition()));

    /// <summary>
    /// On fake time, steps the clock one stage at a time until the first DAG has moved past <paramref name="stage"/>.
    /// It looks before each step: one step too many would run the next node before the test observes this one.
    /// </summary>
    public Task StepPastStageAsync(Microsoft.Extensions.Time.Testing.FakeTimeProvider time, int stage) =>
        WaitUntilAsync(() =>
        {
            if (Sim.Dags[0].Stage > stage || Sim.Dags[0].State == "SUCCEED")
            {
                return true;
            }

            time.Advance(Options.StageDuration);
            return false;
        });

    public static IReadOnlyList<string> NodeNames(JToken dag) => dag["nodes"]!.Select(n => n["name"]!.Value<string>()!).ToList();

    public static (string State, string Operator) StateOf(JToken dag) => (dag["state"]!.Value<string>()!, dag["operator"]!.Value<string>()!);

    public async ValueTask DisposeAsync()
    {
        foreach (var client in clients)
        {
            client.Dispose();
        }

        await Sim.DisposeAsync();
    }
}
