using ClusterScale.Simulators.ModelArts;

namespace ClusterScale.Simulators.Tests.ModelArts;

/// <summary>The flavors of spec section 6: `kat3ne-{N}-800t.{6N}xlarge.8.matrix` has N/8 sub-nodes, at most 48.</summary>
public class FlavorCatalogueTests : SimulatorTest
{
    [Fact]
    public void The_default_catalogue_is_the_section_6_table()
    {
        var table = new ModelArtsSimulatorOptions().Flavors.Select(flavor => (flavor.Flavor, flavor.ServerCount, flavor.ResourceFlavor));

        Assert.Equal(
        [
            ("kat3ne-8-800t.48xlarge.8.matrix", 1, ResourceFlavor),
            ("kat3ne-16-800t.96xlarge.8.matrix", 2, ResourceFlavor),
            ("kat3ne-32-800t.192xlarge.8.matrix", 4, ResourceFlavor),
            ("kat3ne-64-800t.384xlarge.8.matrix", 8, ResourceFlavor),
            ("kat3ne-128-800t.768xlarge.8.matrix", 16, ResourceFlavor),
            ("kat3ne-192-800t.1152xlarge.8.matrix", 24, ResourceFlavor),
            ("kat3ne-256-800t.1536xlarge.8.matrix", 32, ResourceFlavor),
            ("kat3ne-384-800t.2304xlarge.8.matrix", 48, ResourceFlavor),
        ], table);
    }

    [Fact]
    public async Task The_SEED_request_grows_a_one_sub_node_supernode_to_four()
    {
        var id = Simulator.CreateSupernode("kat3ne-8-800t.48xlarge.8.matrix");
        var original = Simulator.GetSupernode(id).Servers.Single().Id;

        var response = await Client.PostAsync($"/hyperinstance/{id}/live-scale-up", ScaleUpBody("kat3ne-32-800t.192xlarge.8.matrix"));

        // SEED 004: the answer is the supernode ACTIVE with only its original RUNNING kat3ne-8 sub-node.
        Assert.Equal(200, response.Status);
        Assert.Equal("ACTIVE", (string)response.Body["status"]!);
        var listed = Assert.Single(response.Body["servers"]!);
        Assert.Equal((original, "RUNNING", "kat3ne-8.48xlarge.8.800t.matrix"), ((string)listed["id"]!, (string)listed["status"]!, (string)listed["flavor"]!));
        var later = (await Client.GetAsync("/hyperinstance/" + id)).Body;
        Assert.Equal(4, later["servers"]!.Count());
        Assert.All(later["servers"]!, server => Assert.Equal("kat3ne-8.48xlarge.8.800t.matrix", (string)server["flavor"]!));
    }

    [Theory]
    [InlineData("kat3ne-392-800t.2352xlarge.8.matrix", 49)]
    [InlineData("kat3ne-512-800t.3072xlarge.8.matrix", 64)]
    public async Task A_flavor_beyond_48_sub_nodes_by_the_naming_rule_is_the_quota_error(string flavor, int subNodes)
    {
        var id = Simulator.CreateSupernode(Flavor1);

        var response = await Client.PostAsync($"/hyperinstance/{id}/live-scale-up", ScaleUpBody(flavor));

        Assert.Equal((400, "ModelArts.0116"), response.Outcome);
        Assert.Contains($"{subNodes}", response.ErrorMsg);
        Assert.Single(Simulator.GetSupernode(id).Servers);
    }

    [Theory]
    [InlineData("kat3ne-392-800t.999xlarge.8.matrix")] // xlarge is not 6N
    [InlineData("kat3ne-396-800t.2376xlarge.8.matrix")] // N is not a multiple of 8
    [InlineData("kat3ne-24-800t.144xlarge.8.matrix")] // by the rule, but not sold
    public async Task Other_unknown_flavors_are_parameter_errors(string flavor)
    {
        var id = Simulator.CreateSupernode(Flavor1);

        var response = await Client.PostAsync($"/hyperinstance/{id}/live-scale-up", ScaleUpBody(flavor));

        Assert.Equal((400, "ModelArts.0104"), response.Outcome);
        Assert.Contains(flavor, response.ErrorMsg);
    }
}
