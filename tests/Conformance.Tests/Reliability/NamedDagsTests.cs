namespace ClusterScale.Conformance.Tests.Reliability;

/// <summary>The campaigns' users find the DAGs the provider's messages ask them to resolve, in the wording the provider
/// tests pin (ObserverNodeFailureTests, ObserverNodeOwnDagTests), and nothing else.</summary>
public sealed class NamedDagsTests
{
    private const string LockedMessage =
        "adding 10.0.0.9:2886: the cluster is locked by DAG Cluster scale out (119) failed at stage 1/9 'Integrate server config': " +
        "[10.0.0.1:2886] Integrate server config: injected failure. It waits for an operator: retry or roll it back " +
        "(POST /api/v1/task/dag/119 {\"operator\":\"RETRY\"|\"ROLLBACK\"}), then run again. If it is the scale-out of a node of yours " +
        "whose run died (e.g. on another machine), RETRY it to finish adding the node (the next `pulumi up` adopts it as a member) " +
        "or ROLLBACK it (the next `pulumi up` adds the node afresh).";

    private const string UntoldMessage =
        "adding 10.0.0.9:2886: cannot tell whether FAILED DAG Cluster scale out (12), FAILED DAG Cluster scale out (14) is the " +
        "scale-out of 10.0.0.9:2886 an interrupted run sent between 10:00:00 and 10:02:00: nothing was done to them.";

    [Fact]
    public void A_lock_held_by_a_failed_DAG_names_that_DAG()
    {
        Assert.Equal(["119"], NamedDags.LockHolders(LockedMessage));
        Assert.Empty(NamedDags.Untold(LockedMessage));
    }

    [Fact]
    public void A_scale_out_the_provider_cannot_tell_names_every_candidate()
    {
        Assert.Equal(["12", "14"], NamedDags.Untold(UntoldMessage));
        Assert.Empty(NamedDags.LockHolders(UntoldMessage));
    }

    [Fact]
    public void A_DAG_merely_waited_for_or_resumed_is_named_by_neither()
    {
        const string waited = "waiting for DAG Cluster scale out (7) holding the cluster lock: stage 3/9; resuming failed DAG Cluster scale in (8) with RETRY";
        Assert.Empty(NamedDags.LockHolders(waited));
        Assert.Empty(NamedDags.Untold(waited));
    }
}
