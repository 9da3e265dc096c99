using ClusterScale.Harness;
using ClusterScale.Provider.Protocol;
using ClusterScale.Simulators.ModelArts;
using ClusterScale.Simulators.ModelArts.Supernodes;
using ClusterScale.Simulators.Obshell;
using Newtonsoft.Json;

namespace ClusterScale.Conformance.Tests.Reliability.OpenWorld;

/// <summary>
/// One round's shared world: a fresh obshell cluster (so a lock one round left cannot spoil the next) whose agents
/// are split between the actors — each stack talks to its own two members (plus, first in its endpoint list, an
/// agent of the kind users get wrong: a removed node, a spare, or a member whose observer is down), the operator to
/// its own — and fresh supernodes on the campaign's ModelArts, shared by both stacks and the console.
/// </summary>
internal sealed class RoundWorld : IAsyncDisposable
{
    public const int SupernodesPerRound = 12;
    public const int StackANodes = 3;
    public const int StackBNodes = 2;
    private const int Members = 7;

    private RoundWorld(ObshellSimulator obshell, ModelArtsSimulator modelArts, HttpClient http, IReadOnlyList<string> supernodes)
    {
        Obshell = obshell;
        ModelArts = modelArts;
        Http = http;
        Supernodes = supernodes;
        var members = obshell.Members.Select(m => m.Agent).ToList();
        var spares = obshell.SpareAgents.ToList();
        // 10.0.0.1-7 are members: A's two, B's two, the operator's, and a dedicated first-endpoint agent per stack.
        StackAgents = [members[0..2], members[2..4]];
        OperatorAgent = members[4];
        PrefixMembers = [members[5], members[6]];
        StackNodes = [spares[0..StackANodes], spares[StackANodes..(StackANodes + StackBNodes)]];
        OperatorSpare = spares[StackANodes + StackBNodes];
        PrefixSpares = [spares[StackANodes + StackBNodes + 1], spares[StackANodes + StackBNodes + 2]];
        Controls = new SimControls(http, modelArts.Endpoint, obshell.AdminEndpoint!);
    }

    public ObshellSimulator Obshell { get; }
    public ModelArtsSimulator ModelArts { get; }
    public HttpClient Http { get; }
    public SimControls Controls { get; }
    public IReadOnlyList<string> Supernodes { get; }
    /// <summary>Per stack (0 = A, 1 = B): the members it talks to.</summary>
    public IReadOnlyList<IReadOnlyList<string>> StackAgents { get; }
    /// <summary>Per stack: the spares it declares as its nodes.</summary>
    public IReadOnlyList<IReadOnlyList<string>> StackNodes { get; }
    /// <summary>Per stack: a member it alone may list first (removed out of band, or its observer down).</summary>
    public IReadOnlyList<string> PrefixMembers { get; }
    /// <summary>Per stack: a spare it alone may list first.</summary>
    public IReadOnlyList<string> PrefixSpares { get; }
    public string OperatorAgent { get; }
    public string OperatorSpare { get; }

    public static async Task<RoundWorld> StartAsync(ModelArtsSimulator modelArts, HttpClient http, Random random)
    {
        var obshell = await ObshellSimulator.StartAsync(new ObshellSimulatorOptions
        {
            ClusterAgents = Members, ZoneCount = 3, SpareAgents = StackANodes + StackBNodes + 3,
            StageDuration = TimeSpan.FromMilliseconds(5), RootPassword = FastWorld.RootPassword, AdminPort = 0,
        });
        var supernodes = Enumerable.Range(0, SupernodesPerRound).Select(i => modelArts.CreateSupernode(new SupernodeSetup(FastWorld.Small)
        {
            Arrival = random.Next(3) == 0 ? ServerArrival.OneByOne : null,
        })).ToList();
        return new RoundWorld(obshell, modelArts, http, supernodes);
    }

    /// <summary>A stack's provider config as the engine sends it: its endpoint list (virtual agents resolved to their
    /// listeners), its own access key.</summary>
    public PropertyMap ProviderConfig(IReadOnlyList<string> endpointAgents, string accessKey, string secretKey) => Props.Of(
        ("obshellEndpoints", JsonConvert.SerializeObject(endpointAgents.Select(Obshell.EndpointOf))),
        ("obshellRootPassword", Props.Secret(FastWorld.RootPassword)),
        ("huaweiEndpoint", ModelArts.Endpoint),
        ("huaweiRegion", ModelArts.Options.Region),
        ("huaweiProjectId", ModelArts.Options.ProjectId),
        ("huaweiAccessKey", Props.Secret(accessKey)),
        ("huaweiSecretKey", Props.Secret(secretKey)));

    public IReadOnlySet<string> MemberSet() => Obshell.Members.Select(m => m.Agent).ToHashSet(StringComparer.Ordinal);

    public IReadOnlyDictionary<string, string> MemberZones() => Obshell.Members.GroupBy(m => m.Agent).ToDictionary(g => g.Key, g => g.First().Zone, StringComparer.Ordinal);

    public IReadOnlyList<DagState> DagStates() => Obshell.Dags.Select(d => new DagState(d.Id, d.Name, d.State, d.Operator, d.Stage)).ToList();

    public Task<IReadOnlyList<ObshellRecord>> ClusterLedgerAsync() => Truth.ObshellLedgerAsync(Http, Obshell.AdminEndpoint!);

    public async Task<IReadOnlyDictionary<string, IReadOnlyList<ServerRecord>>> SupernodeLedgersAsync()
    {
        var ledgers = new Dictionary<string, IReadOnlyList<ServerRecord>>(StringComparer.Ordinal);
        foreach (var id in Supernodes) ledgers[id] = await Truth.SupernodeLedgerAsync(Http, ModelArts.Endpoint, id);
        return ledgers;
    }

    public ValueTask DisposeAsync() => Obshell.DisposeAsync();
}
