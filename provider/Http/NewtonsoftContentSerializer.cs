using System.Net.Http.Headers;
using System.Reflection;
using System.Text;
using Newtonsoft.Json;
using Refit;

namespace ClusterScale.Provider.Http;

/// <summary>Refit serializer on Newtonsoft.Json, the wire JSON library of this provider (Refit.Newtonsoft.Json is not
/// available here, and both APIs use snake_case or camelCase names that attributes on the DTOs spell out).</summary>
public sealed class NewtonsoftContentSerializer(JsonSerializerSettings settings) : IHttpContentSerializer
{
    public static readonly JsonSerializerSettings DefaultSettings = new()
    {
        NullValueHandling = NullValueHandling.Ignore,
        DateParseHandling = DateParseHandling.None,
        MissingMemberHandling = MissingMemberHandling.Ignore,
    };

    public NewtonsoftContentSerializer() : this(DefaultSettings) { }

    public HttpContent ToHttpContent<T>(T item)
    {
        var content = new StringContent(WireJson.Serialize(item, settings), Encoding.UTF8);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json") { CharSet = "UTF-8" };
        return content;
    }

    public async Task<T?> FromHttpContentAsync<T>(HttpContent content, CancellationToken cancellationToken = default)
    {
        var text = await content.ReadAsStringAsync(cancellationToken);
        return string.IsNullOrWhiteSpace(text) ? default : WireJson.Deserialize<T>(text, settings);
    }

    public string? GetFieldNameForProperty(PropertyInfo propertyInfo) =>
        propertyInfo.GetCustomAttribute<JsonPropertyAttribute>(true)?.PropertyName ?? propertyInfo.Name;
}
