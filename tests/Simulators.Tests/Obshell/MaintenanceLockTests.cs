using Microsoft.Extensions.Time.Testing;
using static ClusterScale.Simulators.Tests.Obshell.SimulatorScope;

namespace ClusterScale.Simulators.Tests.Obshell;

/// <summary>Spec section 6: who holds the cluster lock after a DAG fails, is passed, cancelled, retried or rolled back.</summary>
public sealed class MaintenanceLockTests
{
    private const string ScaleOut = "/api/v1/ob/scale_out";
    private const string ScaleIn = "/api/v1/ob/scale_in";

    [Fact]
    public async Task A_scale_in_failed_at_Delete_observer_frees_the_lock_but_stays_unfinished()
    {
        await using var scope = await StartAsync();
        scope.Sim.Faults.FailDagAtNode(1);
        var failed = await scope.ScaleInAsync(Third);
        await scope.WaitForDagAsync(failed);

        var unfinished = (await scope.Client.GetAsync("/api/v1/task/dag/ob/unfinish")).Data!["contents"]!;
        var next = await scope.Client.PostAsync(ScaleOut, ScaleOutBody(Spare, "zone1"));

        Assert.Equal(failed, (string)Assert.Single(unfinished)["id"]!);
        Assert.Equal(200, next.Status);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(9)]
    public async Task A_failed_scale_out_keeps_the_lock_wherever_it_failed(int node)
    {
        await using var scope = await StartAsync();
        scope.Sim.Faults.FailDagAtNode(node);
        await scope.WaitForDagAsync(await scope.ScaleOutAsync(Spare));

        var next = await scope.Client.PostAsync(ScaleIn, ScaleInBody(Third));
        Assert.Equal((500, "OB.Cluster.UnderMaintenanceWithDag"), (next.Status, next.ErrCode));
        Assert.Equal("Create task 'Cluster scale in' failed: OceanBase cluster is under maintenance by DAG: Cluster scale out, please try again later", next.Message);
    }

    [Fact]
    public async Task PASS_marks_the_rest_SUCCEED_PASS_without_running_it_and_frees_the_lock()
    {
        await using var scope = await StartAsync();
        scope.Sim.Faults.FailDagAtNode(3);
        var id = await scope.ScaleInAsync(Third);
        await scope.WaitForDagAsync(id);

        Assert.Equal(200, (await scope.Client.PostAsync($"/api/v1/task/dag/{id}", new { @operator = "PASS" })).Status);
        var dag = (await scope.Client.GetAsync($"/api/v1/task/dag/{id}")).Data!;

        Assert.Equal(("SUCCEED", "PASS"), StateOf(dag));
        Assert.Equal(["RUN", "RUN", "PASS", "PASS", "PASS"], dag["nodes"]!.Select(n => (string)n["operator"]!));
        Assert.Equal([1, 1, 1, 0, 0], dag["nodes"]!.Select(n => (int)n["sub_tasks"]![0]!["execute_times"]!));
        Assert.Equal("SCALING IN", Assert.Single(scope.Sim.Members, m => m.Agent == Third).Identity); // "Delete agent" never ran
        Assert.Equal(200, (await scope.Client.PostAsync(ScaleOut, ScaleOutBody(Spare, "zone1"))).Status);
    }

    [Theory]
    [InlineData("RETRY")]
    [InlineData("ROLLBACK")]
    public async Task RETRY_or_ROLLBACK_of_Delete_observer_takes_the_lock_again_first(string op)
    {
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var scope = await StartAsync(Fast with { Time = time });
        scope.Sim.Faults.FailDagAtNode(1);
        var id = await scope.ScaleInAsync(Third);
        await WaitUntilAsync(() =>
        {
            time.Advance(scope.Options.StageDuration);
            return scope.Sim.Dags[0].State == "FAILED";
        });
        await scope.Sim.StartForeignDagAsync(TimeSpan.FromHours(1));

        var refused = await scope.Client.PostAsync($"/api/v1/task/dag/{id}", new { @operator = op });
        Assert.Equal((500, "OB.Cluster.UnderMaintenanceWithDag"), (refused.Status, refused.ErrCode));
        Assert.Contains("by DAG: Restart cluster", refused.Message);
        Assert.Equal(("FAILED", "RUN"), (scope.Sim.Dags[0].State, scope.Sim.Dags[0].Operator));

        await WaitUntilAsync(() =>
        {
            time.Advance(TimeSpan.FromMinutes(30));
            return scope.Sim.Dags[1].State == "SUCCEED";
        });
        Assert.Equal(200, (await scope.Client.PostAsync($"/api/v1/task/dag/{id}", new { @operator = op })).Status);
        var blocked = await scope.Client.PostAsync(ScaleOut, ScaleOutBody(Spare, "zone1"));

        // The lock is held again, by the older DAG; the refusal still names the newest maintenance DAG.
        Assert.Equal("OB.Cluster.UnderMaintenanceWithDag", blocked.ErrCode);
        Assert.Contains("by DAG: Restart cluster", blocked.Message);
    }

