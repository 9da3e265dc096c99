using System.Net;
using ClusterScale.Provider.Http;
using ClusterScale.Provider.ModelArts.Auth;
using Microsoft.Extensions.Time.Testing;

namespace ClusterScale.Provider.Tests.ModelArts;

public sealed class SigningHandlerTests
{
    [Fact]
    public async Task Each_retry_is_signed_afresh_with_the_current_date_and_signs_token_and_project()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.Zero));
        var transport = new Recording(time);
        var signing = new SigningHandler(new HuaweiCredentials("AK", "SK", "token-1"), "project-1", time) { InnerHandler = transport };
        using var client = new HttpClient(new TransientRetryHandler(new RetryPolicy(3, TimeSpan.Zero, TimeSpan.Zero, TimeSpan.Zero), time) { InnerHandler = signing });

        using var response = await client.PostAsync("http://127.0.0.1:9/v1/project-1/dev-servers/hyperinstance/x/live-scale-up", new StringContent("{}"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(["20260102T030405Z", "20260102T030407Z"], transport.Dates);
        Assert.NotEqual(transport.Authorizations[0], transport.Authorizations[1]);
        Assert.All(transport.Authorizations, a => Assert.Contains("SignedHeaders=content-type;host;x-project-id;x-sdk-date;x-security-token,", a));
    }

    /// <summary>Throttles the first attempt and moves the clock on, then accepts; records what each attempt carried.</summary>
    private sealed class Recording(FakeTimeProvider time) : HttpMessageHandler
    {
        public List<string> Dates { get; } = [];
        public List<string> Authorizations { get; } = [];

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Dates.Add(request.Headers.GetValues("X-Sdk-Date").Single());
            Authorizations.Add(request.Headers.GetValues("Authorization").Single());
            Assert.Equal("token-1", request.Headers.GetValues("X-Security-Token").Single());
            Assert.Equal("project-1", request.Headers.GetValues("X-Project-Id").Single());
            time.Advance(TimeSpan.FromSeconds(2));
            return Task.FromResult(new HttpResponseMessage(Dates.Count == 1 ? HttpStatusCode.TooManyRequests : HttpStatusCode.OK));
        }
    }
}
