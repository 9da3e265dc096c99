// NOT Pulumi: a compile-time stand-in (see README.md). Same names and signatures as the Pulumi .NET SDK
// (pulumi-dotnet sdk/Pulumi/Config.cs); values come from the deployment, which read PULUMI_CONFIG as the SDK does.
using System.Text.Json;

namespace Pulumi;

/// <summary>The stack configuration of one namespace (the project, or a package such as <c>clusterscale</c>).</summary>
public sealed class Config
{
    private readonly string _name;

    public Config(string? name = null)
    {
        name ??= Deployment.Instance.ProjectName;
        _name = name.EndsWith(":config", StringComparison.Ordinal) ? name[..^":config".Length] : name;
    }

    public string? Get(string key) => StandInDeployment.Current.Config.TryGetValue(FullKey(key), out string? value) ? value : null;

    public string Require(string key) => Get(key) ?? throw new ConfigMissingException(FullKey(key));

    public Output<string>? GetSecret(string key) => Get(key) is { } value ? Output.CreateSecret(value) : null;

    public Output<string> RequireSecret(string key) => Output.CreateSecret(Require(key));

    public bool? GetBoolean(string key) => Get(key) is { } value ? bool.Parse(value) : null;

    public int? GetInt32(string key) => Get(key) is { } value ? int.Parse(value, System.Globalization.CultureInfo.InvariantCulture) : null;

    public T GetObject<T>(string key) => Get(key) is { } value ? JsonSerializer.Deserialize<T>(value)! : default!;

    public T RequireObject<T>(string key) => JsonSerializer.Deserialize<T>(Require(key))!;

    private string FullKey(string key) => $"{_name}:{key}";

    // Private in the Pulumi SDK too: programs and tests see a RunException with this message.
    private sealed class ConfigMissingException(string key) : RunException(
        $"Missing Required configuration variable '{key}'\n\tplease set a value using the command `pulumi config set {key} <value>`");
}
