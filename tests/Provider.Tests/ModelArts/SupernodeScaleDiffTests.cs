using ClusterScale.Provider.ModelArts;
using ClusterScale.Provider.Protocol;
using static ClusterScale.Provider.Tests.ModelArts.ModelArtsTestBed;

namespace ClusterScale.Provider.Tests.ModelArts;

public sealed class SupernodeScaleDiffTests
{
    private const string Supernode = "b4beacb6-4380-448c-a218-daa82cf03f5d";
    private readonly SupernodeScale _resource = new(new ModelArtsConnection(), EmptyJournal);

    private Task<DiffResult> Diff(PropertyMap olds, PropertyMap news, params string[] ignore) =>
        _resource.DiffAsync(new DiffInput(Supernode, "urn:test", olds, olds, news, ignore), CancellationToken.None);

    [Fact]
    public async Task Same_inputs_have_no_changes() => Assert.False((await Diff(Inputs(Supernode, Flavor4), Inputs(Supernode, Flavor4))).HasChanges);

    [Fact]
    public async Task Another_supernode_replaces()
    {
        var diff = await Diff(Inputs(Supernode, Flavor4), Inputs("c4beacb6-4380-448c-a218-daa82cf03f5d", Flavor4));
        Assert.Equal(DiffKind.UpdateReplace, diff.DetailedDiff["supernodeId"]);
        Assert.Equal(["supernodeId"], diff.Replaces);
    }

    [Theory]
    [InlineData("flavor")]
    [InlineData("imageId")]
    [InlineData("keyPairName")]
    public async Task Other_inputs_update_in_place(string key)
    {
        var news = Inputs(Supernode, Flavor4).With(key, PropertyValue.From(key == "imageId" ? "a4059eb4-c2f5-46a8-9b33-6cbed5d3fc81" : "x-1"));
        var diff = await Diff(Inputs(Supernode, Flavor4), news);
        Assert.Equal(DiffKind.Update, diff.DetailedDiff[key]);
        Assert.Empty(diff.Replaces);
    }

    [Fact]
    public async Task Adding_and_removing_optional_inputs_show_as_add_and_delete()
    {
        var withUserdata = Inputs(Supernode, Flavor4, ("userdata", PropertyValue.Secret(PropertyValue.From("aGk="))));
        Assert.Equal(DiffKind.Add, (await Diff(Inputs(Supernode, Flavor4), withUserdata)).DetailedDiff["userdata"]);
        Assert.Equal(DiffKind.Delete, (await Diff(withUserdata, Inputs(Supernode, Flavor4))).DetailedDiff["userdata"]);
    }

    [Fact]
    public async Task Secret_wrapping_alone_is_not_a_change()
    {
        var plain = Inputs(Supernode, Flavor4, ("userdata", PropertyValue.From("aGk=")));
        var secret = Inputs(Supernode, Flavor4, ("userdata", PropertyValue.Secret(PropertyValue.From("aGk="))));
        Assert.False((await Diff(plain, secret)).HasChanges);
    }

    [Fact]
    public async Task Unknowns_in_a_preview_show_as_changes()
    {
        var diff = await Diff(Inputs(Supernode, Flavor4), Inputs(Supernode, Flavor4).With("flavor", PropertyValue.Computed).With("supernodeId", PropertyValue.Computed));
        Assert.Equal(DiffKind.Update, diff.DetailedDiff["flavor"]);
        Assert.Equal(DiffKind.UpdateReplace, diff.DetailedDiff["supernodeId"]);
    }

    [Fact]
    public async Task Ignored_changes_are_not_reported() =>
        Assert.False((await Diff(Inputs(Supernode, Flavor4), Inputs(Supernode, Flavor8), "flavor")).HasChanges);

    [Fact]
    public async Task An_engine_that_sends_no_old_inputs_gets_no_spurious_change_and_a_flavor_change_is_an_update()
    {
        // Older CLIs leave old_inputs empty: the old outputs carry the inputs (issue 19).
        var olds = Inputs(Supernode, Flavor2);
        var same = await _resource.DiffAsync(new DiffInput(Supernode, "urn:test", olds, PropertyMap.Empty, Inputs(Supernode, Flavor2), []), CancellationToken.None);
        var bigger = await _resource.DiffAsync(new DiffInput(Supernode, "urn:test", olds, PropertyMap.Empty, Inputs(Supernode, Flavor4), []), CancellationToken.None);

        Assert.False(same.HasChanges);
        Assert.Equal(["flavor"], bigger.DetailedDiff.Keys);
        Assert.Equal(DiffKind.Update, bigger.DetailedDiff["flavor"]);
    }
}
