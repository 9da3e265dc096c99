using System.Globalization;
using System.Text.RegularExpressions;
using static ClusterScale.Simulators.Tests.Obshell.SimulatorScope;

namespace ClusterScale.Simulators.Tests.Obshell;

public sealed partial class EnvelopeTests
{
    [Fact]
    public async Task A_success_envelope_has_every_field_and_echoes_the_trace_id()
    {
        await using var scope = await StartAsync();
        var response = await scope.Client.RawAsync(HttpMethod.Get, "/api/v1/info", r => r.Headers.Add("X-OBSHELL-Trace-ID", "0123456789abcdef"));
        var json = response.Json;

        Assert.True((bool)json["successful"]!);
        Assert.Equal(200, (int)json["status"]!);
        Assert.Equal("0123456789abcdef", (string)json["traceId"]!);
        Assert.True((long)json["duration"]! >= 0);
        Assert.Matches(Rfc3339Nano(), (string)json["timestamp"]!);
        Assert.True(DateTimeOffset.Parse((string)json["timestamp"]!, CultureInfo.InvariantCulture) > DateTimeOffset.UtcNow.AddMinutes(-1));
        Assert.Null(json["error"]);
    }

    [Fact]
    public async Task Without_a_trace_header_the_trace_id_is_16_random_hex_digits()
    {
        await using var scope = await StartAsync();
        var first = (string)(await scope.Client.RawAsync(HttpMethod.Get, "/api/v1/info")).Json["traceId"]!;
        var second = (string)(await scope.Client.RawAsync(HttpMethod.Get, "/api/v1/info")).Json["traceId"]!;
        Assert.Matches("^[0-9a-f]{16}$", first);
        Assert.NotEqual(first, second);
    }

    [Fact]
    public async Task An_error_envelope_has_no_data_and_an_error_object()
    {
        await using var scope = await StartAsync();
        var response = await scope.Client.RawAsync(HttpMethod.Get, "/api/v1/ob/nothing-here");
        var json = response.Json;

        Assert.Equal(404, response.Status);
        Assert.False((bool)json["successful"]!);
        Assert.Equal(404, (int)json["status"]!);
        Assert.Null(json["data"]);
        Assert.Equal("Common.NotFound", (string)json["error"]!["errCode"]!);
        Assert.False(string.IsNullOrEmpty((string)json["error"]!["message"]!));
    }

    [Fact]
    public async Task A_known_path_with_another_method_is_404()
    {
        await using var scope = await StartAsync();
        var response = await scope.Client.RawAsync(HttpMethod.Put, "/api/v1/ob/scale_out");
        Assert.Equal((404, "Common.NotFound"), (response.Status, response.ErrCode));
    }

    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?(Z|[+-]\d{2}:\d{2})$")]
    private static partial Regex Rfc3339Nano();
}
