using System.Text;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;

namespace ClusterScale.Simulators.ModelArts.Api;

/// <summary>Typed reads of a JSON request body; every mistake is a ModelArts.0104 naming the field.</summary>
internal sealed class BodyFields
{
    private readonly JObject body;
    private readonly string prefix;

    private BodyFields(JObject body, string prefix)
    {
        this.body = body;
        this.prefix = prefix;
    }

    public static BodyFields Parse(byte[] bytes)
    {
        JToken token;
        try
        {
            using var reader = new JsonTextReader(new StringReader(Encoding.UTF8.GetString(bytes))) { DateParseHandling = DateParseHandling.None };
            token = JToken.ReadFrom(reader);
        }
        catch (JsonReaderException error)
        {
            throw ApiErrorException.Parameter($"Request body is not valid JSON: {error.Message}");
        }
        return token as JObject is { } body
            ? new BodyFields(body, "")
            : throw ApiErrorException.Parameter("Request body must be a JSON object");
    }

    public bool Has(string name) => body[name] is { Type: not JTokenType.Null };

    public string? OptionalString(string name) => Get(name) switch
    {
        null => null,
        { Type: JTokenType.String } value => value.Value<string>(),
        _ => throw Invalid(name, "must be a string"),
    };

    public string RequiredString(string name) => OptionalString(name) ?? throw Invalid(name, "is required");

    public int? OptionalInt(string name) => Get(name) switch
    {
        null => null,
        { Type: JTokenType.Integer } value when value.Value<long>() is >= int.MinValue and <= int.MaxValue => value.Value<int>(),
        _ => throw Invalid(name, "must be an integer"),
    };

    public int RequiredInt(string name) => OptionalInt(name) ?? throw Invalid(name, "is required");

    public BodyFields? OptionalObject(string name) => Get(name) switch
    {
        null => null,
        JObject value => new BodyFields(value, prefix + name + "."),
        _ => throw Invalid(name, "must be an object"),
    };

    public IReadOnlyList<string>? OptionalStringArray(string name) => Get(name) switch
    {
        null => null,
        JArray items when items.All(item => item.Type == JTokenType.String) => items.Select(item => item.Value<string>()!).ToList(),
        _ => throw Invalid(name, "must be an array of strings"),
    };

    public ApiErrorException Invalid(string name, string problem) => ApiErrorException.Parameter($"Invalid {prefix}{name}: {problem}");

    private JToken? Get(string name) => body[name] is { Type: not JTokenType.Null } value ? value : null;
}
