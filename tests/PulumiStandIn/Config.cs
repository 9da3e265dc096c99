// NOT Pulumi: a compile-time stand-in (see README.md). Same names and signatures as the Pulumi .NET SDK, and it reads
// configuration from the same environment variables the engine sets for a program.
using System.Text.Json;

namespace Pulumi;

/// <summary>A required configuration value is not set.</summary>
public sealed class ConfigMissingException(string key)
    : Exception($"Missing Required configuration variable '{key}'\n\tplease set a value using the command `pulumi config set {key} <value>`");

/// <summary>The stack configuration of one namespace (the project, or a package such as <c>clusterscale</c>).</summary>
public sealed class Config
{
    private readonly string _name;

    public Config(string? name = null)
    {
        name ??= Environment.GetEnvironmentVariable("PULUMI_PROJECT")
            ?? throw new InvalidOperationException("PULUMI_PROJECT is not set: Config() needs the project name");
        // "aws:region"-style names mean the namespace before the colon, as in the real SDK.
        _name = name.Split(':')[0];
    }

    public string? Get(string key) =>
        ReadAll().TryGetValue(FullKey(key), out string? value) ? value : null;

    public string Require(string key) => Get(key) ?? throw new ConfigMissingException(FullKey(key));

    public Output<string>? GetSecret(string key) => Get(key) is { } value ? Output.CreateSecret(value) : null;

    public Output<string> RequireSecret(string key) => Output.CreateSecret(Require(key));

    public bool? GetBoolean(string key) => Get(key) is { } value ? bool.Parse(value) : null;

    public int? GetInt32(string key) => Get(key) is { } value ? int.Parse(value, System.Globalization.CultureInfo.InvariantCulture) : null;

    public T? GetObject<T>(string key) => Get(key) is { } value ? JsonSerializer.Deserialize<T>(value, JsonOptions) : default;

    public T RequireObject<T>(string key) =>
        JsonSerializer.Deserialize<T>(Require(key), JsonOptions) ?? throw new ConfigMissingException(FullKey(key));

    private static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web);

    private string FullKey(string key) => $"{_name}:{key}";

    private static Dictionary<string, string> ReadAll() =>
        Environment.GetEnvironmentVariable("PULUMI_CONFIG") is { Length: > 0 } json
            ? JsonSerializer.Deserialize<Dictionary<string, string>>(json) ?? []
            : [];
}
