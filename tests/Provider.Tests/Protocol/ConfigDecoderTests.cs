using ClusterScale.Provider.Protocol;
using Newtonsoft.Json.Linq;

namespace ClusterScale.Provider.Tests.Protocol;

public class ConfigDecoderTests
{
    private static readonly IReadOnlyDictionary<string, JObject> Schema = new Dictionary<string, JObject>
    {
        ["obshellEndpoints"] = new() { ["type"] = "array", ["items"] = new JObject { ["type"] = "string" } },
        ["obshellUseTls"] = new() { ["type"] = "boolean" },
        ["obshellRootPassword"] = new() { ["type"] = "string", ["secret"] = true },
        ["port"] = new() { ["type"] = "integer" },
    };

    [Fact]
    public void Json_encoded_values_are_decoded_to_their_schema_type()
    {
        var raw = PropertyMap.Empty
            .With("obshellEndpoints", PropertyValue.From("[\"127.0.0.1:1\"]"))
            .With("obshellUseTls", PropertyValue.From("true"))
            .With("port", PropertyValue.From("2886"))
            .With("version", PropertyValue.From("0.1.0"));
        var result = ConfigDecoder.Decode(raw, Schema);
        Assert.Empty(result.Failures);
        Assert.Equal(PropertyValue.From([PropertyValue.From("127.0.0.1:1")]), result.Config["obshellEndpoints"]);
        Assert.Equal(PropertyValue.From(true), result.Config["obshellUseTls"]);
        Assert.Equal(PropertyValue.From(2886), result.Config["port"]);
        Assert.Equal(PropertyValue.From("0.1.0"), result.Config["version"]);
    }

    [Fact]
    public void Decoding_is_idempotent() {
        var once = ConfigDecoder.Decode(PropertyMap.Empty.With("obshellEndpoints", PropertyValue.From("[\"a:1\",\"b:2\"]")), Schema).Config;
        Assert.Equal(once, ConfigDecoder.Decode(once, Schema).Config);
    }

    [Fact]
    public void Secrets_stay_wrapped_and_schema_secrets_get_wrapped()
    {
        var raw = PropertyMap.Empty
            .With("obshellEndpoints", PropertyValue.Secret(PropertyValue.From("[\"a:1\"]")))
            .With("obshellRootPassword", PropertyValue.From("pw"));
        var config = ConfigDecoder.Decode(raw, Schema).Config;
        Assert.Equal(PropertyValue.Secret(PropertyValue.From([PropertyValue.From("a:1")])), config["obshellEndpoints"]);
        Assert.Equal(PropertyValue.Secret(PropertyValue.From("pw")), config["obshellRootPassword"]);
    }

    [Fact]
    public void Unknowns_are_kept() =>
        Assert.Same(PropertyValue.Computed, ConfigDecoder.Decode(PropertyMap.Empty.With("obshellEndpoints", PropertyValue.Computed), Schema).Config["obshellEndpoints"]);

    [Fact]
    public void Undecodable_json_names_the_key_without_echoing_the_value()
    {
        var result = ConfigDecoder.Decode(PropertyMap.Empty.With("obshellEndpoints", PropertyValue.From("not json s3cr3t")), Schema);
        var failure = Assert.Single(result.Failures);
        Assert.Equal("obshellEndpoints", failure.Property);
        Assert.Contains("clusterscale:obshellEndpoints must be a JSON array", failure.Reason);
        Assert.DoesNotContain("s3cr3t", failure.Reason);
    }
}
