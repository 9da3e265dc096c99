using ClusterScale.Provider.Protocol;
using Google.Protobuf.WellKnownTypes;

namespace ClusterScale.Provider.Tests.Protocol;

public class PropertyStructTests
{
    private static Value Signed(string signature, params (string Key, Value Value)[] fields)
    {
        var obj = new Struct { Fields = { [PropertyStruct.SignatureKey] = Value.ForString(signature) } };
        foreach (var (key, value) in fields) obj.Fields[key] = value;
        return Value.ForStruct(obj);
    }

    private static PropertyValue RoundTrip(PropertyValue value) => PropertyStruct.ToValue(PropertyStruct.ToProto(value), "p");

    public static TheoryData<string, PropertyValue> EveryKind() => new()
    {
        { "null", PropertyValue.Null },
        { "bool", PropertyValue.From(true) },
        { "number", PropertyValue.From(2886.5) },
        { "string", PropertyValue.From("10.0.0.4") },
        { "empty string", PropertyValue.From("") },
        { "array", PropertyValue.From([PropertyValue.From("a"), PropertyValue.From(1), PropertyValue.Null]) },
        { "nested object", PropertyValue.From(new Dictionary<string, PropertyValue> { ["a"] = PropertyValue.From(new Dictionary<string, PropertyValue> { ["b"] = PropertyValue.From([PropertyValue.From(false)]) }) }) },
        { "secret", PropertyValue.Secret(PropertyValue.From("hunter2")) },
        { "secret object", PropertyValue.Secret(PropertyValue.From(new Dictionary<string, PropertyValue> { ["k"] = PropertyValue.From("v") })) },
        { "computed", PropertyValue.Computed },
        { "output known", PropertyValue.Output(PropertyValue.From("x"), secret: false, ["urn:pulumi:s::p::t::a"]) },
        { "output unknown secret", PropertyValue.Output(null, secret: true, []) },
        { "resource reference", PropertyValue.ResourceReference("urn:pulumi:s::p::t::a", PropertyValue.From("id-1"), "0.1.0") },
        { "component reference", PropertyValue.ResourceReference("urn:pulumi:s::p::t::a", PropertyValue.Null, "") },
        { "asset", PropertyValue.Opaque(PropertyKind.Asset, new PropertyMap([KeyValuePair.Create("path", PropertyValue.From("./a.txt")), KeyValuePair.Create("hash", PropertyValue.From("abc"))])) },
        { "archive", PropertyValue.Opaque(PropertyKind.Archive, new PropertyMap([KeyValuePair.Create("path", PropertyValue.From("./dir"))])) },
    };

    [Theory]
    [MemberData(nameof(EveryKind))]
    public void Every_kind_of_value_survives_a_round_trip(string kind, PropertyValue value)
    {
        var back = RoundTrip(value);
        Assert.True(value.Equals(back), $"{kind}: {value} came back as {back}");
        Assert.Equal(value.Kind, back.Kind);
    }

    [Fact]
    public void A_map_round_trips_through_a_struct_with_its_keys()
    {
        var map = new PropertyMap([
            KeyValuePair.Create("ip", PropertyValue.From("10.0.0.4")),
            KeyValuePair.Create("password", PropertyValue.Secret(PropertyValue.From("p"))),
        ]);
        var wire = PropertyStruct.ToStruct(map);
        Assert.Equal(PropertyStruct.SecretSignature, wire.Fields["password"].StructValue.Fields[PropertyStruct.SignatureKey].StringValue);
        Assert.Equal(map, PropertyStruct.ToMap(wire));
    }

    [Fact]
    public void A_missing_struct_is_an_empty_map() => Assert.Empty(PropertyStruct.ToMap(null));