    [Fact]
    public async Task CANCEL_at_Delete_observer_frees_the_lock_and_a_later_CANCEL_keeps_it()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var scope = await StartAsync(Fast with { Time = time, StageDuration = TimeSpan.FromMinutes(1), ZonesWithUnits = 1 }); // Second can leave too
        var first = await scope.ScaleInAsync(Third);
        await WaitUntilAsync(() => scope.Sim.Dags[0].State == "RUNNING");

        Assert.Equal(200, (await scope.Client.PostAsync($"/api/v1/task/dag/{first}", new { @operator = "CANCEL" })).Status);
        await StepUntilAsync(time, () => scope.Sim.Dags[0].State == "FAILED");
        Assert.Equal(("FAILED", "CANCEL", 1), (scope.Sim.Dags[0].State, scope.Sim.Dags[0].Operator, scope.Sim.Dags[0].Stage));

        var second = await scope.ScaleInAsync(Second); // the lock was free
        await StepUntilAsync(time, () => scope.Sim.Dags[1].Stage >= 2);
        Assert.Equal(200, (await scope.Client.PostAsync($"/api/v1/task/dag/{second}", new { @operator = "CANCEL" })).Status);
        await StepUntilAsync(time, () => scope.Sim.Dags[1].State == "FAILED");

        Assert.Equal("CANCEL", scope.Sim.Dags[1].Operator);
        Assert.True(scope.Sim.Dags[1].Stage >= 2);
        Assert.Equal("OB.Cluster.UnderMaintenanceWithDag", (await scope.Client.PostAsync(ScaleOut, ScaleOutBody(Spare, "zone1"))).ErrCode);
    }

    [Fact]
    public async Task After_an_operator_the_DAG_times_are_1970_until_it_runs_and_ends_again()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2025, 3, 1, 8, 0, 0, TimeSpan.Zero));
        await using var scope = await StartAsync(Fast with { Time = time, StageDuration = TimeSpan.FromMinutes(1) });
        scope.Sim.Faults.FailDagAtNode(1);
        var id = await scope.ScaleOutAsync();
        await StepUntilAsync(time, () => scope.Sim.Dags[0].State == "FAILED");

        await scope.Client.PostAsync($"/api/v1/task/dag/{id}", new { @operator = "RETRY" });
        await WaitUntilAsync(() => scope.Sim.Dags[0].State == "RUNNING");
        var running = (await scope.Client.GetAsync($"/api/v1/task/dag/{id}")).Data!;

        Assert.Equal("1970-01-01T00:00:00Z", (string)running["end_time"]!);
        Assert.NotEqual("1970-01-01T00:00:00Z", (string)running["start_time"]!);
        Assert.Equal("RETRY", (string)running["nodes"]![0]!["operator"]!);
        Assert.Equal("2025-03-01T08:00:00Z", (string)running["nodes"]![1]!["start_time"]!); // untouched nodes keep the insert time
    }

    [Fact]
    public async Task Operator_names_are_case_insensitive()
    {
        await using var scope = await StartAsync();
        scope.Sim.Faults.FailDagAtNode(2);
        var id = await scope.ScaleOutAsync();
        await scope.WaitForDagAsync(id);

        Assert.Equal(200, (await scope.Client.PostAsync($"/api/v1/task/dag/{id}", new { @operator = "rollback" })).Status);
        Assert.Equal(("SUCCEED", "ROLLBACK"), StateOf(await scope.WaitForDagAsync(id)));
    }

    private static Task StepUntilAsync(FakeTimeProvider time, Func<bool> condition) => WaitUntilAsync(() =>
    {
        if (condition())
        {
            return true;
        }

        time.Advance(TimeSpan.FromMinutes(1));
        return false;
    });
}
