using ClusterScale.Provider.Coalescing;
using ClusterScale.Provider.Http;
using ClusterScale.Provider.ModelArts.Api;
using ClusterScale.Provider.ModelArts.Ownership;
using ClusterScale.Provider.Protocol;
using ClusterScale.Provider.Waiting;

namespace ClusterScale.Provider.ModelArts;

/// <summary>The configured ModelArts client shared by the module's resources. Configure replaces it; a resource
/// that needs it before configuration (or with keys missing) gets an error naming the missing keys.</summary>
/// <param name="scaleDownFirstPoll">See <see cref="ScaleDownFirstPoll"/>; null: <see cref="DefaultScaleDownFirstPoll"/>.</param>
public sealed class ModelArtsConnection(TimeProvider time, RetryPolicy retry, PollSchedule schedule, DebugLog? debug = null, TimeSpan? scaleDownFirstPoll = null)
{
    private IModelArtsApi? _api;
    private IReadOnlyList<string> _missingKeys = ModelArtsConfig.RequiredKeys;

    /// <summary>
    /// Spec §7: the gateway throttles per second or per MINUTE (429 APIGW.0308/APIG.0308, Retry-After undocumented; the
    /// FAQs advise 2-5 s and exponential backoff with jitter): 2 s doubling to 60 s, a Retry-After honoured up to 60 s,
    /// and enough attempts to outlast a one-minute window several times. The operation's deadline bounds them all
    /// (TransientRetryHandler does not start a sleep that would outlast it). Scale POSTs are resent only on NotSent.
    /// </summary>
    public static readonly RetryPolicy Retry = new(MaxAttempts: 12, BaseDelay: TimeSpan.FromSeconds(2), MaxDelay: TimeSpan.FromSeconds(60),
        MaxRetryAfter: TimeSpan.FromSeconds(60));

    public ModelArtsConnection(DebugLog? debug = null) : this(TimeProvider.System, Retry, PollSchedule.Default, debug) { }

    public PollSchedule Schedule { get; } = schedule;

    /// <summary>This machine's clock: what bounds the module's reads outside an operation (Check).</summary>
    public TimeProvider Time { get; } = time;

    /// <summary>After live-scale-down ModelArts' 200 still lists the removed servers in their old status (spec
    /// "Corrections on 2026-12-05"); Terraform waits 5-10 s before its first poll after an action
    /// (resource_huaweicloud_modelarts_devserver.go:354, :673): so does this provider.</summary>
    public static readonly TimeSpan DefaultScaleDownFirstPoll = TimeSpan.FromSeconds(5);

    public TimeSpan ScaleDownFirstPoll { get; } = scaleDownFirstPoll ?? DefaultScaleDownFirstPoll;

    /// <summary>The cloud's clock, measured from every answer's Date header: the clock servers' create_at is on.</summary>
    public CloudClock Clock { get; } = new(time);

    public void Configure(ModelArtsSettings? settings, IReadOnlyList<string> missingKeys, HttpMessageHandler? transport = null)
    {
        _api = settings is null ? null
            : new CoalescingModelArtsApi(ModelArtsClientFactory.Create(settings, Time, retry, transport, debug, Clock), ReadCoalescing.FromEnvironment);
        _missingKeys = missingKeys;
    }

    /// <summary>The client, or null when credentials are not configured (Check then skips its API reads).</summary>
    public IModelArtsApi? Optional => _api;

    public IModelArtsApi Required => _api ?? throw new ProviderInputException(
        $"the ModelArts provider configuration is incomplete: set {string.Join(", ", _missingKeys.Select(k => "clusterscale:" + k))} " +
        "(or the matching HW_* environment variables)", missingKeys: _missingKeys);
}
