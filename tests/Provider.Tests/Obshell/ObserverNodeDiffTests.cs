using ClusterScale.Provider.Obshell;
using ClusterScale.Provider.Protocol;

namespace ClusterScale.Provider.Tests.Obshell;

/// <summary>Diff: identity and scale-out-time settings replace (delete first), delete-time settings update in place,
/// unknowns count as changes, ignoreChanges is honoured, an unfinished create asks for an Update.</summary>
public sealed class ObserverNodeDiffTests
{
    private static readonly PropertyMap Olds = ObserverNodeCheck.Check(new PropertyMap(new Dictionary<string, PropertyValue>
    {
        ["ip"] = PropertyValue.From("10.0.0.4"),
        ["zone"] = PropertyValue.From("zone1"),
        ["obConfigs"] = PropertyValue.From(new Dictionary<string, PropertyValue> { ["memory_limit"] = PropertyValue.From("16G") }),
        ["targetAgentPassword"] = PropertyValue.Secret(PropertyValue.From("pw")),
    })).Inputs;

    private static readonly PropertyMap Finished = Olds.With("dagId", PropertyValue.From("11")).With("dagState", PropertyValue.From("SUCCEED"));

    public static TheoryData<string, PropertyValue, DiffKind> Changes => new()
    {
        { "ip", PropertyValue.From("10.0.0.5"), DiffKind.UpdateReplace },
        { "obshellPort", PropertyValue.From(2887), DiffKind.UpdateReplace },
        { "zone", PropertyValue.From("zone2"), DiffKind.UpdateReplace },
        { "obConfigs", PropertyValue.From(new Dictionary<string, PropertyValue> { ["memory_limit"] = PropertyValue.From("32G") }), DiffKind.UpdateReplace },
        { "targetAgentPassword", PropertyValue.Secret(PropertyValue.From("other")), DiffKind.UpdateReplace },
        { "targetAgentPassword", PropertyValue.Null, DiffKind.DeleteReplace },
        { "forceKill", PropertyValue.From(true), DiffKind.Update },
        { "failurePolicy", PropertyValue.From("leave"), DiffKind.Update },
        { "zone", PropertyValue.Computed, DiffKind.UpdateReplace },
        { "forceKill", PropertyValue.Computed, DiffKind.Update },
    };

    [Theory]
    [MemberData(nameof(Changes))]
    public void Each_property_change_has_its_kind(string key, PropertyValue value, DiffKind kind)
    {
        var news = value.IsNull ? Olds.Without(key) : Olds.With(key, value);

        var diff = ObserverNodeDiff.Diff(new DiffInput("10.0.0.4:2886", "urn", Finished, Olds, news, []));

        Assert.True(diff.HasChanges);
        // obConfigs is diffed per parameter (obConfigs.memory_limit); without the cluster's edit levels every change replaces.
        Assert.Equal(kind, Assert.Single(diff.DetailedDiff, d => d.Key == key || d.Key.StartsWith(key + ".", StringComparison.Ordinal)).Value);
        Assert.Single(diff.DetailedDiff);
        Assert.Equal(kind is not DiffKind.Update, diff.DeleteBeforeReplace);
    }

    [Fact]
    public void Same_inputs_have_no_diff_even_when_a_secret_lost_its_wrapper()
    {
        var news = Olds.With("targetAgentPassword", PropertyValue.From("pw"));

        Assert.False(ObserverNodeDiff.Diff(new DiffInput("id", "urn", Finished, Olds, news, [])).HasChanges);
    }

    [Fact]
    public void Ignored_changes_are_not_reported()
    {
        var news = Olds.With("zone", PropertyValue.From("zone9"))
            .With("obConfigs", PropertyValue.From(new Dictionary<string, PropertyValue> { ["memory_limit"] = PropertyValue.From("64G") }));

        Assert.False(ObserverNodeDiff.Diff(new DiffInput("id", "urn", Finished, Olds, news, ["zone", "obConfigs.memory_limit"])).HasChanges);
        Assert.False(ObserverNodeDiff.Diff(new DiffInput("id", "urn", Finished, Olds, news, ["zone", "obConfigs[\"memory_limit\"]"])).HasChanges);
    }

    [Fact]
    public void An_unfinished_create_is_reported_as_an_in_place_change_so_update_resumes_it()
    {
        var unfinished = Olds.With("dagId", PropertyValue.From("11")).With("dagState", PropertyValue.From("RUNNING"));

        var diff = ObserverNodeDiff.Diff(new DiffInput("id", "urn", unfinished, Olds, Olds, []));

        Assert.True(diff.HasChanges);
        Assert.Equal(DiffKind.Update, diff.DetailedDiff["dagState"]);
        Assert.Empty(diff.Replaces);
    }
}
