using Newtonsoft.Json;

namespace ClusterScale.Provider.Obshell.Api;

/// <summary>Every obshell answer: <c>{successful, status, traceId, data | error}</c>. Failures never reach callers as an
/// envelope: the client turns them into <see cref="ObshellApiException"/>.</summary>
public sealed class ObshellEnvelope<T>
{
    [JsonProperty("successful")] public bool Successful { get; set; }
    [JsonProperty("status")] public int Status { get; set; }
    [JsonProperty("traceId")] public string? TraceId { get; set; }
    [JsonProperty("data")] public T? Data { get; set; }
    [JsonProperty("error")] public ObshellError? Error { get; set; }
}

/// <summary>The error part of an envelope. <see cref="Code"/> is the legacy integer (always present before 4.3.1.0),
/// <see cref="ErrCode"/> the dotted string code of 4.3.1.0+.</summary>
public sealed class ObshellError
{
    [JsonProperty("code")] public int? Code { get; set; }
    [JsonProperty("errCode")] public string? ErrCode { get; set; }
    [JsonProperty("message")] public string? Message { get; set; }
}

/// <summary>obshell wraps array data as <c>{"contents":[...]}</c>.</summary>
public sealed class ObshellList<T>
{
    [JsonProperty("contents")] public List<T> Contents { get; set; } = [];
}
