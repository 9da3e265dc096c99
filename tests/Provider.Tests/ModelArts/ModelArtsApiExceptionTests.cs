using System.Net;
using System.Text;
using ClusterScale.Provider.ModelArts.Api;

namespace ClusterScale.Provider.Tests.ModelArts;

public sealed class ModelArtsApiExceptionTests
{
    [Theory]
    [InlineData("""{"error_code":"ModelArts.0104","error_msg":"bad flavor"}""")]
    [InlineData("""{"errorCode":"ModelArts.0104","errorMsg":"bad flavor"}""")]
    [InlineData("""{"code":"ModelArts.0104","message":"bad flavor"}""")]
    [InlineData("""{"error":{"code":"ModelArts.0104","message":"bad flavor"}}""")]
    public async Task Every_error_shape_is_parsed(string body)
    {
        using var response = new HttpResponseMessage(HttpStatusCode.BadRequest) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        response.Headers.Add("X-Request-Id", "req-1");
        var error = Assert.IsType<ModelArtsApiException>(await ModelArtsApiException.FromResponseAsync(response));
        Assert.Equal("ModelArts.0104", error.Code);
        Assert.Equal("bad flavor", error.ApiMessage);
        Assert.Equal("req-1", error.RequestId);
        Assert.True(error.IsParameterError);
        Assert.Contains("req-1", error.Message);
    }

    [Fact]
    public async Task ModelArts_6404_on_http_400_means_not_found()
    {
        using var response = new HttpResponseMessage(HttpStatusCode.BadRequest) { Content = new StringContent("""{"error_code":"ModelArts.6404","error_msg":"gone"}""") };
        Assert.True(Assert.IsType<ModelArtsApiException>(await ModelArtsApiException.FromResponseAsync(response)).IsNotFound);
    }

    [Fact]
    public async Task A_non_json_body_still_gives_a_useful_error_and_success_gives_none()
    {
        using var response = new HttpResponseMessage(HttpStatusCode.BadGateway) { Content = new StringContent("upstream down") };
        var error = Assert.IsType<ModelArtsApiException>(await ModelArtsApiException.FromResponseAsync(response));
        Assert.Contains("upstream down", error.Message);
        Assert.False(error.IsNotFound);
        using var ok = new HttpResponseMessage(HttpStatusCode.OK);
        Assert.Null(await ModelArtsApiException.FromResponseAsync(ok));
    }
}
