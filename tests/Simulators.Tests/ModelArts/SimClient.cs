using System.Net.Http.Headers;
using System.Text;
using ClusterScale.Simulators.ModelArts;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;

namespace ClusterScale.Simulators.Tests.ModelArts;

/// <summary>The answer of one call: status, parsed body, request id header.</summary>
internal sealed record SimResponse(int Status, JToken Body, string? RequestId, string? RetryAfter = null, DateTimeOffset? Date = null)
{
    public string? ErrorCode => Body["error_code"]?.Value<string>();
    public string? ErrorMsg => Body["error_msg"]?.Value<string>();
    public (int Status, string? ErrorCode) Outcome => (Status, ErrorCode);
}

/// <summary>Signed HTTP calls to a simulator; each knob lets a test break exactly one thing.</summary>
internal sealed class SimClient(string endpoint, ModelArtsSimulatorOptions options) : IDisposable
{
    private readonly HttpClient http = new() { BaseAddress = new Uri(endpoint) };

    public SimClient(ModelArtsSimulator simulator) : this(simulator.Endpoint, simulator.Options)
    {
    }

    public string ProjectPath(string suffix) => $"/v1/{options.ProjectId}/dev-servers{suffix}";

    public Task<SimResponse> GetAsync(string suffix) => SendAsync(HttpMethod.Get, ProjectPath(suffix));

    public Task<SimResponse> PostAsync(string suffix, object body) => SendAsync(HttpMethod.Post, ProjectPath(suffix), JsonConvert.SerializeObject(body));

    public async Task<SimResponse> SendAsync(
        HttpMethod method, string pathAndQuery, string? body = null, Action<HttpRequestMessage>? beforeSigning = null,
        Action<HttpRequestMessage>? afterSigning = null, string? accessKey = null, string? secretKey = null, bool sign = true,
        CancellationToken cancellation = default)
    {
        using var request = new HttpRequestMessage(method, new Uri(http.BaseAddress!, pathAndQuery));
        var bytes = Encoding.UTF8.GetBytes(body ?? "");
        if (body is not null)
        {
            request.Content = new ByteArrayContent(bytes);
            request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse("application/json;charset=UTF-8");
        }
        beforeSigning?.Invoke(request);
        if (sign)
            TestSigner.Sign(request, bytes, accessKey ?? options.AccessKey, secretKey ?? options.SecretKey, options.Time.GetUtcNow());
        afterSigning?.Invoke(request);
        using var response = await http.SendAsync(request, cancellation);
        var text = await response.Content.ReadAsStringAsync();
        var requestId = response.Headers.TryGetValues("X-Request-Id", out var ids) ? ids.Single() : null;
        var retryAfter = response.Headers.TryGetValues("Retry-After", out var waits) ? waits.Single() : null;
        return new SimResponse((int)response.StatusCode, text.Length == 0 ? JValue.CreateNull() : JToken.Parse(text), requestId, retryAfter, response.Headers.Date);
    }

    /// <summary>The simulator's own control routes: unsigned, outside the project path.</summary>
    public Task<SimResponse> AdminAsync(HttpMethod method, string path, object? body = null) =>
        SendAsync(method, path, body is null ? null : JsonConvert.SerializeObject(body), sign: false);

    public void Dispose() => http.Dispose();
}
