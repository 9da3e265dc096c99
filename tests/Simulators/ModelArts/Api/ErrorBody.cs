namespace ClusterScale.Simulators.ModelArts.Api;

/// <summary>
/// `{"error_code","error_msg"}` from ModelArts; API Gateway's own answers add `request_id` (spec section 7,
/// devg-apisign api-sign-0003). A null <paramref name="RequestId"/> is left out of the JSON.
/// </summary>
internal sealed record ErrorBody(string ErrorCode, string ErrorMsg, string? RequestId = null);
