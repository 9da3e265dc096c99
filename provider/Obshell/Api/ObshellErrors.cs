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
    /// <summary>Before 4.3.1.0: Task.NotFound, also what an agent without OceanBase answered for a cluster DAG.</summary>
    public const int LegacyTaskNotFoundCode = 2300;
    /// <summary>Before 4.3.1.0: any untyped 500 (Common.Unexpected's legacy code).</summary>
    public const int LegacyUnexpectedCode = 1002;

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
