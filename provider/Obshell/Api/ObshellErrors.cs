using Newtonsoft.Json;

namespace ClusterScale.Provider.Obshell.Api;

/// <summary>Error codes the provider reacts to, and the Refit exception factory that reads error envelopes.</summary>
public static class ObshellErrors
{
    public const string AlreadyExists = "Agent.AlreadyExists";
    public const string NotSupportOperation = "Agent.Identify.NotSupportOperation";
    public const string DeleteSelf = "OB.Server.DeleteSelf";
    public const string TaskNotFound = "Task.NotFound";
    /// <summary>An agent without the cluster's OceanBase (SINGLE, or past scale-in's "Delete agent") asked for a cluster DAG.</summary>
    public const string OceanBaseNotHeld = "Agent.OceanBase.NotHold";
    public const string Unexpected = "Common.Unexpected";
    public const string AuthExpired = "Security.Authentication.Expired";
    public const string DecryptFailed = "Security.Authentication.Header.DecryptFailed";
    public const string AuthPrefix = "Security.Authentication.";
    /// <summary>Legacy integer codes (before 4.3.1.0 they were the only ones).</summary>
    public const int UnauthorizedCode = 10008;
    public const int DecryptFailedCode = 1;
    /// <summary>Before 4.3.1.0: Task.NotFound (obshell@32187ba agent/errors/errorcode.go:70), also what an agent without
    /// OceanBase answered for a cluster DAG.</summary>
    public const int LegacyTaskNotFoundCode = 2300;
    /// <summary>Before 4.3.1.0: any untyped 500 (Common.Unexpected's legacy code).</summary>
    public const int LegacyUnexpectedCode = 1002;

    /// <summary>Before 4.3.1 an unknown route answered HTTP 400 with ErrBadRequest (code 1000) and the text
    /// "404 not found", rendered "Bad request: 404 not found" (obshell@32187ba agent/api/agent_route.go:179-181,
    /// agent/errors/errorcode.go:58, agent/assets/i18n/error/en.json:2; same at 424f28a, 846ffb3, 43dd332).</summary>
    private const int LegacyBadRequestCode = 1000;
    private const string LegacyNoRouteText = "404 not found";

    /// <summary>The agent has no such route (an older obshell): 404 since 4.3.1 (<c>Common.NotFound</c>,
    /// obshell@61ee147 ob/agent/api/agent_route.go:212-214), 400/1000 "404 not found" before. A 404 that names a
    /// missing DAG (<c>Task.NotFound</c>, legacy code 2300) is an answer of the route, not its absence.</summary>
    public static bool IsUnknownRoute(ObshellApiException e) =>
        e.Status == System.Net.HttpStatusCode.NotFound && !e.Is(TaskNotFound) && e.Code != LegacyTaskNotFoundCode
        || e.Status == System.Net.HttpStatusCode.BadRequest && e.ErrCode is null && e.Code == LegacyBadRequestCode
           && e.ServerMessage.Contains(LegacyNoRouteText, StringComparison.OrdinalIgnoreCase);

    /// <summary>Refit's ExceptionFactory: null for success, else an <see cref="ObshellApiException"/> from the envelope.</summary>
    public static async ValueTask<Exception?> FromResponseAsync(HttpResponseMessage response)
    {
        if (response.IsSuccessStatusCode) return null;
        var endpoint = response.RequestMessage?.RequestUri?.Authority ?? "agent";
        var body = await response.Content.ReadAsStringAsync();
        var error = TryReadError(body);
        var message = error?.Message ?? (string.IsNullOrWhiteSpace(body) ? response.ReasonPhrase ?? "no details" : Truncate(body));
        return new ObshellApiException(response.StatusCode, error?.Code, error?.ErrCode, message, endpoint);
    }

    internal static ObshellError? TryReadError(string body)
    {
        try
        {
            return Http.WireJson.Deserialize<ObshellEnvelope<object>>(body)?.Error;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static string Truncate(string body) => body.Length <= 300 ? body : body[..300] + "…";
}
