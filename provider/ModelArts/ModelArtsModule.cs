using ClusterScale.Provider.Journal;
using ClusterScale.Provider.ModelArts.Functions;
using ClusterScale.Provider.Protocol;
using Newtonsoft.Json.Linq;

namespace ClusterScale.Provider.ModelArts;

/// <summary>The ModelArts slice of the provider: the huawei* configuration keys and SupernodeScale.</summary>
public sealed class ModelArtsModule : IProviderModule
{
    private readonly ModelArtsConnection _connection;

    /// <param name="debug">Where the HTTP layer writes its retries.</param>
    public ModelArtsModule(DebugLog? debug = null) : this(new ModelArtsConnection(debug), OperationJournal.FromEnvironment(Environment.GetEnvironmentVariable)) { }

    public ModelArtsModule(ModelArtsConnection connection, OperationJournal journal)
    {
        _connection = connection;
        Resources = [new SupernodeScale(connection, journal)];
        Functions = [new GetSupernode(connection)];
    }

    public IReadOnlyDictionary<string, JObject> ConfigSchema => ModelArtsConfig.Schema;

    /// <summary>The object types the resource schema refers to (<c>#/types/...</c>); the host merges them into the
    /// package schema's <c>types</c>.</summary>
    public IReadOnlyDictionary<string, JObject> Types { get; } =
        SupernodeScaleSchema.Types.Concat(GetSupernodeSchema.Types).ToDictionary(kv => kv.Key, kv => kv.Value);

    public IEnumerable<CheckFailure> CheckConfig(PropertyMap config) => ModelArtsConfig.Check(config);

    public void Configure(PropertyMap config)
    {
        var (settings, missing) = ModelArtsConfig.Resolve(config, Environment.GetEnvironmentVariable);
        _connection.Configure(settings, missing);
    }

    public IEnumerable<IResource> Resources { get; }

    public IEnumerable<IFunction> Functions { get; }
}
