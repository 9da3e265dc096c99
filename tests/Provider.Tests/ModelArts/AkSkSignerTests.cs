using System.Text;
using ClusterScale.Provider.ModelArts.Auth;

namespace ClusterScale.Provider.Tests.ModelArts;

/// <summary>The vectors published with Huawei Cloud's API gateway signing SDK.</summary>
public sealed class AkSkSignerTests
{
    private static readonly Uri Url = new("https://service.endpoint.myhuaweicloud.com/resources?size=1");

    private static AkSkSignature SignVector(string method, string body) => AkSkSigner.Sign(method, Url,
        [KeyValuePair.Create("Host", "service.endpoint.myhuaweicloud.com"), KeyValuePair.Create("X-Sdk-Date", "20200608T023900Z")],
        Encoding.UTF8.GetBytes(body), "AccessKey", "SecretKey", "20200608T023900Z");

    [Fact]
    public void Get_vector_matches()
    {
        var signature = SignVector("GET", "");
        Assert.Equal("cfb4171acec81de07d50e53d57eb77edd537414d66ddb1d7d780f128e12cd842", signature.Signature);
        Assert.Equal("SDK-HMAC-SHA256 Access=AccessKey, SignedHeaders=host;x-sdk-date, Signature=cfb4171acec81de07d50e53d57eb77edd537414d66ddb1d7d780f128e12cd842",
            signature.Authorization);
    }

    [Fact]
    public void Post_vector_matches() =>
        Assert.Equal("436b1ac0a1ae03705934bb70ef2f2e09f7bfed2117d731a38235053199323a1f", SignVector("POST", """{"name":"test","id":1}""").Signature);

    [Fact]
    public void Headers_with_underscores_are_not_signed_and_names_are_sorted_lower_case()
    {
        var signature = AkSkSigner.Sign("GET", Url,
            [KeyValuePair.Create("X-Sdk-Date", "20200608T023900Z"), KeyValuePair.Create("Host", "h"), KeyValuePair.Create("X_Custom", "v"), KeyValuePair.Create("Content-Type", "application/json")],
            [], "AccessKey", "SecretKey", "20200608T023900Z");
        Assert.Equal("content-type;host;x-sdk-date", signature.SignedHeaders);
    }

    [Theory]
    [InlineData("https://h/v1/p/dev-servers/hyperinstance", "/v1/p/dev-servers/hyperinstance/")]
    [InlineData("https://h/a/", "/a/")]
    [InlineData("https://h/a%20b/c:d", "/a%20b/c%3Ad/")]
    public void Canonical_uri_encodes_segments_and_adds_trailing_slash(string url, string expected) =>
        Assert.Equal(expected, AkSkSigner.CanonicalUri(new Uri(url)));

    [Fact]
    public void Canonical_query_is_sorted_by_key_then_value_and_encoded() =>
        Assert.Equal("a=1&a=2&b=x%20y&c=", AkSkSigner.CanonicalQuery(new Uri("https://h/p?b=x%20y&a=2&c&a=1")));

    [Fact]
    public void Changing_the_date_changes_the_signature() =>
        Assert.NotEqual(SignVector("GET", "").Signature, AkSkSigner.Sign("GET", Url,
            [KeyValuePair.Create("Host", "service.endpoint.myhuaweicloud.com"), KeyValuePair.Create("X-Sdk-Date", "20200608T023901Z")],
            [], "AccessKey", "SecretKey", "20200608T023901Z").Signature);

    [Fact]
    public void Query_keys_are_sorted_raw_then_encoded()
    {
        // Spec §9 (core signer.py:184-205): "a." sorts before "a/" raw; encoded, "a%2F" would sort before "a.".
        Assert.Equal("a.=1&a%2F=2", AkSkSigner.CanonicalQuery(new Uri("https://h/p?a%2F=2&a.=1")));
    }
}
