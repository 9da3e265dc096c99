using System.Collections.Immutable;
using System.Reflection;
using System.Text.Json;
using Pulumi.Testing;

namespace Pulumi.ClusterScale.Sdk.Tests;

/// <summary>
/// gen-sdk emits a static <c>Config</c> class in the package's root namespace with one property per schema config
/// variable (pulumi-dotnet codegen/gen.go:1958-2060, 2581-2585): strings as <c>string?</c>, booleans as
/// <c>bool?</c>, lists as <c>ImmutableArray</c>, read from the <c>clusterscale:*</c> stack configuration, then from
/// the variable's <c>defaultInfo.environment</c>, then its <c>default</c>. Switching to a generated SDK must not
/// change what a program reads.
/// </summary>
public sealed class ConfigClassTests
{
    private static readonly JsonElement Schema = SdkMatchesSchemaTests.LoadSchema();
    private static readonly Type ConfigClass = typeof(Provider).Assembly.GetType("Pulumi.ClusterScale.Config")!;

    private static IEnumerable<JsonProperty> Variables => Schema.GetProperty("config").GetProperty("variables").EnumerateObject();

    [Fact]
    public void Every_schema_config_variable_is_a_static_property_of_the_type_gen_sdk_gives_it_and_nothing_else()
    {
        Assert.True(ConfigClass is { IsAbstract: true, IsSealed: true, IsPublic: true }, "Pulumi.ClusterScale.Config must be a public static class");
        var nullability = new NullabilityInfoContext();

        var expected = Variables.Select(v => $"{GenSdkNames.PascalCase(v.Name)}: {TypeOf(v.Value)}").Order();
        var actual = ConfigClass.GetProperties(BindingFlags.Public | BindingFlags.Static)
            .Select(p => $"{p.Name}: {Render(p.PropertyType, nullability.Create(p))}").Order();

        Assert.Equal(expected, actual);
    }

    [Fact]
    public async Task Values_come_from_the_clusterscale_stack_configuration_first()
    {
        var config = new Dictionary<string, string>
        {
            ["clusterscale:huaweiRegion"] = "cn-southwest-2",
            ["clusterscale:obshellEndpoints"] = """["10.0.0.1:2886","10.0.0.2:2886"]""",
            ["clusterscale:obshellUseTls"] = "true",
        };
        using var environment = EnvironmentVariables.Set(new Dictionary<string, string?>
        {
            ["PULUMI_CONFIG"] = JsonSerializer.Serialize(config),
            ["HW_REGION_NAME"] = "ignored-when-configured",
            ["OBSHELL_USE_TLS"] = "false",
        });

        var values = await ReadAsync("HuaweiRegion", "ObshellEndpoints", "ObshellUseTls");

        Assert.Equal("cn-southwest-2", values["HuaweiRegion"]);
        Assert.Equal(["10.0.0.1:2886", "10.0.0.2:2886"], ((ImmutableArray<string>)values["ObshellEndpoints"]!).ToArray());
        Assert.Equal(true, values["ObshellUseTls"]);
    }

    [Fact]
    public async Task Unset_keys_fall_back_to_their_environment_variable_then_their_default()
    {
        var cleared = Variables.SelectMany(v => v.Value.TryGetProperty("defaultInfo", out var info)
            ? info.GetProperty("environment").EnumerateArray().Select(e => e.GetString()!) : []).ToList();
        using var none = EnvironmentVariables.Cleared(cleared.Append("PULUMI_CONFIG"));
        using var environment = EnvironmentVariables.Set(new Dictionary<string, string?> { ["HW_ACCESS_KEY"] = "ak-from-env" });

        var values = await ReadAsync("HuaweiAccessKey", "HuaweiRegion", "ObshellUseTls");

        Assert.Equal("ak-from-env", values["HuaweiAccessKey"]);
        Assert.Null(values["HuaweiRegion"]);
        Assert.Equal(false, values["ObshellUseTls"]);
    }

    /// <summary>Reads the properties inside a deployment, where the Pulumi SDK's Config can reach the stack's.</summary>
    private static async Task<Dictionary<string, object?>> ReadAsync(params string[] names)
    {
        var values = new Dictionary<string, object?>();
        await Deployment.TestAsync(new RecordingMocks(), new TestOptions { IsPreview = false }, () =>
        {
            foreach (string name in names) values[name] = ConfigClass.GetProperty(name)!.GetValue(null);
        });
        return values;
    }

    private static string TypeOf(JsonElement spec) => GenSdkNames.TypeName(spec) switch
    {
        "array" => $"ImmutableArray<{TypeOf(spec.GetProperty("items")).TrimEnd('?')}>",
        "string" => "string?",
        "boolean" => "bool?",
        "integer" => "int?",
        var other => other,
    };

    private static string Render(Type type, NullabilityInfo nullability) =>
        type == typeof(ImmutableArray<string>) ? "ImmutableArray<string>"
        : type == typeof(string) ? (nullability.ReadState == NullabilityState.Nullable ? "string?" : "string")
        : type == typeof(bool?) ? "bool?"
        : type == typeof(int?) ? "int?"
        : type.Name;
}
