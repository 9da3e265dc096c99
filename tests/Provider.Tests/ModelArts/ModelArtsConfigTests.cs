using ClusterScale.Provider.ModelArts;
using ClusterScale.Provider.Protocol;

namespace ClusterScale.Provider.Tests.ModelArts;

public sealed class ModelArtsConfigTests
{
    private static PropertyMap Config(params (string Key, string Value)[] values) =>
        new(values.Select(v => KeyValuePair.Create(v.Key, PropertyValue.From(v.Value))));

    [Fact]
    public void Schema_marks_credentials_secret_and_names_the_environment_fallbacks()
    {
        var schema = new ModelArtsModule().ConfigSchema;
        Assert.Equal(["huaweiAccessKey", "huaweiEndpoint", "huaweiProjectId", "huaweiRegion", "huaweiSecretKey", "huaweiSecurityToken"], schema.Keys.Order());
        foreach (var secret in new[] { "huaweiAccessKey", "huaweiSecretKey", "huaweiSecurityToken" })
            Assert.True((bool)schema[secret]["secret"]!);
        Assert.Null(schema["huaweiRegion"]["secret"]);
        Assert.Equal("HW_ACCESS_KEY", (string)schema["huaweiAccessKey"]["defaultInfo"]!["environment"]![0]!);
        Assert.Equal("HW_MODELARTS_ENDPOINT", (string)schema["huaweiEndpoint"]["defaultInfo"]!["environment"]![0]!);
    }

    [Theory]
    [InlineData("huaweiEndpoint", "not a url")]
    [InlineData("huaweiEndpoint", "ftp://x")]
    [InlineData("huaweiProjectId", "bad/project")]
    [InlineData("huaweiRegion", "CN South")]
    public void Check_config_names_the_bad_key(string key, string value)
    {
        var failure = Assert.Single(new ModelArtsModule().CheckConfig(Config((key, value))));
        Assert.Equal(key, failure.Property);
    }

    [Fact]
    public void Check_config_never_echoes_a_secret()
    {
        var failures = new ModelArtsModule().CheckConfig(new PropertyMap([KeyValuePair.Create("huaweiSecretKey", PropertyValue.Secret(PropertyValue.From(3.0)))]));
        Assert.DoesNotContain("3", Assert.Single(failures).Reason);
    }

    [Fact]
    public void Config_wins_over_environment_and_region_selects_the_endpoint()
    {
        var env = new Dictionary<string, string> { ["HW_ACCESS_KEY"] = "env-ak", ["HW_SECRET_KEY"] = "env-sk", ["HW_PROJECT_ID"] = "envproject", ["HW_REGION_NAME"] = "cn-north-4" };
        var (settings, missing) = ModelArtsConfig.Resolve(Config(("huaweiAccessKey", "cfg-ak")), env.GetValueOrDefault);
        Assert.Empty(missing);
        Assert.Equal("cfg-ak", settings!.Credentials.AccessKey);
        Assert.Equal("env-sk", settings.Credentials.SecretKey);
        Assert.Equal(new Uri("https://modelarts.cn-north-4.myhuaweicloud.com"), settings.Endpoint);
        Assert.DoesNotContain("env-sk", settings.ToString());
    }

    [Fact]
    public void Missing_keys_are_reported_when_a_resource_needs_the_api()
    {
        var connection = new ModelArtsConnection();
        var (settings, missing) = ModelArtsConfig.Resolve(Config(("huaweiEndpoint", "http://127.0.0.1:1")), _ => null);
        connection.Configure(settings, missing);
        var error = Assert.Throws<ProviderInputException>(() => connection.Required);
        Assert.True(error.MissingConfig);
        Assert.Contains("clusterscale:huaweiAccessKey", error.Message);
        Assert.DoesNotContain("huaweiRegion", error.Message); // the endpoint makes the region unnecessary
    }
}
