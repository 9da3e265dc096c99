using ClusterScale.Provider.Obshell.Api;
using ClusterScale.Provider.Obshell.Cluster;

namespace ClusterScale.Provider.Tests.Obshell.Cluster;

/// <summary>The one ownership decision for an ObserverNode's DAGs, as a table: evidence in, verdict out.</summary>
public sealed class NodeDagsTests
{
    private static readonly AgentAddress Node = new("10.0.0.4", 2886);
    private static readonly DateTimeOffset SentAt = new(2026, 12, 5, 9, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset Reset = DateTimeOffset.UnixEpoch;

    /// <summary>Generic ids of the local DAG node 2 "Create local scale out dag" logs (obshell@61ee147
    /// ob/agent/executor/ob/scale_out.go:780): "2", the target's IPv4 as a uint32 in 10 digits, its port in 5, the
    /// local id (task_dto.go:306-318). 10.0.0.4 = 167772164.</summary>
    private static readonly Dictionary<string, string> LocalDagOf = new()
    {
        ["this"] = "20167772164028867",      // 10.0.0.4:2886, the node
        ["other"] = "20167772165028867",     // 10.0.0.5:2886
        ["otherPort"] = "20167772164028877", // 10.0.0.4:2887
    };

    public static TheoryData<string, string?, bool, string[], string?, string[]> ScaleOutRows => new()
    {
        // name, recorded id, journalled send, unfinished scale-outs ("id@seconds after the send" / "id@reset", then
        // ">target" when its logs name one), ours, cannot tell
        { "the recorded id is ours whatever its start time", "11", false, ["11@-600", "12@1"], "11", [] },
        { "no recorded id and no send: nothing is ours", null, false, ["12@1"], null, [] },
        { "no send: one whose logs name the node is ours (a run that died elsewhere)", null, false, ["12@1>this"], "12", [] },
        { "no send: one whose logs name another agent is not ours", null, false, ["12@1>other"], null, [] },
        { "one within the send window whose logs name no target: cannot tell", null, true, ["12@1"], null, ["12"] },
        { "one within the send window whose logs name the node is ours", null, true, ["12@1>this"], "12", [] },
        { "one whose logs name the node is ours whatever its start time", null, true, ["12@-600>this"], "12", [] },
        { "one whose logs name the node is ours after an operator reset its start", null, true, ["12@reset>this"], "12", [] },
        { "one within the window whose logs name another agent is never ours", null, true, ["12@1>other"], null, [] },
        { "another port on the node's ip is another agent", null, true, ["12@1>otherPort"], null, [] },
        { "one started before the send (beyond the clock tolerance) is not ours", null, true, ["12@-5"], null, [] },
        { "one started after the window is not ours", null, true, ["12@200"], null, [] },
        { "two within the window: cannot tell", null, true, ["12@1", "13@30"], null, ["12", "13"] },
        { "one naming the node beside one naming none: the named one is ours", null, true, ["12@1", "13@30>this"], "13", [] },
        { "one whose start an operator reset: cannot tell", null, true, ["12@reset"], null, ["12"] },
        { "a recorded id no longer unfinished leaves the logs to decide", "11", true, ["12@1>this"], "12", [] },
        { "a send without its window (old entry): cannot tell", null, false, ["12@1"], null, ["12"] },
        { "within the clock tolerance before the send still may be ours: cannot tell", null, true, ["12@-1"], null, ["12"] },
    };

    [Theory]
    [MemberData(nameof(ScaleOutRows))]
    public void A_scale_out_DAG_is_ours_only_on_evidence(string row, string? recorded, bool journalled, string[] unfinished, string? ours, string[] cannotTell)
    {
        var dags = new NodeDags(Node, 2882) { RecordedScaleOut = recorded };
        if (journalled) dags.Sent(ScaleOutSend.At(SentAt));
        else if (row.Contains("old entry", StringComparison.Ordinal)) dags.Sent(ScaleOutSend.Unknown);

        var claim = dags.ScaleOutAmong(unfinished.Select(ScaleOutDag).ToList());

        Assert.True(ours == claim.Ours?.Id, $"{row}: ours was {claim.Ours?.Id ?? "none"}");
        Assert.Equal(cannotTell, claim.CannotTell.Select(d => d.Id));
    }

    [Fact]
    public void Another_kind_of_DAG_is_never_our_scale_out()
    {
        var dags = new NodeDags(Node, 2882);
        dags.Sent(ScaleOutSend.At(SentAt));
        var restart = ScaleOutDag("12@1");
        restart.Name = "Restart cluster";

        var claim = dags.ScaleOutAmong([restart]);

        Assert.Null(claim.Ours);
        Assert.Empty(claim.CannotTell);
        Assert.False(dags.MayBeOurScaleOut(restart));
    }

    [Fact]
    public void A_send_window_is_over_only_after_its_in_flight_limit_and_tolerance_on_the_agents_clock()
    {
        var send = ScaleOutSend.At(SentAt);
        Assert.False(send.IsOver(SentAt + ScaleOutSend.InFlight));
        Assert.True(send.IsOver(SentAt + ScaleOutSend.InFlight + ScaleOutSend.ClockTolerance + TimeSpan.FromSeconds(1)));
        Assert.False(ScaleOutSend.Unknown.IsOver(DateTimeOffset.MaxValue));
    }

    [Theory]
    [InlineData("Cluster scale in", true, "", true)]
    [InlineData("Cluster scale in", false, "observer '10.0.0.4:2882' has been deleted successfully", true)]
    [InlineData("Cluster scale in", false, "agent 10.0.0.4:2886 ob state: 3", true)]
    [InlineData("Cluster scale in", false, "observer '10.0.0.5:2882' has been deleted successfully", false)]
    [InlineData("Cluster scale in", false, "", false)]
    [InlineData("Cluster scale out", true, "agent 10.0.0.4:2886 ob state: 3", false)]
    public void A_scale_in_DAG_is_ours_when_the_node_is_scaling_in_or_its_logs_name_the_node(string name, bool scalingIn, string log, bool ours)
    {
        var dag = new DagDetail
        {
            Id = "13", Name = name, State = DagStates.Failed,
            Nodes = [new DagNode { Name = "Wait delete observer success", SubTasks = [new DagSubTask { TaskLogs = log.Length == 0 ? null : [log] }] }],
        };

        Assert.Equal(ours, new NodeDags(Node, 2882).IsOurScaleIn(dag, scalingIn));
    }

    [Theory]
    [InlineData(DagStates.Failed, 2, true, true)]
    [InlineData(DagStates.Failed, 2, false, false)]
    [InlineData(DagStates.Failed, 1, true, false)] // failed at "Delete observer": it released the lock, it may be anyone's
    [InlineData(DagStates.Running, 2, true, false)] // running: waited for as anyone's; once FAILED it is told
    public void A_scale_in_DAG_failed_past_Delete_observer_is_ours_while_the_nodes_server_is_DELETING(string state, int stage, bool deleting, bool ours)
    {
        var dag = new DagDetail { Id = "13", Name = ScaleIn.DagName, State = state, Stage = stage };

        Assert.Equal(ours, new NodeDags(Node, 2882).IsOurScaleIn(dag, nodeScalingIn: false, serverDeleting: deleting));
    }

    [Fact]
    public void A_scale_in_DAG_whose_id_was_recorded_is_ours_whatever_else_says()
    {
        var dags = new NodeDags(Node, 2882);
        dags.RecordedScaleIns.Add("13");

        Assert.True(dags.IsOurScaleIn(new DagDetail { Id = "13", Name = ScaleIn.DagName, State = DagStates.Failed, Stage = 2 }, nodeScalingIn: false));
        Assert.False(dags.IsOurScaleIn(new DagDetail { Id = "14", Name = ScaleIn.DagName, State = DagStates.Failed, Stage = 2 }, nodeScalingIn: false));
    }

    private static DagDetail ScaleOutDag(string spec)
    {
        var (id, rest) = (spec.Split('@')[0], spec.Split('@')[1]);
        var (start, target) = rest.Contains('>') ? (rest.Split('>')[0], rest.Split('>')[1]) : (rest, null);
        return new DagDetail
        {
            Id = id, Name = ScaleOut.DagName, State = DagStates.Failed,
            StartTime = start == "reset" ? Reset : SentAt + TimeSpan.FromSeconds(int.Parse(start)),
            Nodes =
            [
                new DagNode { Name = "Integrate server config", SubTasks = [new DagSubTask { TaskLogs = ["integrate server config succeed"] }] },
                new DagNode
                {
                    Name = "Create local scale out dag",
                    SubTasks = [new DagSubTask { TaskLogs = target is null ? null : [$"create local scale out dag success, genericID:{LocalDagOf[target]}", "Create local scale out dag succeed"] }],
                },
            ],
        };
    }
}
