using Microsoft.Extensions.Time.Testing;
using Newtonsoft.Json.Linq;
using static ClusterScale.Simulators.Tests.Obshell.SimulatorScope;

namespace ClusterScale.Simulators.Tests.Obshell;

/// <summary>
/// Wire details checked against the agent's source (obshell@61ee147), where an earlier simulator answered
/// otherwise: the middleware chain of ob/agent/api/agent_route.go and the DAG DTOs of engine/task/task_dto.go.
/// </summary>
public sealed class AgentSourceWireTests
{
    [Fact]
    public async Task Time_answers_the_agent_clock_without_auth()
    {
        // info_handler.go:49-51: TimeHandler sends time.Now() as data; the route has no Verify.
        var time = new FakeTimeProvider(new DateTimeOffset(2025, 3, 1, 8, 0, 0, 250, TimeSpan.Zero));
        await using var scope = await StartAsync(Fast with { Time = time });

        var response = await scope.Client.RawAsync(HttpMethod.Get, "/api/v1/time");

        Assert.Equal(200, response.Status);
        Assert.Equal("2025-03-01T08:00:00.25Z", (string)response.Data!);
    }

    [Fact]
    public async Task Api_answers_are_exactly_application_json_but_a_decrypt_refusal_has_gins_charset()
    {
        // middleware.go:387-395 sets "application/json" after HeaderDecrypt/BodyDecrypt (agent_route.go:44-61);
        // gin's c.JSON keeps it, and adds "; charset=utf-8" only where nothing set one.
        await using var scope = await StartAsync();

        var ok = await scope.Client.GetAsync("/api/v1/ob/info");
        var refused = await scope.Client.GetAsync("/api/v1/ob/info", new AuthTweak { Password = "wrong" });
        var notFound = await scope.Client.RawAsync(HttpMethod.Get, "/api/v1/nothing-here");
        var undecryptable = await scope.Client.GetAsync("/api/v1/ob/info", new AuthTweak { RawHeader = "bm90IGEgaGVhZGVy" });

        Assert.Equal((200, "application/json"), (ok.Status, ok.ContentType));
        Assert.Equal((401, "application/json"), (refused.Status, refused.ContentType));
        Assert.Equal((404, "application/json"), (notFound.Status, notFound.ContentType));
        Assert.Equal((401, "application/json; charset=utf-8"), (undecryptable.Status, undecryptable.ContentType));
    }

    [Theory]
    [InlineData("/api/v1/ob/scale_out", "ClusterScaleOutParam.ScaleOutParam.AgentInfo.Ip")]
    [InlineData("/api/v1/ob/scale_in", "ClusterScaleInParam.AgentInfo.Ip")]
    public async Task A_POST_without_a_body_is_bound_as_an_empty_object_not_EOF(string path, string firstMissing)
    {
        // middleware.go:299-309 PaddingBody: a request with ContentLength 0 gets "{}" as its body.
        await using var scope = await StartAsync();

        var response = await scope.Client.SendAsync(HttpMethod.Post, path, body: null);

        Assert.Equal((400, "Common.BindJsonFailed"), (response.Status, response.ErrCode));
        Assert.Contains($"Key: '{firstMissing}' Error:Field validation for 'Ip' failed on the 'required' tag", response.Message);
        Assert.Empty(scope.Sim.Dags);
    }

    [Fact]
    public async Task Only_a_detailed_DAG_of_several_nodes_shows_additional_data_as_an_empty_object()
    {
        // task_dto.go:135-174: SetVisible(true) (show_details only, executor/task/dag.go:231-263) merges the
        // nodes' data into a new map once there are two nodes or more; nodes and sub-tasks stay hidden (null).
        await using var scope = await StartAsync();
        var id = await scope.ScaleOutAsync();
        var full = await scope.WaitForDagAsync(id);
        var brief = (await scope.Client.GetAsync($"/api/v1/task/dag/{id}?show_details=false")).Data!;

        Assert.Equal(JTokenType.Object, full["additional_data"]!.Type);
        Assert.Empty((JObject)full["additional_data"]!);
        Assert.Equal(JTokenType.Null, full["nodes"]![0]!["additional_data"]!.Type);
        Assert.Equal(JTokenType.Null, full["nodes"]![0]!["sub_tasks"]![0]!["additional_data"]!.Type);
        Assert.Equal(JTokenType.Null, brief["additional_data"]!.Type);
    }

    [Fact]
    public async Task A_sub_task_that_has_not_run_shows_null_logs()
    {
        // executor/task/sub_task.go:115-120: logs are read only for a RUNNING or finished sub-task.
        await using var scope = await StartAsync();
        scope.Sim.Faults.FailDagAtNode(2);
        var dag = await scope.WaitForDagAsync(await scope.ScaleOutAsync());

        var failed = dag["nodes"]![1]!["sub_tasks"]![0]!;
        var pending = dag["nodes"]![5]!["sub_tasks"]![0]!;

        Assert.Equal("FAILED", (string)failed["state"]!);
        Assert.NotEmpty(failed["task_logs"]!);
        Assert.Equal("PENDING", (string)pending["state"]!);
        Assert.Equal(JTokenType.Null, pending["task_logs"]!.Type);
    }
}
