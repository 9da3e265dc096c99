using System.Text.RegularExpressions;
using ClusterScale.Provider.ModelArts.Auth;
using ClusterScale.Provider.Protocol;
using Newtonsoft.Json.Linq;

namespace ClusterScale.Provider.ModelArts;

/// <summary>The <c>clusterscale:huawei*</c> configuration keys: schema, validation, and resolution with the
/// conventional Huawei Cloud environment variables as fallback.</summary>
public static partial class ModelArtsConfig
{
    public const string Region = "huaweiRegion", Endpoint = "huaweiEndpoint", ProjectId = "huaweiProjectId",
        AccessKey = "huaweiAccessKey", SecretKey = "huaweiSecretKey", SecurityToken = "huaweiSecurityToken";

    public static readonly IReadOnlyList<string> RequiredKeys = [Region, ProjectId, AccessKey, SecretKey];

    private static readonly IReadOnlyDictionary<string, (string Env, bool Secret, string Description)> Keys =
        new Dictionary<string, (string, bool, string)>
        {
            [Region] = ("HW_REGION_NAME", false, "Huawei Cloud region, e.g. cn-southwest-2; selects https://modelarts.{region}.myhuaweicloud.com."),
            [Endpoint] = ("HW_MODELARTS_ENDPOINT", false, "ModelArts endpoint URL overriding the region's (e.g. the simulator)."),
            [ProjectId] = ("HW_PROJECT_ID", false, "Huawei Cloud project id of the region."),
            [AccessKey] = ("HW_ACCESS_KEY", true, "Access key (AK) used to sign requests."),
            [SecretKey] = ("HW_SECRET_KEY", true, "Secret key (SK) used to sign requests."),
            [SecurityToken] = ("HW_SECURITY_TOKEN", true, "Security token of temporary credentials (sent as X-Security-Token)."),
        };

    [GeneratedRegex("^[A-Za-z0-9-]{1,64}$")]
    private static partial Regex ProjectIdPattern();

    [GeneratedRegex("^[a-z0-9-]{1,64}$")]
    private static partial Regex RegionPattern();

    public static IReadOnlyDictionary<string, JObject> Schema { get; } = Keys.ToDictionary(k => k.Key, k =>
    {
        var schema = new JObject
        {
            ["type"] = "string",
            ["description"] = k.Value.Description,
            ["defaultInfo"] = new JObject { ["environment"] = new JArray(k.Value.Env) },
        };
        if (k.Value.Secret) schema["secret"] = true;
        return schema;
    });

    /// <summary>Validates the keys that are set and known; secrets are never echoed.</summary>
    public static IEnumerable<CheckFailure> Check(PropertyMap config)
    {
        foreach (var key in Keys.Keys)
        {
            var value = config.Get(key).Unwrapped();
            if (value.IsNull || value.ContainsUnknowns) continue;
            if (value.Kind != PropertyKind.String) { yield return new CheckFailure(key, $"{key} must be a string"); continue; }
            var text = value.StringValue;
            var failure = key switch
            {
                Endpoint when !Uri.TryCreate(text, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https") =>
                    $"{key} must be an absolute http(s) URL; got '{text}'",
                ProjectId when !ProjectIdPattern().IsMatch(text) => $"{key} must be 1-64 letters, digits or hyphens; got '{text}'",
                Region when !RegionPattern().IsMatch(text) => $"{key} must be a region name such as cn-southwest-2; got '{text}'",
                _ when text.Length == 0 => $"{key} must not be empty",
                _ => null,
            };
            if (failure is not null) yield return new CheckFailure(key, failure);
        }
    }

    /// <summary>Settings from config, falling back to environment variables; null with the missing keys when
    /// something required is absent. The endpoint comes from huaweiEndpoint, else from the region.</summary>
    public static (ModelArtsSettings? Settings, IReadOnlyList<string> Missing) Resolve(PropertyMap config, Func<string, string?> environment)
    {
        string? Value(string key)
        {
            var value = config.Get(key).Unwrapped();
            var text = value.Kind == PropertyKind.String ? value.StringValue : environment(Keys[key].Env);
            return string.IsNullOrEmpty(text) ? null : text;
        }
        var endpoint = Value(Endpoint);
        var region = Value(Region);
        var missing = new[] { ProjectId, AccessKey, SecretKey }.Where(k => Value(k) is null).ToList();
        if (endpoint is null && region is null) missing.Insert(0, Region);
        if (missing.Count > 0) return (null, missing);
        var uri = endpoint is not null ? new Uri(endpoint) : ModelArtsSettings.RegionEndpoint(region!);
        return (new ModelArtsSettings(uri, Value(ProjectId)!, new HuaweiCredentials(Value(AccessKey)!, Value(SecretKey)!, Value(SecurityToken))), missing);
    }
}
