using System.Net;

namespace ClusterScale.Provider.Outcomes;

/// <summary>An error answer from a remote API, as the classifier needs it: the HTTP status and the remote's own codes.
/// Implemented by each client's exception type (obshell, ModelArts).</summary>
public interface IRemoteError
{
    HttpStatusCode Status { get; }

    /// <summary>The remote's string error code (obshell <c>errCode</c>, ModelArts <c>error_code</c>), if any.</summary>
    string? Code { get; }

    /// <summary>A legacy integer code (obshell before 4.3.1 sent only this), if any.</summary>
    int? LegacyCode { get; }

    /// <summary>The remote's own message (legacy refusals are recognised by their text).</summary>
    string ServerMessage { get; }
}
