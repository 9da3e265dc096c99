using System.Text;
using ClusterScale.Simulators.ModelArts.Auth;

namespace ClusterScale.Simulators.Tests.ModelArts;

/// <summary>The verifier's canonicalisation, and the test signer, against Huawei's published vectors (spec section 6).</summary>
public class SignatureVectorTests
{
    private const string GetSignature = "cfb4171acec81de07d50e53d57eb77edd537414d66ddb1d7d780f128e12cd842";
    private const string PostSignature = "436b1ac0a1ae03705934bb70ef2f2e09f7bfed2117d731a38235053199323a1f";
    private const string Host = "service.endpoint.myhuaweicloud.com";
    private const string SdkDate = "20200608T023900Z";

    [Theory]
    [InlineData("GET", "", GetSignature)]
    [InlineData("POST", "{\"name\":\"test\",\"id\":1}", PostSignature)]
    public void Verifier_canonicalisation_reproduces_the_published_vectors(string method, string body, string expected)
    {
        var canonical = SdkHmacCanonicalizer.CanonicalRequest(
            method,
            SdkHmacCanonicalizer.CanonicalUri("/resources"),
            SdkHmacCanonicalizer.CanonicalQuery([new("size", "1")]),
            [("host", Host), ("x-sdk-date", SdkDate)],
            SdkHmacCanonicalizer.HexSha256(Encoding.UTF8.GetBytes(body)));

        var signature = SdkHmacCanonicalizer.Signature("SecretKey", SdkHmacCanonicalizer.StringToSign(SdkDate, canonical));

        Assert.Equal(expected, signature);
    }

    [Theory]
    [InlineData("GET", "", GetSignature)]
    [InlineData("POST", "{\"name\":\"test\",\"id\":1}", PostSignature)]
    public void Test_signer_reproduces_the_published_vectors(string method, string body, string expected)
    {
        var signature = TestSigner.Signature(method, new Uri($"https://{Host}/resources?size=1"),
            [("host", Host), ("x-sdk-date", SdkDate)], Encoding.UTF8.GetBytes(body), SdkDate, "SecretKey");

        Assert.Equal(expected, signature);
    }

    [Fact]
    public void Canonical_request_has_the_documented_layout()
    {
        var canonical = SdkHmacCanonicalizer.CanonicalRequest("GET", "/resources/", "size=1",
            [("host", Host), ("x-sdk-date", SdkDate)], "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");

        Assert.Equal(
            $"GET\n/resources/\nsize=1\nhost:{Host}\nx-sdk-date:{SdkDate}\n\nhost;x-sdk-date\ne3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
            canonical);
    }

    [Theory]
    [InlineData("/v1/p/dev-servers", "/v1/p/dev-servers/")]
    [InlineData("/v1/p/dev-servers/", "/v1/p/dev-servers/")]
    [InlineData("/", "/")]
    [InlineData("/a b/c~d_e.f-g", "/a%20b/c~d_e.f-g/")]
    [InlineData("/x:y/ü", "/x%3Ay/%C3%BC/")]
    public void Canonical_uri_encodes_each_segment_and_adds_a_trailing_slash(string path, string expected) =>
        Assert.Equal(expected, SdkHmacCanonicalizer.CanonicalUri(path));

    [Fact]
    public void Canonical_query_sorts_keys_then_values_of_repeated_keys_and_encodes_both()
    {
        var query = SdkHmacCanonicalizer.CanonicalQuery([new("sort_dir", "ASC"), new("b", "2"), new("b", "1"), new("a key", "x/y"), new("empty", "")]);

        Assert.Equal("a%20key=x%2Fy&b=1&b=2&empty=&sort_dir=ASC", query);
    }

    [Theory]
    [InlineData("SDK-HMAC-SHA256 Access=AK, SignedHeaders=host;x-sdk-date, Signature=abc", "AK", "host|x-sdk-date", "abc")]
    [InlineData("SDK-HMAC-SHA256 Access=AK,SignedHeaders=host,Signature=abc", "AK", "host", "abc")]
    public void Authorization_header_parses(string header, string accessKey, string signedHeaders, string signature)
    {
        var parsed = SdkAuthorization.TryParse(header);

        Assert.NotNull(parsed);
        Assert.Equal(accessKey, parsed.AccessKey);
        Assert.Equal(signedHeaders.Split('|'), parsed.SignedHeaders);
        Assert.Equal(signature, parsed.Signature);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("Bearer token")]
    [InlineData("SDK-HMAC-SHA1 Access=AK, SignedHeaders=host, Signature=abc")]
    [InlineData("SDK-HMAC-SHA256 Access=AK, SignedHeaders=host")]
    [InlineData("SDK-HMAC-SHA256 Access=, SignedHeaders=host, Signature=abc")]
    [InlineData("SDK-HMAC-SHA256 Access=AK, Access=AK2, SignedHeaders=host, Signature=abc")]
    [InlineData("SDK-HMAC-SHA256 garbage")]
    public void Unparsable_authorization_headers_are_rejected(string? header) => Assert.Null(SdkAuthorization.TryParse(header));
}
