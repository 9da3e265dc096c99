using System.Net;
using ClusterScale.Provider.Obshell.Api;
using ClusterScale.Provider.Outcomes;

namespace ClusterScale.Provider.Tests.Obshell;

/// <summary>The obshell refusal catalogue (spec §2): known refusals are refusals whatever their HTTP status.</summary>
public sealed class ObshellRefusalsTests
{
    [Theory]
    [InlineData(500, null, "OB.Cluster.UnderMaintenanceWithDag", "Create task 'Restart cluster' failed", SendOutcome.Refused)]
    [InlineData(500, null, "OB.Cluster.UnderMaintenance", "cluster is under maintenance", SendOutcome.Refused)]
    [InlineData(500, null, "Agent.UnderMaintenance", "agent is under maintenance", SendOutcome.Refused)]
    [InlineData(500, null, "Task.CreateFailed", "insert dag failed", SendOutcome.Refused)]
    [InlineData(500, null, "Agent.AlreadyExists", "server exists", SendOutcome.Refused)]
    [InlineData(500, null, "Agent.RPC.RequestFailed", "target unreachable", SendOutcome.Refused)]
    [InlineData(500, null, "Agent.Binary.NotFound", "no binary", SendOutcome.Refused)]
    [InlineData(500, null, "Agent.OceanBase.NotHold", "no ob link", SendOutcome.Refused)]
    [InlineData(400, null, "Task.Dag.Operator.RetryNotFailedDag", "not failed", SendOutcome.Refused)]
    [InlineData(401, 10008, "Security.Authentication.Expired", "expired", SendOutcome.Refused)]
    [InlineData(500, null, "Common.Unexpected", "panic", SendOutcome.Ambiguous)]
    [InlineData(504, null, null, "<html>gateway timeout</html>", SendOutcome.Ambiguous)]
    // Before 4.3.1: the lock is 500/1002 with this text (obshell@32187ba agent/service/task/status_maintainer.go:58).
    [InlineData(500, 1002, null, "failed to start maintenance: cluster is under maintenance", SendOutcome.Refused)]
    [InlineData(500, 1002, null, "runtime error: invalid memory address", SendOutcome.Ambiguous)]
    [InlineData(500, 1010, null, "agent identity is not CLUSTER AGENT", SendOutcome.Refused)]
    [InlineData(500, 2301, null, "create task failed", SendOutcome.Refused)]
    [InlineData(400, 1000, null, "server already exists", SendOutcome.Refused)]
    // 4.3.0.0 scale_out, target /api/v1/info unreadable (obshell@32187ba agent/executor/ob/scale_out.go:70-71).
    [InlineData(500, 1002, null, "Unexpected error: get 10.0.0.9:2886 status failed", SendOutcome.Refused)]
    [InlineData(500, 1002, null, "Unexpected error: get ob version failed: exit status 1", SendOutcome.Ambiguous)]
    public void Answers_are_judged_by_the_spec_table(int status, int? code, string? errCode, string message, SendOutcome expected)
    {
        var answer = new ObshellApiException((HttpStatusCode)status, code, errCode, message, "10.0.0.1:2886");

        Assert.Equal(expected, ObshellRefusals.Classifier.Of(answer));
    }

    [Theory]
    [InlineData(null, "OB.Cluster.UnderMaintenanceWithDag", "x", true)]
    [InlineData(null, "Agent.UnderMaintenance", "x", true)]
    [InlineData(1002, null, "failed to start maintenance: agent is under maintaince", true)]
    [InlineData(1002, null, "something else broke", false)]
    [InlineData(null, "Task.CreateFailed", "failed to start maintenance: a string in a new-style answer", false)]
    [InlineData(null, "Agent.AlreadyExists", "x", false)]
    public void Lock_conflicts_are_recognised_in_both_eras(int? code, string? errCode, string message, bool isLock)
    {
        var answer = new ObshellApiException(HttpStatusCode.InternalServerError, code, errCode, message, "10.0.0.1:2886");

        Assert.Equal(isLock, ObshellRefusals.IsLockConflict(answer));
    }

    [Theory]
    // 4.3.1+: gin's NoRoute (obshell@61ee147 ob/agent/api/agent_route.go:212-214).
    [InlineData(404, null, "Common.NotFound", "Element not found: 404 not found", true)]
    // Before 4.3.1: 400, ErrBadRequest (obshell@32187ba agent/api/agent_route.go:179-181; en.json "Bad request: %v").
    [InlineData(400, 1000, null, "Bad request: 404 not found", true)]
    [InlineData(400, 1000, null, "Bad request: zone name is empty", false)]
    [InlineData(400, null, "Common.IllegalArgument", "404 not found", false)]
    [InlineData(404, null, "Task.NotFound", "Task not found: dag 11", false)]
    [InlineData(404, 2300, null, "Task not found", false)]
    public void Unknown_routes_are_recognised_in_both_eras(int status, int? code, string? errCode, string message, bool noRoute)
    {
        var answer = new ObshellApiException((HttpStatusCode)status, code, errCode, message, "10.0.0.1:2886");

        Assert.Equal(noRoute, ObshellErrors.IsUnknownRoute(answer));
    }
}
