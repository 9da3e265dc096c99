using ClusterScale.Provider.Http;
using ClusterScale.Provider.Journal;
using ClusterScale.Provider.Obshell.Cluster;
using ClusterScale.Provider.Obshell.Functions;
using ClusterScale.Provider.Protocol;
using Newtonsoft.Json.Linq;

namespace ClusterScale.Provider.Obshell;

/// <summary>The obshell part of the provider: its configuration keys and the ObserverNode resource. State is per
/// provider process, and a process serves one cluster.</summary>
public sealed class ObshellModule : IProviderModule
{
    private readonly ObshellConnection _connection;
    private readonly OperationJournal _journal = OperationJournal.FromEnvironment(Environment.GetEnvironmentVariable);

    /// <param name="debug">Where the HTTP layer writes its retries.</param>
    public ObshellModule(DebugLog? debug = null) => _connection = new ObshellConnection(TimeProvider.System, RetryPolicy.Default, debug ?? DebugLog.Off);

    public IReadOnlyDictionary<string, JObject> ConfigSchema { get; } = new Dictionary<string, JObject>
    {
        [ObshellSettings.EndpointsKey] = Key(new JObject { ["type"] = "array", ["items"] = new JObject { ["type"] = "string" } },
            "obshell agents of the cluster to talk to, as host:port (the listener address). Name at least two so a node can be removed through another member.",
            ObshellSettings.EndpointsKey),
        [ObshellSettings.RootPasswordKey] = Key(new JObject { ["type"] = "string", ["secret"] = true },
            "Password of root@sys, sent (encrypted) in X-OCS-Header when no agent password is set.", ObshellSettings.RootPasswordKey),
        [ObshellSettings.AgentPasswordKey] = Key(new JObject { ["type"] = "string", ["secret"] = true },
            "obshell agent password (obshell 4.2.6.0+), sent (encrypted) in X-OCS-Agent-Header; wins over the root password.",
            ObshellSettings.AgentPasswordKey),
        [ObshellSettings.UseTlsKey] = Key(new JObject { ["type"] = "boolean", ["default"] = false },
            "Talk https to the agents (their certificates must validate against the machine's trust store).", ObshellSettings.UseTlsKey),
    };

    public IEnumerable<IResource> Resources => [new ObserverNode(_connection, _journal)];

    public IEnumerable<IFunction> Functions => [new GetCluster(_connection)];

    public IReadOnlyDictionary<string, JObject> Types => GetClusterSchema.Types;

    public IEnumerable<CheckFailure> CheckConfig(PropertyMap config)
    {
        try
        {
            // Environment fallbacks are checked at Configure; here only what the program set.
            ObshellSettings.From(config, _ => null);
            return [];
        }
        catch (ConfigValueException e)
        {
            return [new CheckFailure(e.Key, e.Message)];
        }
    }

    public void Configure(PropertyMap config)
    {
        try
        {
            _connection.Configure(ObshellSettings.From(config, Environment.GetEnvironmentVariable));
        }
        catch (ConfigValueException e)
        {
            throw new ProviderInputException(e.Message);
        }
    }

    private static JObject Key(JObject spec, string description, string key)
    {
        spec["description"] = description;
        spec["defaultInfo"] = new JObject { ["environment"] = new JArray(ObshellSettings.EnvironmentVariables[key]) };
        return spec;
    }
}
