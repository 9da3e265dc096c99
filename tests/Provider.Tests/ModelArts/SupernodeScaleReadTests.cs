using ClusterScale.Provider.Protocol;
using static ClusterScale.Provider.Tests.ModelArts.ModelArtsTestBed;

namespace ClusterScale.Provider.Tests.ModelArts;

/// <summary>Refresh, drift and import.</summary>
public sealed class SupernodeScaleReadTests
{
    [Fact]
    public async Task Read_is_deterministic_and_shows_out_of_band_removal_which_update_repairs()
    {
        await using var bed = await StartAsync();
        var id = bed.Sim.CreateSupernode(Flavor2);
        var inputs = Inputs(id, Flavor4);
        var created = await bed.CreateAsync(inputs);
        var read = await bed.Resource.ReadAsync(new ReadInput(id, "urn:test", created.Outputs, inputs), bed.Operation());
        Assert.Equal(created.Outputs, read!.Outputs);
        var none = await bed.Resource.DiffAsync(new DiffInput(id, "urn:test", read.Outputs, read.Inputs, inputs, []), CancellationToken.None);
        Assert.False(none.HasChanges);

        var vanished = Strings(created.Outputs.Get("addedServerIds"))[0];
        bed.Sim.RemoveServerOutOfBand(id, vanished);
        var drifted = await bed.Resource.ReadAsync(new ReadInput(id, "urn:test", created.Outputs, inputs), bed.Operation());

        Assert.DoesNotContain(vanished, Strings(drifted!.Outputs.Get("addedServerIds")));
        Assert.DoesNotContain(vanished, drifted.Outputs.Get("servers").ArrayValue.Select(s => s.ObjectValue.Get("id").StringValue));
        var diff = await bed.Resource.DiffAsync(new DiffInput(id, "urn:test", drifted.Outputs, drifted.Inputs, inputs, []), CancellationToken.None);
        Assert.Equal(DiffKind.Update, diff.DetailedDiff["addedServerIds"]);

        var repaired = await bed.UpdateAsync(drifted.Outputs, drifted.Inputs, inputs);
        Assert.Equal(4, bed.ServerIds(id).Count);
        Assert.Equal(2, Strings(repaired.Get("addedServerIds")).Count);
        Assert.DoesNotContain(vanished, repaired.Get("scaleSteps").ArrayValue.SelectMany(s => Strings(s.ObjectValue.Get("serverIds"))));
        Assert.Contains(bed.Progress.Messages, m => m.Contains("are gone", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Read_of_a_deleted_supernode_returns_null()
    {
        await using var bed = await StartAsync();
        var missing = "b4beacb6-4380-448c-a218-daa82cf03f5d";
        var read = await bed.Resource.ReadAsync(new ReadInput(missing, "urn:test", Inputs(missing, Flavor4), Inputs(missing, Flavor4)), bed.Operation());
        Assert.Null(read);
    }

    [Fact]
    public async Task Import_reconstructs_every_required_input_so_it_passes_check_and_the_next_update_scales_nothing()
    {
        await using var bed = await StartAsync();
        var id = bed.Sim.CreateSupernode(Flavor2);
        var created = await bed.CreateAsync(Inputs(id, Flavor4));
        var added = Strings(created.Outputs.Get("addedServerIds"));

        var imported = await bed.Resource.ReadAsync(new ReadInput($"{id}:{string.Join(",", added)}", "urn:test", PropertyMap.Empty, PropertyMap.Empty), bed.Operation());

        Assert.Equal(id, imported!.Id);
        Assert.Equal(id, imported.Inputs.Get("supernodeId").StringValue);
        Assert.Equal(ImageId, imported.Inputs.Get("imageId").StringValue);
        Assert.Equal(KeyPair, imported.Inputs.Get("keyPairName").StringValue);
        Assert.Equal(Flavor4, imported.Inputs.Get("flavor").StringValue); // the offered flavor with the current count
        Assert.Equal(added, Strings(imported.Outputs.Get("addedServerIds")));
        var check = await bed.Resource.CheckAsync(new CheckInput("urn:test", "scale", imported.Inputs, imported.Inputs), CancellationToken.None);
        Assert.Empty(check.Failures);

        var posts = bed.Sim.Requests.Count(r => r.Method == "POST");
        var adopted = await bed.UpdateAsync(imported.Outputs, imported.Inputs, Inputs(id, Flavor4));
        Assert.Equal(posts, bed.Sim.Requests.Count(r => r.Method == "POST"));
        Assert.Equal([Flavor4], Steps(adopted).Select(s => s.Flavor));

        await bed.DeleteAsync(adopted);
        Assert.Equal(2, bed.ServerIds(id).Count);
    }

    [Theory]
    [InlineData("no-colon")]
    [InlineData("b4beacb6-4380-448c-a218-daa82cf03f5d:")]
    [InlineData("not-a-uuid:abc")]
    public async Task Malformed_import_ids_are_rejected_with_the_expected_format(string importId)
    {
        await using var bed = await StartAsync();
        var error = await Assert.ThrowsAsync<ProviderInputException>(() =>
            bed.Resource.ReadAsync(new ReadInput(importId, "urn:test", PropertyMap.Empty, PropertyMap.Empty), bed.Operation()));
        Assert.Contains("import id", error.Message);
        Assert.Empty(bed.Sim.Requests);
    }

    [Fact]
    public async Task Importing_a_server_of_another_supernode_is_rejected()
    {
        await using var bed = await StartAsync();
        var id = bed.Sim.CreateSupernode(Flavor2);
        var error = await Assert.ThrowsAsync<ProviderInputException>(() =>
            bed.Resource.ReadAsync(new ReadInput($"{id}:11111111-2222-4333-8444-555555555555", "urn:test", PropertyMap.Empty, PropertyMap.Empty), bed.Operation()));
        Assert.Contains("not sub-nodes", error.Message);
    }
}
