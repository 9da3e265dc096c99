namespace ClusterScale.Simulators.Obshell.Api;

/// <summary>An obshell error: HTTP status, the legacy integer code (when obshell has one) and the dotted errCode.</summary>
internal sealed class ApiException(int status, string errCode, string message, int? code = null) : Exception(message)
{
    public int Status { get; } = status;

    public string ErrCode { get; } = errCode;

    public int? Code { get; } = code;
}

/// <summary>The errors the simulated agent raises, named as obshell names them.</summary>
internal static class Errors
{
    // Legacy integer codes (obshell before 4.3.1.0 had only these).
    private const int UnauthorizedCode = 10008;
    private const int BadRequestCode = 1000;
    private const int IllegalArgumentCode = 1001;
    private const int UnexpectedCode = 1002;
    private const int TaskNotFoundCode = 2300;

    /// <summary>The integer code an error without a specific one had before 4.3.1.0 (UNCONFIRMED: by HTTP status).</summary>
    public static int LegacyCode(int status) => status switch
    {
        401 => UnauthorizedCode,
        >= 500 => UnexpectedCode,
        _ => BadRequestCode,
    };

    public static ApiException NotFound(string path) => new(404, "Common.NotFound", $"{path} not found");

    public static ApiException HeaderNotFound() =>
        new(400, "Request.Header.NotFound", "request header X-OCS-Header not found", BadRequestCode);

    public static ApiException Unauthorized(string errCodeSuffix, string message) =>
        new(401, "Security.Authentication." + errCodeSuffix, message, UnauthorizedCode);

    /// <summary>The SDKs drop their cached public key on code 1 and retry once.</summary>
    public static ApiException HeaderDecryptFailed() =>
        new(401, "Security.Authentication.Header.DecryptFailed", "decrypt header failed", 1);

    public static ApiException BindJsonFailed(string detail) =>
        new(400, "Common.BindJsonFailed", $"bind json failed: {detail}", BadRequestCode);

    public static ApiException IllegalArgument(string message) =>
        new(400, "Common.IllegalArgument", message, IllegalArgumentCode);

    public static ApiException Unexpected(string message) => new(500, "Common.Unexpected", message, UnexpectedCode);

    public static ApiException InvalidPort(string port) => new(400, "Common.InvalidPort", $"invalid port: '{port}'");

    public static ApiException NotSupportOperation(string identity, string operation) =>
        new(400, "Agent.Identify.NotSupportOperation", $"agent identity is '{identity}', not support to {operation}");

    public static ApiException UnderMaintenance(string dagName) =>
        new(500, "OB.Cluster.UnderMaintenanceWithDag",
            $"The cluster is under maintenance by DAG: {dagName}, please try again later");

    public static ApiException TaskNotFound(string id) => new(404, "Task.NotFound", $"task '{id}' not found", TaskNotFoundCode);

    public static ApiException GenericIdInvalid(string id) => new(400, "Task.GenericID.Invalid", $"generic id '{id}' is invalid");

    /// <summary>
    /// UNCONFIRMED: obshell answers a refused DAG operator with a 400 <c>Task.Dag.Operator.*</c> code; the exact
    /// suffixes were not verified, so clients should match the prefix.
    /// </summary>
    public static ApiException OperatorRefused(string suffix, string message) => new(400, "Task.Dag.Operator." + suffix, message);
}
