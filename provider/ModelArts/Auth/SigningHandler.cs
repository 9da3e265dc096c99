namespace ClusterScale.Provider.ModelArts.Auth;

/// <summary>
/// Signs every request with AK/SK and adds the project and (temporary credentials) security token headers. It sits
/// inside the retry handler, so each attempt gets a fresh <c>X-Sdk-Date</c>: a request retried after a backoff is
/// not rejected as stale by the gateway's clock-skew check.
/// </summary>
public sealed class SigningHandler(HuaweiCredentials credentials, string projectId, TimeProvider time) : DelegatingHandler
{
    public const string ProjectHeader = "X-Project-Id";
    public const string SecurityTokenHeader = "X-Security-Token";

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var uri = request.RequestUri ?? throw new InvalidOperationException("request has no URI");
        var headers = request.Headers;
        // A retried request comes back here with the previous attempt's signature: replace it, never sign it.
        headers.Remove(AkSkSigner.DateHeader);
        headers.Authorization = null;
        headers.Host ??= uri.IsDefaultPort ? uri.Host : $"{uri.Host}:{uri.Port}";
        SetHeader(request, ProjectHeader, projectId);
        if (!string.IsNullOrEmpty(credentials.SecurityToken)) SetHeader(request, SecurityTokenHeader, credentials.SecurityToken);
        var date = AkSkSigner.FormatDate(time.GetUtcNow());
        headers.TryAddWithoutValidation(AkSkSigner.DateHeader, date);

        var body = request.Content is null ? [] : await request.Content.ReadAsByteArrayAsync(cancellationToken);
        var signed = headers.Select(h => KeyValuePair.Create(h.Key, string.Join(",", h.Value)))
            .Concat(ContentType(request));
        var signature = AkSkSigner.Sign(request.Method.Method, uri, signed, body, credentials.AccessKey, credentials.SecretKey, date);
        headers.TryAddWithoutValidation("Authorization", signature.Authorization);
        return await base.SendAsync(request, cancellationToken);
    }

    private static void SetHeader(HttpRequestMessage request, string name, string value)
    {
        request.Headers.Remove(name);
        request.Headers.TryAddWithoutValidation(name, value);
    }

    /// <summary>Content-Type is the one content header the SDKs sign; Content-Length is set by the transport later.</summary>
    private static IEnumerable<KeyValuePair<string, string>> ContentType(HttpRequestMessage request) =>
        request.Content?.Headers.ContentType is { } type ? [KeyValuePair.Create("Content-Type", type.ToString())] : [];
}
