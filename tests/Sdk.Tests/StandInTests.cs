using System.Collections.Immutable;
using ClusterScale.Obshell;
using Pulumi;

namespace ClusterScale.Sdk.Tests;

/// <summary>
/// The conformance and example tests read secrets, values and options through tests/PulumiStandIn, so the stand-in
/// must carry them the way the Pulumi SDK does.
/// </summary>
public sealed class StandInTests
{
    [Fact]
    public void Secrets_stay_secret_through_apply_all_tuple_and_format_until_unsecret()
    {
        Output<string> password = Output.CreateSecret("pw");

        Assert.True(password.Apply(p => p.Length).IsSecret);
        Assert.True(Output.All<string>("a", password).IsSecret);
        Assert.True(Output.Tuple<string, int>(password, 1).IsSecret);
        Output<string> text = Output.Format($"user:{password}");
        Assert.True(text.IsSecret);
        Assert.Equal("user:pw", text.Value);
        Assert.False(Output.Unsecret(password).IsSecret);
        Assert.False(Output.Create("plain").Apply(p => p + "!").IsSecret);
    }

    [Fact]
    public void Apply_on_an_unknown_output_does_not_run_the_callback_as_in_a_preview()
    {
        var node = new ObserverNode("node", new ObserverNodeArgs { Ip = "10.0.0.4", Zone = "zone1" });

        Func<string, string> mustNotRun = _ => throw new InvalidOperationException("must not run");
        Output<string> applied = node.Ip.Apply(mustNotRun);

        Assert.False(applied.IsKnown);
        Assert.False(Output.All<string>(node.Id, "known").IsKnown);
        Assert.False(new InputList<string> { "known", node.Zone }.ToOutput().IsKnown);
        Assert.False(new InputMap<string> { { "zone", node.Zone } }.ToOutput().IsKnown);
    }

    [Fact]
    public void Lists_and_maps_built_element_by_element_keep_values_and_secrets()
    {
        var list = new InputList<string> { "a", Output.CreateSecret("b") };
        var map = new InputMap<string> { { "k", "v" } };

        Assert.Equal(["a", "b"], list.ToOutput().Value.ToArray());
        Assert.True(list.ToOutput().IsSecret);
        Assert.Equal(ImmutableDictionary<string, string>.Empty.Add("k", "v"), map.ToOutput().Value);
        Assert.False(map.ToOutput().IsSecret);
    }

    [Fact]
    public void Merged_options_take_the_later_value_and_concatenate_lists()
    {
        var first = new ObserverNode("first", new ObserverNodeArgs { Ip = "10.0.0.4", Zone = "zone1" });
        var defaults = new CustomResourceOptions { Version = "0.1.0", AdditionalSecretOutputs = { "a" } };
        var user = new CustomResourceOptions { Version = "9.9.9", AdditionalSecretOutputs = { "b" }, DependsOn = { first } };

        CustomResourceOptions merged = CustomResourceOptions.Merge(defaults, user);

        Assert.Equal("9.9.9", merged.Version);
        Assert.Equal(["a", "b"], merged.AdditionalSecretOutputs);
        Assert.Equal([first], merged.DependsOn.ToOutput().Value.ToArray());
    }

    [Fact]
    public void Get_keeps_the_id_it_was_given()
    {
        ObserverNode node = ObserverNode.Get("imported", "10.0.0.4:2886");

        Assert.Equal("10.0.0.4:2886", node.Id.Value);
        Assert.Equal("clusterscale:obshell:ObserverNode", node.GetResourceType());
    }
}
