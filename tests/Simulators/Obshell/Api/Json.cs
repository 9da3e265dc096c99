using Newtonsoft.Json;
using Newtonsoft.Json.Linq;

namespace ClusterScale.Simulators.Obshell.Api;

/// <summary>
/// Request binding with Go's encoding/json rules: field names match case-insensitively (so <c>AGENTINFO</c> binds
/// to agentInfo) but never across spellings (<c>agent_info</c> does not). A type mismatch is a bind failure.
/// </summary>
internal static class Json
{
    public static JsonSerializer Serializer { get; } = JsonSerializer.Create(new JsonSerializerSettings
    {
        NullValueHandling = NullValueHandling.Include,
    });

    public static JObject ParseObject(string body)
    {
        // An empty body arrives as "{}" (PaddingBody); one of only white space is still EOF to Go's decoder.
        if (string.IsNullOrWhiteSpace(body))
        {
            throw Errors.BindJsonFailed("EOF");
        }

        try
        {
            return JToken.Parse(body) as JObject ?? throw Errors.BindJsonFailed("request body is not a JSON object");
        }
        catch (JsonReaderException e)
        {
            throw Errors.BindJsonFailed(e.Message);
        }
    }

    public static JToken? Field(JObject json, string name)
    {
        var token = json.GetValue(name, StringComparison.OrdinalIgnoreCase);
        return token is null || token.Type == JTokenType.Null ? null : token;
    }

    public static string? String(JObject json, string name) => Field(json, name) switch
    {
        null => null,
        { Type: JTokenType.String } token => token.Value<string>(),
        _ => throw Errors.BindJsonFailed($"field '{name}' must be a string"),
    };

    public static int Int(JObject json, string name) => Field(json, name) switch
    {
        null => 0,
        { Type: JTokenType.Integer } token => token.Value<int>(),
        _ => throw Errors.BindJsonFailed($"field '{name}' must be an integer"),
    };

    public static bool Bool(JObject json, string name) => Field(json, name) switch
    {
        null => false,
        { Type: JTokenType.Boolean } token => token.Value<bool>(),
        _ => throw Errors.BindJsonFailed($"field '{name}' must be a boolean"),
    };

    public static JObject? Object(JObject json, string name) => Field(json, name) switch
    {
        null => null,
        JObject obj => obj,
        _ => throw Errors.BindJsonFailed($"field '{name}' must be an object"),
    };

    /// <summary>
    /// An AgentInfo {ip, port} at <paramref name="structPath"/> (e.g. <c>ClusterScaleInParam.AgentInfo</c>): both
    /// fields carry <c>binding:"required"</c>, so a missing object, "" or 0 fails the binding.
    /// </summary>
    public static (string Ip, int Port) RequiredAgentInfo(JObject json, string name, string structPath)
    {
        var info = Object(json, name) ?? new JObject();
        var ip = String(info, "ip") ?? "";
        var port = Int(info, "port");
        if (ip.Length == 0)
        {
            throw Required(structPath, "Ip");
        }

        return port != 0 ? (ip, port) : throw Required(structPath, "Port");
    }

    /// <summary>A string field with <c>binding:"required"</c>: missing or "" fails the binding.</summary>
    public static string RequiredString(JObject json, string name, string structPath, string field) =>
        String(json, name) is { Length: > 0 } value ? value : throw Required(structPath, field);

    /// <summary>gin's validator message for a required field the body does not set.</summary>
    public static ApiException Required(string structPath, string field) =>
        Errors.BindJsonFailed($"Key: '{structPath}.{field}' Error:Field validation for '{field}' failed on the 'required' tag");
}
