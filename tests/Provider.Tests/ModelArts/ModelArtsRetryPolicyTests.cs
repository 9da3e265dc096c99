using ClusterScale.Provider.ModelArts;

namespace ClusterScale.Provider.Tests.ModelArts;

/// <summary>Spec §7: throttling may be per minute; the ModelArts retry policy must be able to outlast such a window.</summary>
public sealed class ModelArtsRetryPolicyTests
{
    [Fact]
    public void Throttled_requests_back_off_from_2_s_to_60_s_and_can_outlast_a_one_minute_window()
    {
        var policy = ModelArtsConnection.Retry;
        var delays = Enumerable.Range(0, policy.MaxAttempts - 1).Select(k => policy.Delay(k, null, jitter: 0)).ToList();

        Assert.Equal(TimeSpan.FromSeconds(1), delays[0]); // half of the 2 s step with no jitter
        Assert.Equal(TimeSpan.FromSeconds(2), policy.Delay(0, null, jitter: 1));
        Assert.All(delays, d => Assert.True(d <= TimeSpan.FromSeconds(60)));
        Assert.True(delays.Aggregate(TimeSpan.Zero, (a, b) => a + b) > TimeSpan.FromMinutes(2));
        Assert.Equal(TimeSpan.FromSeconds(60), policy.Delay(0, TimeSpan.FromHours(1), jitter: 0)); // Retry-After capped
    }
}
