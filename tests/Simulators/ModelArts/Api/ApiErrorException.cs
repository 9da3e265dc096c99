namespace ClusterScale.Simulators.ModelArts.Api;

/// <summary>An error answered as `{"error_code","error_msg"}` with its HTTP status (spec section 7).</summary>
public sealed class ApiErrorException(int status, string code, string message) : Exception(message)
{
    public int Status { get; } = status;
    public string Code { get; } = code;

    /// <summary>API Gateway answered, not ModelArts: its body also carries `request_id` (spec section 7).</summary>
    public bool FromGateway => Code.StartsWith("APIGW.", StringComparison.Ordinal);

    /// <summary>ModelArts answers a missing resource with HTTP 400 (not 404); clients treat the code as "not found".</summary>
    public static ApiErrorException NotFound(string message) => new(400, "ModelArts.6404", message);

    public static ApiErrorException Parameter(string message) => new(400, "ModelArts.0104", message);

    /// <summary>UNCONFIRMED: the spec names ModelArts.0116 for quota but not its HTTP status; 400 like the other
    /// business errors is the choice here.</summary>
    public static ApiErrorException Quota(string message) => new(400, "ModelArts.0116", message);

    public static ApiErrorException Unauthenticated(string message) => new(401, "APIGW.0301", message);

    /// <summary>UNCONFIRMED: ModelArts.6407 ("no permission") is documented without an HTTP status; 403 is the choice.</summary>
    public static ApiErrorException Forbidden(string message) => new(403, "ModelArts.6407", message);

    /// <summary>Sent as a `Retry-After` header (whole seconds) when set.</summary>
    public TimeSpan? RetryAfter { get; init; }

    /// <summary>API Gateway's flow control; the message names the limit and its window (spec section 7).</summary>
    public static ApiErrorException Throttled(int limit = 20, string window = "1 second", TimeSpan? retryAfter = null) => new(429, "APIGW.0308",
        $"The throttling threshold has been reached: policy user over ratelimit,limit:{limit},time:{window}") { RetryAfter = retryAfter };

    /// <summary>API Gateway's answer for a path no API is published on.</summary>
    public static ApiErrorException NoSuchApi() => new(404, "APIGW.0101",
        "The API does not exist or has not been published in the environment");

    /// <summary>UNCONFIRMED: API Gateway's answer when the backend did not answer in time. The APIG error table pairs
    /// "Backend timeout" with 504 and the service FAQs (ocr_faq/ocr_01_0065) show code `APIG.0201` with message
    /// "Backend timeout."; the simulator answers it under the `APIGW.` prefix its other gateway errors use.</summary>
    public static ApiErrorException GatewayTimeout() => new(504, "APIGW.0201", "Backend timeout.");

    /// <summary>UNCONFIRMED: no source documents ModelArts' internal-error code; ModelArts.0001 is the choice. It is
    /// not a refusal code a client knows, so a client must treat the request as maybe applied.</summary>
    public static ApiErrorException Internal(int status, string message) => new(status, "ModelArts.0001", message);
}
