using ClusterScale.Provider.Protocol;

namespace ClusterScale.Provider.Tests.Protocol;

public class ResourceUrnTests
{
    [Theory]
    [InlineData("urn:pulumi:dev::proj::clusterscale:obshell:ObserverNode::n1", "clusterscale:obshell:ObserverNode", "n1")]
    [InlineData("urn:pulumi:dev::proj::my:component:Cluster$clusterscale:obshell:ObserverNode::n::with::colons", "clusterscale:obshell:ObserverNode", "n::with::colons")]
    public void Type_and_name_come_from_the_urn_when_the_request_has_none(string urn, string type, string name)
    {
        Assert.Equal(type, ResourceUrn.TypeOf(urn, ""));
        Assert.Equal(name, ResourceUrn.NameOf(urn, null));
    }

    [Fact]
    public void The_request_fields_win_over_the_urn()
    {
        Assert.Equal("a:b:C", ResourceUrn.TypeOf("urn:pulumi:dev::proj::x:y:Z::n", "a:b:C"));
        Assert.Equal("m", ResourceUrn.NameOf("urn:pulumi:dev::proj::x:y:Z::n", "m"));
    }

    [Fact]
    public void A_malformed_urn_is_a_clear_input_error() =>
        Assert.Contains("'not-a-urn' is not a resource URN", Assert.Throws<ProviderInputException>(() => ResourceUrn.TypeOf("not-a-urn", null)).Message);
}
