using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;

namespace ClusterScale.Simulators.Obshell.Api;

/// <summary>Writes obshell's response envelope; <c>data</c> and <c>error</c> are omitted when empty, as Go's omitempty does.</summary>
internal static class Envelope
{
    public const string TraceHeader = "X-OBSHELL-Trace-ID";

    /// <summary>
    /// obshell's SetContentType middleware fixes every /api/v1 answer to exactly this, and gin's c.JSON keeps a
    /// content type already set (obshell@61ee147 ob/agent/api/common/middleware.go:387-395).
    /// </summary>
    public const string ObshellContentType = "application/json";

    /// <summary>gin's c.JSON content type, seen when a middleware before SetContentType aborts the request.</summary>
    public const string GinJsonContentType = "application/json; charset=utf-8";

    public static string TraceIdOf(HttpRequest request)
    {
        var sent = request.Headers[TraceHeader].ToString();
        return sent.Length > 0 ? sent : Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8));
    }

    public static Task WriteSuccessAsync(HttpContext context, int status, object? data, string traceId, DateTimeOffset now, TimeSpan took)
    {
        if (status == StatusCodes.Status204NoContent)
        {
            context.Response.StatusCode = status;
            return Task.CompletedTask;
        }

        var envelope = Base(true, status, traceId, now, took);
        if (data is not null)
        {
            envelope["data"] = JToken.FromObject(data, Json.Serializer);
        }

        return WriteAsync(context, status, envelope, ObshellContentType);
    }

    /// <summary>
    /// Writes an error as the agent's version words it: from 4.3.1.0 the dotted errCode and an integer code only
    /// where the error has one; before, the legacy status and integer code only (spec section 2).
    /// </summary>
    public static Task WriteErrorAsync(HttpContext context, ApiException error, bool withErrCode, string traceId, DateTimeOffset now, TimeSpan took, string contentType)
    {
        var status = withErrCode ? error.Status : error.Legacy?.Status ?? error.Status;
        var body = new JObject();
        if ((withErrCode ? error.Code : error.Legacy?.Code ?? Errors.LegacyCode(status)) is { } code)
        {
            body["code"] = code;
        }

        if (withErrCode)
        {
            body["errCode"] = error.ErrCode;
        }

        body["message"] = withErrCode ? error.Message : error.Legacy?.Message ?? error.Message;
        var envelope = Base(false, status, traceId, now, took);
        envelope["error"] = body;
        return WriteAsync(context, status, envelope, contentType);
    }

    private static JObject Base(bool successful, int status, string traceId, DateTimeOffset now, TimeSpan took) => new()
    {
        ["successful"] = successful,
        ["timestamp"] = Rfc3339.Format(now),
        ["duration"] = (long)took.TotalMilliseconds,
        ["status"] = status,
        ["traceId"] = traceId,
    };

    private static async Task WriteAsync(HttpContext context, int status, JObject envelope, string contentType)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = contentType;
        await context.Response.WriteAsync(envelope.ToString(Formatting.None), Encoding.UTF8);
    }
}

/// <summary>Go's time.RFC3339Nano: fraction with trailing zeros trimmed.</summary>
internal static class Rfc3339
{
    public static string Format(DateTimeOffset time) =>
        time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'", System.Globalization.CultureInfo.InvariantCulture);
}
