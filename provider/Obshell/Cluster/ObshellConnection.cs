using ClusterScale.Provider.Http;
using ClusterScale.Provider.Protocol;

namespace ClusterScale.Provider.Obshell.Cluster;

/// <summary>Holds the configured settings and builds the cluster client on first use, so a provider that never
/// touches obshell never needs its configuration.</summary>
public sealed class ObshellConnection(TimeProvider time, RetryPolicy retryPolicy, DebugLog debug)
{
    private readonly Lock _gate = new();
    private ObshellSettings _settings = ObshellSettings.Unconfigured;
    private ObshellCluster? _cluster;

    public ObshellConnection(TimeProvider time, RetryPolicy retryPolicy) : this(time, retryPolicy, DebugLog.Off) { }

    /// <summary>The provider's clock, which every request and budget of this connection runs on.</summary>
    public TimeProvider Time => time;

    public void Configure(ObshellSettings settings)
    {
        lock (_gate)
        {
            _settings = settings;
            _cluster = null;
        }
    }

    /// <summary>The cluster client; fails with a missing-config error when no endpoint is configured.</summary>
    public ObshellCluster Cluster()
    {
        lock (_gate)
        {
            if (_settings.Endpoints.Count == 0)
                throw new ProviderInputException(
                    $"no obshell endpoint configured: set clusterscale:{ObshellSettings.EndpointsKey} or {ObshellSettings.EnvironmentVariables[ObshellSettings.EndpointsKey]}",
                    missingKeys: [ObshellSettings.EndpointsKey]);
            return _cluster ??= new ObshellCluster(_settings, time, retryPolicy, debug);
        }
    }

    /// <summary>A client for other agents than the configured ones, with the configured credentials (a function
    /// reading another cluster); built per call, so its reads share nothing with the configured cluster's.</summary>
    public ObshellCluster ClusterAt(IReadOnlyList<string> endpoints)
    {
        lock (_gate) return new ObshellCluster(_settings with { Endpoints = endpoints }, time, retryPolicy, debug);
    }
}
