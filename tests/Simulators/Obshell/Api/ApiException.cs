namespace ClusterScale.Simulators.Obshell.Api;

/// <summary>
/// An obshell error as the 4.3.1.0+ agent answers it: HTTP status, dotted errCode, message and the integer
/// <see cref="Code"/> (only auth errors keep one). <see cref="Legacy"/> is how an older agent answered the same
/// refusal (spec section 2, last column).
/// </summary>
internal sealed class ApiException(int status, string errCode, string message, int? code = null) : Exception(message)
{
    public int Status { get; } = status;

    public string ErrCode { get; } = errCode;

    public int? Code { get; } = code;

    /// <summary>Before 4.3.1.0; null: the same status, the general code for it (<see cref="Errors.LegacyCode"/>) and the same message.</summary>
    public LegacyError? Legacy { get; init; }
}

/// <summary>An error as obshell before 4.3.1.0 answered it: status and integer code only; a message when it differed.</summary>
internal sealed record LegacyError(int Status, int Code, string? Message = null);

/// <summary>The errors the simulated agent raises, named and worded as obshell's errorcode.go and i18n/error/en.json.</summary>
internal static class Errors
{
    // The integer codes (before 4.3.1.0 the only ones; after, only auth errors keep 10008).
    private const int UnauthorizedCode = 10008;
    private const int BadRequestCode = 1000;
    private const int IllegalArgumentCode = 1001;
    private const int UnexpectedCode = 1002;
    private const int NotFoundCode = 1003;
    private const int KnownCode = 1010;
    private const int TaskNotFoundCode = 2300;

    /// <summary>The general code an older agent sent for a status, when the refusal had no specific one.</summary>
    public static int LegacyCode(int status) => status switch
    {
        401 => UnauthorizedCode,
        404 => NotFoundCode,
        >= 500 => UnexpectedCode,
        _ => BadRequestCode,
    };

    /// <summary>
    /// gin's NoRoute: obshell words it the same for any path. Before 4.3.1.0 it was ErrBadRequest "404 not found":
    /// 400, code 1000 (obshell@32187ba agent/api/agent_route.go:179-181; "Bad request: %v",
    /// agent/assets/i18n/error/en.json:2), so a route an old agent lacks looks like a bad request (spec Corrections 2026-12-05).
    /// </summary>
    public static ApiException NotFound() =>
        new(404, "Common.NotFound", "Element not found: 404 not found") { Legacy = new LegacyError(400, BadRequestCode, "Bad request: 404 not found") };

    /// <summary>
    /// scale_out's target did not answer <c>/api/v1/info</c>: a refusal, nothing started. Before 4.3.1.0
    /// ErrUnexpected 500/1002 "get … status failed" (obshell@32187ba agent/executor/ob/scale_out.go:70-71;
    /// "Unexpected error: %v", agent/assets/i18n/error/en.json:4; spec Corrections 2026-12-05).
    /// </summary>
    public static ApiException TargetUnreachable(string target) =>
        new(500, "Agent.RPC.RequestFailed", $"get {target} status failed: Request [GET]{target} to /api/v1/info failed: dial tcp {target}: connect: connection refused")
        {
            Legacy = new LegacyError(500, UnexpectedCode, $"Unexpected error: get {target} status failed"),
        };

    public static ApiException HeaderNotFound() =>
        new(400, "Request.Header.NotFound", "X-OCS-Agent-Header or X-OCS-Header not found in http request header")
        {
            Legacy = new LegacyError(401, UnauthorizedCode, "header not found"),
        };

    public static ApiException Unauthorized(string errCodeSuffix, string message) =>
        new(401, "Security.Authentication." + errCodeSuffix, message, UnauthorizedCode);

    /// <summary>Code 1 (the SDKs then refetch the public key and retry once) only from obshell 4.4.1.1; none between 4.3.1.0 and that.</summary>
    public static ApiException HeaderDecryptFailed(string detail, bool withCode1) =>
        new(401, "Security.Authentication.Header.DecryptFailed", $"Decrypt http header failed: {detail}", withCode1 ? 1 : null)
        {
            Legacy = new LegacyError(401, UnauthorizedCode),
        };

    /// <summary>A gin binding failure: malformed JSON, a wrong type, or a missing required field.</summary>
    public static ApiException BindJsonFailed(string detail) =>
        new(400, "Common.BindJsonFailed", $"Bind JSON failed: {detail}") { Legacy = new LegacyError(400, IllegalArgumentCode) };

    public static ApiException IllegalArgument(string parameter, string problem) =>
        new(400, "Common.IllegalArgument", $"The input parameter '{parameter}' is illegal: {problem}") { Legacy = new LegacyError(400, IllegalArgumentCode) };

    /// <summary>An untyped error or a recovered panic.</summary>
    public static ApiException Unexpected(string message) => new(500, "Common.Unexpected", $"Unexpected error: {message}");

    public static ApiException InvalidPort(string port) =>
        new(400, "Common.InvalidPort", $"The port '{port}' is invalid, must be in [1024, 65535]") { Legacy = new LegacyError(400, IllegalArgumentCode) };

    /// <summary>"'10.0.0.4:2886' is 'SINGLE', instead of 'CLUSTER AGENT', does not support this operation".</summary>
    public static ApiException NotSupportOperation(string agent, string identity, string expected) =>
        new(400, "Agent.Identify.NotSupportOperation", $"'{agent}' is '{identity}', instead of '{expected}', does not support this operation")
        {
            Legacy = new LegacyError(500, KnownCode),
        };

    /// <summary>The cluster lock is held; <paramref name="newest"/> names the newest maintenance DAG.</summary>
    public static ApiException UnderMaintenance(string? creating, string? newest)
    {
        var prefix = creating is null ? "" : $"Create task '{creating}' failed: ";
        return newest is null
            ? new(500, "OB.Cluster.UnderMaintenance", prefix + "OceanBase cluster is under maintenance, please try again later") { Legacy = LockLegacy }
            : new(500, "OB.Cluster.UnderMaintenanceWithDag", prefix + $"OceanBase cluster is under maintenance by DAG: {newest}, please try again later") { Legacy = LockLegacy };
    }

    /// <summary>Task.NotFound; before 4.3.1.0 it was 404/2300, the code an agent without OceanBase also answered with.</summary>
    public static ApiException TaskNotFound(string reason) => new(404, "Task.NotFound", $"Task not found: {reason}") { Legacy = TaskNotFoundLegacy };

    /// <summary>A SINGLE agent reading the cluster's task tables (kept through obshell's WrapRetain; before 4.3.1.0 the wrapper's 404/2300).</summary>
    public static ApiException OceanBaseNotHeld() =>
        new(500, "Agent.OceanBase.NotHold", "Task not found: Agent is not holding OceanBase") { Legacy = TaskNotFoundLegacy };

    public static ApiException GenericIdInvalid(string id) => new(400, "Task.GenericID.Invalid", $"Invalid ID: {id}");

    /// <summary>A refused DAG operator: 400 <c>Task.Dag.Operator.&lt;suffix&gt;</c>; before 4.3.1.0 500/1010 with the old wording.</summary>
    public static ApiException OperatorRefused(string suffix, string message, string legacyMessage) =>
        new(400, "Task.Dag.Operator." + suffix, message) { Legacy = new LegacyError(500, KnownCode, legacyMessage) };

    private static LegacyError TaskNotFoundLegacy { get; } = new(404, TaskNotFoundCode);

    private static LegacyError LockLegacy { get; } = new(500, UnexpectedCode, "create dag instance failed: failed to start maintenance: cluster is under maintenance");
}
