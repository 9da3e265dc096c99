using System.Net;
using System.Net.Sockets;
using ClusterScale.Provider.Outcomes;

namespace ClusterScale.Provider.Tests.Outcomes;

public sealed class OutcomeClassifierTests
{
    private static readonly OutcomeClassifier Classifier = new(new Catalogue("Lock.Held"));

    [Fact]
    public void A_known_refusal_is_a_refusal_even_as_http_500()
    {
        Assert.Equal(SendOutcome.Refused, Classifier.Of(new Error(HttpStatusCode.InternalServerError, "Lock.Held")));
    }

    [Theory]
    [InlineData(HttpStatusCode.InternalServerError)]
    [InlineData(HttpStatusCode.BadGateway)]
    [InlineData(HttpStatusCode.GatewayTimeout)]
    public void A_5xx_without_a_known_code_is_ambiguous(HttpStatusCode status)
    {
        Assert.Equal(SendOutcome.Ambiguous, Classifier.Of(new Error(status, null)));
        Assert.Equal(SendOutcome.Ambiguous, Classifier.Of(new Error(status, "Common.Unexpected")));
    }

    [Theory]
    [InlineData(HttpStatusCode.TooManyRequests)]
    [InlineData(HttpStatusCode.ServiceUnavailable)]
    public void Throttled_or_unavailable_before_acceptance_was_not_sent(HttpStatusCode status)
    {
        Assert.Equal(SendOutcome.NotSent, Classifier.Of(new Error(status, null)));
    }

    [Fact]
    public void Any_other_4xx_is_a_refusal()
    {
        Assert.Equal(SendOutcome.Refused, Classifier.Of(new Error(HttpStatusCode.BadRequest, "Common.IllegalArgument")));
        Assert.Equal(SendOutcome.Refused, Classifier.Of(new Error(HttpStatusCode.Unauthorized, null)));
    }

    [Fact]
    public void A_refused_connection_was_not_sent_even_when_wrapped()
    {
        var refused = new HttpRequestException("refused", new SocketException((int)SocketError.ConnectionRefused));
        Assert.Equal(SendOutcome.NotSent, Classifier.Of(refused));
        Assert.Equal(SendOutcome.NotSent, Classifier.Of(new InvalidOperationException("wrapped", refused)));
        Assert.Equal(SendOutcome.NotSent, Classifier.Of(new RequestNotSentException("gave up before resending")));
    }

    [Fact]
    public void Resets_timeouts_and_cancellation_in_flight_are_ambiguous()
    {
        Assert.Equal(SendOutcome.Ambiguous, Classifier.Of(new HttpRequestException("reset", new IOException("connection reset by peer"))));
        Assert.Equal(SendOutcome.Ambiguous, Classifier.Of(new TaskCanceledException("timeout", new TimeoutException())));
        Assert.Equal(SendOutcome.Ambiguous, Classifier.Of(new OperationCanceledException()));
    }

    [Fact]
    public void A_status_alone_is_judged_by_the_same_rules()
    {
        Assert.Equal(SendOutcome.Accepted, OutcomeClassifier.OfStatus(HttpStatusCode.NoContent));
        Assert.Equal(SendOutcome.NotSent, OutcomeClassifier.OfStatus(HttpStatusCode.TooManyRequests));
        Assert.Equal(SendOutcome.Refused, OutcomeClassifier.OfStatus(HttpStatusCode.NotFound));
        Assert.Equal(SendOutcome.Ambiguous, OutcomeClassifier.OfStatus(HttpStatusCode.GatewayTimeout));
    }

    private sealed class Catalogue(string code) : IRefusalCatalogue
    {
        public bool IsKnownRefusal(IRemoteError error) => error.Code == code;
    }

    private sealed class Error(HttpStatusCode status, string? code) : Exception("error"), IRemoteError
    {
        public HttpStatusCode Status => status;
        public string? Code => code;
        public int? LegacyCode => null;
        public string ServerMessage => Message;
    }
}
