using System.Net;
using ClusterScale.Provider.Outcomes;
using Newtonsoft.Json.Linq;

namespace ClusterScale.Provider.ModelArts.Api;

/// <summary>A ModelArts (or API gateway) error answer. The message carries the code, the API's own message and the
/// request id (what Huawei support asks for) — never a credential: the request is not included.</summary>
public sealed class ModelArtsApiException(HttpStatusCode status, string code, string apiMessage, string? requestId)
    : Exception($"ModelArts API error {(int)status} {code}: {apiMessage}" + (requestId is null ? "" : $" (request id {requestId})")), IRemoteError
{
    public const string NotFoundCode = "ModelArts.6404";
    public const string ParameterErrorCode = "ModelArts.0104";
    public const string ThrottledCode = "APIGW.0308";
    public const string AuthenticationFailedCode = "APIGW.0301";

    public HttpStatusCode Status { get; } = status;
    public string Code { get; } = code;
    public string ApiMessage { get; } = apiMessage;
    public string? RequestId { get; } = requestId;

    string? IRemoteError.Code => Code.Length == 0 ? null : Code;
    int? IRemoteError.LegacyCode => null;
    string IRemoteError.ServerMessage => ApiMessage;

    /// <summary>ModelArts answers a missing resource with HTTP 400 and ModelArts.6404, not 404.</summary>
    public bool IsNotFound => Code == NotFoundCode || (Status == HttpStatusCode.NotFound && Code.Length == 0);

    public bool IsParameterError => Code == ParameterErrorCode;

    /// <summary>Refit's exception factory: null for a success, the parsed error otherwise.</summary>
    public static async ValueTask<Exception?> FromResponseAsync(HttpResponseMessage response)
    {
        if (response.IsSuccessStatusCode) return null;
        var body = response.Content is null ? "" : await response.Content.ReadAsStringAsync();
        var (code, message) = ParseBody(body);
        var requestId = response.Headers.TryGetValues("X-Request-Id", out var ids) ? ids.FirstOrDefault() : null;
        return new ModelArtsApiException(response.StatusCode, code ?? "", message ?? response.ReasonPhrase ?? "no error message", requestId);
    }

    /// <summary>The error shapes Huawei's SDKs accept: {error_code,error_msg}, {errorCode,errorMsg}, {code,message}
    /// and {error:{code,message}}.</summary>
    internal static (string? Code, string? Message) ParseBody(string body)
    {
        JObject json;
        try { json = JObject.Parse(body); }
        catch (Newtonsoft.Json.JsonException) { return (null, body.Length is > 0 and <= 500 ? body : null); }
        if (json["error"] is JObject nested) json = nested;
        return (First(json, "error_code", "errorCode", "code"), First(json, "error_msg", "errorMsg", "message"));
    }

    private static string? First(JObject json, params string[] names) =>
        names.Select(n => json[n]).FirstOrDefault(t => t is { Type: JTokenType.String or JTokenType.Integer })?.ToString();
}
