using ClusterScale.Provider.Protocol;

namespace ClusterScale.Provider.Tests.Protocol;

public sealed class SecretRedactionTests
{
    private static readonly PropertyMap Inputs = new(new Dictionary<string, PropertyValue>
    {
        ["zone"] = PropertyValue.Secret(PropertyValue.From("zone-☠")),
        ["obshellPort"] = PropertyValue.Secret(PropertyValue.From(70000)),
        ["obConfigs"] = PropertyValue.From(new Dictionary<string, PropertyValue> { ["memory_limit"] = PropertyValue.Secret(PropertyValue.From("lots")) }),
        ["ip"] = PropertyValue.From("10.0.0.4"),
    });

    [Theory]
    [InlineData("'zone-☠' is not a zone name", "'[secret]' is not a zone name")]
    [InlineData("'70000' is not a port", "'[secret]' is not a port")]
    [InlineData("key 'memory_limit': 'lots' is not a size", "key 'memory_limit': '[secret]' is not a size")]
    [InlineData("'10.0.0.4' is fine to show: it is not secret", "'10.0.0.4' is fine to show: it is not secret")]
    public void Secret_values_at_any_depth_are_masked_and_plain_ones_kept(string reason, string shown) =>
        Assert.Equal(shown, SecretRedaction.Redact(reason, Inputs));
}
