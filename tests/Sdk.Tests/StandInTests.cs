using System.Collections.Immutable;
using Pulumi.ClusterScale.Obshell;
using Pulumi.Testing;

namespace Pulumi.ClusterScale.Sdk.Tests;

/// <summary>
/// The other tests read values, secrets and unknowns through the stand-in, so it must carry them the way the Pulumi
/// SDK does; these would pass against the Pulumi package too.
/// </summary>
public sealed class StandInTests
{
    [Fact]
    public void Secrets_stay_secret_through_apply_all_tuple_and_format_until_unsecret()
    {
        Output<string> password = Output.CreateSecret("pw");

        Assert.True(Outputs.IsSecret(password.Apply(p => p.Length)));
        Assert.True(Outputs.IsSecret(Output.All<string>("a", password)));
        Assert.True(Outputs.IsSecret(Output.Tuple<string, int>(password, 1)));
        Output<string> text = Output.Format($"user:{password}");
        Assert.True(Outputs.IsSecret(text));
        Assert.Equal("user:pw", Outputs.ValueOf(text));
        Assert.False(Outputs.IsSecret(Output.Unsecret(password)));
        Assert.False(Outputs.IsSecret(Output.Create("plain").Apply(p => p + "!")));
    }

    [Fact]
    public async Task In_a_preview_outputs_the_engine_did_not_return_are_unknown_and_apply_does_not_run()
    {
        ObserverNode? node = null;
        await Deployment.TestAsync(new RecordingMocks(), new TestOptions { IsPreview = true },
            () => node = new ObserverNode("node", new ObserverNodeArgs { Ip = "10.0.0.4", Zone = "zone1" }));

        Func<string?, string> mustNotRun = _ => throw new InvalidOperationException("must not run");
        Assert.False(Outputs.IsKnown(node!.ServerStatus.Apply(mustNotRun)));
        Assert.False(Outputs.IsKnown(Output.All<string>(node.ServerStatus!, "known")));
        Assert.True(Outputs.IsKnown(node.Ip));
        Assert.Equal("10.0.0.4", Outputs.ValueOf(node.Ip));
    }

    [Fact]
    public void Lists_and_maps_built_element_by_element_keep_values_and_secrets()
    {
        var list = new InputList<string> { "a", Output.CreateSecret("b") };
        var map = new InputMap<string> { { "k", "v" } };

        Assert.Equal(["a", "b"], Outputs.ValueOf(list.ToOutput()).ToArray());
        Assert.True(Outputs.IsSecret(list.ToOutput()));
        Assert.Equal(ImmutableDictionary<string, string>.Empty.Add("k", "v"), Outputs.ValueOf(map.ToOutput()));
        Assert.False(Outputs.IsSecret(map.ToOutput()));
    }

    [Fact]
    public async Task Get_reads_the_resource_with_the_id_it_was_given()
    {
        var mocks = new RecordingMocks();
        ImmutableArray<Resource> resources = await Deployment.TestAsync(mocks, new TestOptions { IsPreview = false },
            () => ObserverNode.Get("imported", "10.0.0.4:2886"));

        var node = Assert.IsType<ObserverNode>(Assert.Single(resources));
        Assert.Equal("10.0.0.4:2886", Outputs.ValueOf(node.Id));
        Assert.Equal("10.0.0.4:2886", mocks.Single("clusterscale:obshell:ObserverNode").Id);
        Assert.Empty(mocks.Single("clusterscale:obshell:ObserverNode").Inputs);
    }

    [Fact]
    public async Task A_missing_required_input_fails_the_run_naming_it()
    {
        var error = await Assert.ThrowsAsync<RunException>(() => Deployment.TestAsync(new RecordingMocks(), new TestOptions(),
            () => new ObserverNode("node", new ObserverNodeArgs { Ip = "10.0.0.4" })));

        Assert.Contains("Zone", error.Message);
        Assert.Contains("is required", error.Message);
    }
}
