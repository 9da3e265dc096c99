using ClusterScale.Provider.Obshell;
using ClusterScale.Provider.Protocol;

namespace ClusterScale.Provider.Tests.Obshell;

/// <summary>The obshell configuration keys: schema, validation, environment fallback, and missing config.</summary>
public sealed class ObshellModuleTests
{
    [Fact]
    public void The_schema_marks_passwords_secret_and_names_the_environment_variables()
    {
        var schema = new ObshellModule().ConfigSchema;

        Assert.Equal(true, (bool?)schema["obshellRootPassword"]["secret"]);
        Assert.Equal(true, (bool?)schema["obshellAgentPassword"]["secret"]);
        Assert.Null(schema["obshellEndpoints"]["secret"]);
        Assert.Equal(false, (bool?)schema["obshellUseTls"]["default"]);
        Assert.Equal("OBSHELL_ENDPOINTS", (string?)schema["obshellEndpoints"]["defaultInfo"]!["environment"]![0]);
        Assert.Equal("OBSHELL_USE_TLS", (string?)schema["obshellUseTls"]["defaultInfo"]!["environment"]![0]);
    }

    [Theory]
    [InlineData("obshellEndpoints", "[\"10.0.0.1:2886\",\"nohost\"]")]
    [InlineData("obshellEndpoints", "10.0.0.1:99999")]
    [InlineData("obshellUseTls", "maybe")]
    public void Bad_config_is_rejected_naming_the_key(string key, string value)
    {
        var failures = new ObshellModule().CheckConfig(new PropertyMap(new Dictionary<string, PropertyValue> { [key] = PropertyValue.From(value) }));

        Assert.Equal(key, Assert.Single(failures).Property);
    }

    [Fact]
    public void Config_values_arrive_as_strings_or_json_and_the_environment_fills_the_gaps()
    {
        var config = new PropertyMap(new Dictionary<string, PropertyValue>
        {
            ["obshellEndpoints"] = PropertyValue.From("[\"127.0.0.1:2886\", \"[::1]:2887\"]"),
            ["obshellUseTls"] = PropertyValue.From("true"),
            ["obshellAgentPassword"] = PropertyValue.Secret(PropertyValue.From("agent")),
        });
        var env = new Dictionary<string, string> { ["OBSHELL_ROOT_PASSWORD"] = "root", ["OBSHELL_ENDPOINTS"] = "ignored:1" };

        var settings = ObshellSettings.From(config, env.GetValueOrDefault);

        Assert.Equal(["127.0.0.1:2886", "[::1]:2887"], settings.Endpoints);
        Assert.True(settings.UseTls);
        Assert.Equal(("root", "agent"), (settings.RootPassword, settings.AgentPassword));
        Assert.DoesNotContain("agent", settings.ToString(), StringComparison.Ordinal);
        Assert.Equal(["a:1", "b:2"], ObshellSettings.From(PropertyMap.Empty, k => k == "OBSHELL_ENDPOINTS" ? "a:1, b:2" : null).Endpoints);
    }

    [Fact]
    public async Task A_resource_call_without_endpoints_is_a_missing_config_error()
    {
        var module = new ObshellModule();
        module.Configure(PropertyMap.Empty);
        var node = Assert.Single(module.Resources);
        var inputs = ObserverNodeCheck.Check(new PropertyMap(new Dictionary<string, PropertyValue>
        {
            ["ip"] = PropertyValue.From("10.0.0.4"), ["zone"] = PropertyValue.From("zone1"),
        })).Inputs;

        var error = await Assert.ThrowsAsync<ProviderInputException>(() =>
            node.CreateAsync(new CreateInput("urn", "n", inputs, false, null), new OperationContext("urn", NullProgressSink.Instance, TimeProvider.System, default)));

        Assert.True(error.MissingConfig);
        Assert.Contains("obshellEndpoints", error.Message, StringComparison.Ordinal);
    }
}