    [Theory]
    [InlineData("04da6b54-80e4-46f7-96ec-b56ff0331ba9")]
    [InlineData("1c4a061d-8072-4f0a-a4cb-0ff528b18fe7")]
    [InlineData("3eeb2bf0-c639-47a8-9e75-3b44932eb421")]
    [InlineData("6a19a0b0-7e62-4c92-b797-7f8e31da9cc2")]
    [InlineData("dd056dcd-154b-4c76-9bd3-c8f88648b5ff")]
    [InlineData("030794c1-ac77-496b-92df-f27374a8bd58")]
    [InlineData("e48ece36-62e2-4504-bad9-02848725956a")]
    public void Every_unknown_sentinel_decodes_to_computed(string sentinel) =>
        Assert.Same(PropertyValue.Computed, PropertyStruct.ToValue(Value.ForString(sentinel), "p"));

    [Fact]
    public void An_output_value_without_a_value_is_unknown()
    {
        var decoded = PropertyStruct.ToValue(Signed(PropertyStruct.OutputValueSignature, ("dependencies", Value.ForList(Value.ForString("urn:a")))), "p");
        Assert.Equal(PropertyKind.Output, decoded.Kind);
        Assert.Null(decoded.OutputValue.Value);
        Assert.True(decoded.ContainsUnknowns);
        Assert.Equal(["urn:a"], decoded.OutputValue.Dependencies.ToArray());
    }

    [Fact]
    public void A_secret_wrapping_an_unknown_is_unknown_and_secret()
    {
        var decoded = PropertyStruct.ToValue(Signed(PropertyStruct.SecretSignature, ("value", Value.ForString(PropertyStruct.UnknownString))), "p");
        Assert.True(decoded.IsSecret);
        Assert.True(decoded.ContainsUnknowns);
        Assert.Same(PropertyValue.Computed, decoded.SecretValue);
    }

    [Fact]
    public void Computed_is_sent_as_the_string_sentinel() =>
        Assert.Equal(PropertyStruct.UnknownString, PropertyStruct.ToProto(PropertyValue.Computed).StringValue);

    [Fact]
    public void A_secret_output_value_is_secret()
    {
        var decoded = PropertyStruct.ToValue(Signed(PropertyStruct.OutputValueSignature, ("value", Value.ForString("pw")), ("secret", Value.ForBool(true))), "p");
        Assert.True(decoded.IsSecret);
        Assert.Equal("pw", decoded.Unwrapped().StringValue);
    }

    public static TheoryData<string, Value, string> Malformed() => new()
    {
        { "unknown signature", Signed("ffffffffffffffffffffffffffffffff"), "unknown special-value signature 'ffffffffffffffffffffffffffffffff'" },
        { "signature not a string", Value.ForStruct(new Struct { Fields = { [PropertyStruct.SignatureKey] = Value.ForNumber(1) } }), "signature is not a string" },
        { "secret without value", Signed(PropertyStruct.SecretSignature), "a secret without a 'value'" },
        { "output secret not bool", Signed(PropertyStruct.OutputValueSignature, ("secret", Value.ForString("yes"))), "'secret' is not a boolean" },
        { "output dependencies not strings", Signed(PropertyStruct.OutputValueSignature, ("dependencies", Value.ForList(Value.ForNumber(1)))), "'dependencies' is not a list of URN strings" },
        { "reference without urn", Signed(PropertyStruct.ResourceReferenceSignature, ("id", Value.ForString("x"))), "without a string 'urn'" },
        { "value without kind", new Value(), "no kind set" },
    };

    [Theory]
    [MemberData(nameof(Malformed))]
    public void Malformed_values_are_rejected_with_their_path(string what, Value bad, string expected)
    {
        var wire = new Struct { Fields = { ["outer"] = Value.ForStruct(new Struct { Fields = { ["list"] = Value.ForList(Value.ForNumber(0), bad) } }) } };
        var error = Assert.Throws<MalformedPropertyException>(() => PropertyStruct.ToMap(wire));
        Assert.Equal("outer.list[1]", error.PropertyPath);
        Assert.Contains("'outer.list[1]'", error.Message);
        Assert.True(error.Message.Contains(expected), $"{what}: {error.Message}");
    }
}
