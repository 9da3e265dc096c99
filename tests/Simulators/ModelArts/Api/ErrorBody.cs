namespace ClusterScale.Simulators.ModelArts.Api;

/// <summary>`{"error_code":"...","error_msg":"..."}`</summary>
internal sealed record ErrorBody(string ErrorCode, string ErrorMsg);
