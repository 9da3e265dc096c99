using System.Net;
using ClusterScale.Provider.Outcomes;

namespace ClusterScale.Provider.Obshell.Api;

/// <summary>An obshell request answered with an error envelope. Built only from the response (which never holds a
/// password: request bodies and headers are encrypted), so its message is safe to show.</summary>
public sealed class ObshellApiException(HttpStatusCode status, int? code, string? errCode, string message, string endpoint)
    : Exception($"obshell {endpoint} answered {(int)status}{(errCode is null ? "" : " " + errCode)}: {message}"), IRemoteError
{
    public HttpStatusCode Status { get; } = status;
    public int? Code { get; } = code;
    public string? ErrCode { get; } = errCode;
    public string ServerMessage { get; } = message;
    public string Endpoint { get; } = endpoint;

    string? IRemoteError.Code => ErrCode;
    int? IRemoteError.LegacyCode => Code;

    public bool Is(string errorCode) => string.Equals(ErrCode, errorCode, StringComparison.Ordinal);
}
