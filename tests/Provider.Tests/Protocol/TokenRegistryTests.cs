using ClusterScale.Provider.Protocol;

namespace ClusterScale.Provider.Tests.Protocol;

public sealed class TokenRegistryTests
{
    private static TokenRegistry<string> Registry(params string[] tokens) => new(tokens, t => t, "function");

    [Fact]
    public void A_registered_token_is_found() =>
        Assert.Equal("pkg:mod:getB", Registry("pkg:mod:getA", "pkg:mod:getB").Find("pkg:mod:getB"));

    [Fact]
    public void An_unknown_token_is_bad_input_that_lists_what_the_provider_implements()
    {
        var error = Assert.Throws<ProviderInputException>(() => Registry("pkg:mod:getB", "pkg:mod:getA").Find("pkg:mod:getC"));
        Assert.Equal("unknown function 'pkg:mod:getC': this provider implements pkg:mod:getA, pkg:mod:getB", error.Message);
        Assert.EndsWith("implements none", Assert.Throws<ProviderInputException>(() => Registry().Find("pkg:mod:getC")).Message);
    }

    [Fact]
    public void Two_modules_registering_one_token_is_a_programming_error() =>
        Assert.Contains("two modules register the function pkg:mod:getA",
            Assert.Throws<InvalidOperationException>(() => Registry("pkg:mod:getA", "pkg:mod:getA")).Message);
}
