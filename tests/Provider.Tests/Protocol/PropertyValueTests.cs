using ClusterScale.Provider.Protocol;

namespace ClusterScale.Provider.Tests.Protocol;

public class PropertyValueTests
{
    private static PropertyValue Obj(params (string Key, PropertyValue Value)[] fields) =>
        PropertyValue.From(fields.Select(f => KeyValuePair.Create(f.Key, f.Value)));

    [Fact]
    public void Equality_is_structural_and_ignores_key_order()
    {
        var a = Obj(("x", PropertyValue.From(1)), ("y", PropertyValue.From([PropertyValue.From("a")])));
        var b = Obj(("y", PropertyValue.From([PropertyValue.From("a")])), ("x", PropertyValue.From(1)));
        Assert.Equal(a, b);
        Assert.Equal(a.GetHashCode(), b.GetHashCode());
        Assert.NotEqual(a, Obj(("x", PropertyValue.From(2)), ("y", PropertyValue.From([PropertyValue.From("a")]))));
    }

    [Fact]
    public void A_secret_differs_from_its_plain_value_until_unwrapped()
    {
        var secret = PropertyValue.Secret(PropertyValue.From("pw"));
        Assert.NotEqual(PropertyValue.From("pw"), secret);
        Assert.Equal(PropertyValue.From("pw"), secret.Unwrapped());
        Assert.Same(secret, PropertyValue.Secret(secret));
    }

    [Fact]
    public void Numbers_and_strings_with_the_same_text_differ() =>
        Assert.NotEqual(PropertyValue.From(1), PropertyValue.From("1"));

    [Fact]
    public void Secrets_never_render_in_text() =>
        Assert.DoesNotContain("hunter2", Obj(("p", PropertyValue.Secret(PropertyValue.From("hunter2")))).ToString());

    [Fact]
    public void Unknowns_and_secrets_are_found_at_any_depth()
    {
        var nested = Obj(("a", PropertyValue.From([Obj(("b", PropertyValue.Computed))])));
        Assert.True(nested.ContainsUnknowns);
        Assert.False(nested.ContainsSecrets);
        Assert.True(Obj(("a", PropertyValue.From([PropertyValue.Secret(PropertyValue.From(1))]))).ContainsSecrets);
    }

    [Fact]
    public void Maps_compare_structurally()
    {
        var a = new PropertyMap([KeyValuePair.Create("k", PropertyValue.From("v"))]);
        Assert.Equal(a, PropertyMap.Empty.With("k", PropertyValue.From("v")));
        Assert.NotEqual(a, a.With("k", PropertyValue.Secret(PropertyValue.From("v"))));
        Assert.Equal(PropertyMap.Empty, a.Without("k"));
    }
}
