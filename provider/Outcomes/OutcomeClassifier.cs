using System.Net;
using System.Net.Sockets;

namespace ClusterScale.Provider.Outcomes;

/// <summary>
/// The one place that decides whether a remote acted on a mutating request. Rules, in order:
/// <list type="number">
/// <item>a success status → <see cref="SendOutcome.Accepted"/>;</item>
/// <item>connection refused (nothing was sent), or <see cref="RequestNotSentException"/> → <see cref="SendOutcome.NotSent"/>;</item>
/// <item>any other transport failure (reset, per-request timeout, cancellation while in flight) → <see cref="SendOutcome.Ambiguous"/>;</item>
/// <item>a code the remote's <see cref="IRefusalCatalogue"/> lists → <see cref="SendOutcome.Refused"/>, whatever the HTTP status;</item>
/// <item>429 or 503 → <see cref="SendOutcome.NotSent"/> (throttled or unavailable before acceptance);</item>
/// <item>any other 4xx → <see cref="SendOutcome.Refused"/>;</item>
/// <item>any other 5xx (500, 502, 504 without a known code) → <see cref="SendOutcome.Ambiguous"/>.</item>
/// </list>
/// The retry layer uses the same rules with no body read (no code): it resends a change only on NotSent.
/// </summary>
public sealed class OutcomeClassifier(IRefusalCatalogue refusals)
{
    /// <summary>Judges an answer's status alone (the retry layer, before any body is parsed).</summary>
    public static SendOutcome OfStatus(HttpStatusCode status) => status switch
    {
        < HttpStatusCode.BadRequest => SendOutcome.Accepted,
        HttpStatusCode.TooManyRequests or HttpStatusCode.ServiceUnavailable => SendOutcome.NotSent,
        < HttpStatusCode.InternalServerError => SendOutcome.Refused,
        _ => SendOutcome.Ambiguous,
    };

    /// <summary>Judges a failed send: an error answer, a transport failure, or a cancellation while in flight.</summary>
    public SendOutcome Of(Exception failure) => Unwrap(failure) switch
    {
        RequestNotSentException => SendOutcome.NotSent,
        IRemoteError error when refusals.IsKnownRefusal(error) => SendOutcome.Refused,
        IRemoteError error => OfStatus(error.Status),
        var transport => OfTransport(transport),
    };

    /// <summary>Judges a failure with no answer: connection refused → NotSent; anything else (reset, timeout,
    /// cancellation while in flight, or a failure of ours after the answer arrived) → Ambiguous.</summary>
    public static SendOutcome OfTransport(Exception failure) =>
        IsConnectionRefused(failure) ? SendOutcome.NotSent : SendOutcome.Ambiguous;

    /// <summary>Transport errors arrive wrapped by the HTTP stack and by Refit; the innermost that is one of ours counts.</summary>
    private static Exception Unwrap(Exception failure)
    {
        var current = failure;
        while (current is not (IRemoteError or RequestNotSentException or HttpRequestException) && current.InnerException is { } inner)
            current = inner;
        return current is IRemoteError or RequestNotSentException or HttpRequestException ? current : failure;
    }

    /// <summary>The TCP connection was refused: the request never left this machine.</summary>
    public static bool IsConnectionRefused(Exception failure)
    {
        for (var e = failure; e is not null; e = e.InnerException)
            if (e is SocketException { SocketErrorCode: SocketError.ConnectionRefused }) return true;
        return false;
    }
}
