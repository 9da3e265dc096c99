using ClusterScale.Provider.Http;
using ClusterScale.Provider.ModelArts.Api;
using ClusterScale.Provider.Protocol;
using ClusterScale.Provider.Waiting;

namespace ClusterScale.Provider.ModelArts;

/// <summary>The configured ModelArts client shared by the module's resources. Configure replaces it; a resource
/// that needs it before configuration (or with keys missing) gets an error naming the missing keys.</summary>
public sealed class ModelArtsConnection(TimeProvider time, RetryPolicy retry, PollSchedule schedule)
{
    private IModelArtsApi? _api;
    private IReadOnlyList<string> _missingKeys = ModelArtsConfig.RequiredKeys;

    public ModelArtsConnection() : this(TimeProvider.System, RetryPolicy.Default, PollSchedule.Default) { }

    public PollSchedule Schedule { get; } = schedule;

    public void Configure(ModelArtsSettings? settings, IReadOnlyList<string> missingKeys, HttpMessageHandler? transport = null)
    {
        _api = settings is null ? null : ModelArtsClientFactory.Create(settings, time, retry, transport);
        _missingKeys = missingKeys;
    }

    /// <summary>The client, or null when credentials are not configured (Check then skips its API reads).</summary>
    public IModelArtsApi? Optional => _api;

    public IModelArtsApi Required => _api ?? throw new ProviderInputException(
        $"the ModelArts provider configuration is incomplete: set {string.Join(", ", _missingKeys.Select(k => "clusterscale:" + k))} " +
        "(or the matching HW_* environment variables)", missingKeys: _missingKeys);
}
