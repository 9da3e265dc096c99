using ClusterScale.Provider.Obshell;
using ClusterScale.Provider.Protocol;
using ClusterScale.Simulators.Obshell;

namespace ClusterScale.Provider.Tests.Obshell;

/// <summary>Authentication against the simulated agents: clear errors that never show a password, transparent
/// recovery from a rotated key, and the agent-password header.</summary>
public sealed class ObshellAuthenticationTests
{
    private const string RootPassword = "root-Secret-91";
    private const string WrongPassword = "not-the-Password-42";

    [Fact]
    public async Task A_wrong_root_password_fails_clearly_without_showing_a_password()
    {
        await using var cluster = await ObshellTestCluster.StartAsync(new ObshellSimulatorOptions { RootPassword = RootPassword },
            sim => new ObshellSettings(sim.ClusterEndpoints, WrongPassword, null, false));

        var error = await Assert.ThrowsAsync<OperationFailedException>(async () =>
            await cluster.CreateAsync(await cluster.InputsAsync(cluster.Simulator.SpareAgents[0], "zone1")));

        Assert.Contains(ObshellSettings.RootPasswordKey, error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(WrongPassword, error.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain(RootPassword, error.ToString(), StringComparison.Ordinal);
        Assert.Equal(0, cluster.ScaleOutRequests);
    }

    [Fact]
    public async Task An_agent_clock_ahead_of_the_header_lifetime_is_reported_as_clock_skew()
    {
        await using var cluster = await ObshellTestCluster.StartAsync(new ObshellSimulatorOptions { RootPassword = RootPassword });
        cluster.Simulator.Faults.ClockSkew(TimeSpan.FromMinutes(5));

        var error = await Assert.ThrowsAsync<OperationFailedException>(async () =>
            await cluster.CreateAsync(await cluster.InputsAsync(cluster.Simulator.SpareAgents[0], "zone1")));

        Assert.Contains("clock", error.Message, StringComparison.Ordinal);
        Assert.Contains("Security.Authentication.Expired", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_rotated_agent_key_is_picked_up_transparently()
    {
        await using var cluster = await ObshellTestCluster.StartAsync(new ObshellSimulatorOptions { RootPassword = RootPassword });
        var (first, second) = (cluster.Simulator.SpareAgents[0], cluster.Simulator.SpareAgents[1]);
        await cluster.CreateAsync(await cluster.InputsAsync(first, "zone1"));
        foreach (var member in cluster.Simulator.Members.Where(m => m.Identity == "CLUSTER AGENT"))
            cluster.Simulator.Faults.RotateKey(member.Agent);

        await cluster.CreateAsync(await cluster.InputsAsync(second, "zone2"));

        Assert.NotNull(cluster.Member(second));
        Assert.True(cluster.Simulator.Requests.Count(r => r.PathAndQuery == "/api/v1/secret") >= 2);
    }

    [Fact]
    public async Task The_agent_password_and_target_agent_password_are_used_and_a_wrong_target_password_fails_at_stage_two()
    {
        await using var cluster = await ObshellTestCluster.StartAsync(
            new ObshellSimulatorOptions { RootPassword = RootPassword, AgentPassword = "agent-Pw-1", SpareAgentPassword = "spare-Pw-2" },
            sim => new ObshellSettings(sim.ClusterEndpoints, "ignored-when-agent-password-set", "agent-Pw-1", false));
        var (first, second) = (cluster.Simulator.SpareAgents[0], cluster.Simulator.SpareAgents[1]);

        await cluster.CreateAsync(await cluster.InputsAsync(first, "zone1", f => f["targetAgentPassword"] = PropertyValue.From("spare-Pw-2")));
        var error = await Assert.ThrowsAsync<OperationFailedException>(async () =>
            await cluster.CreateAsync(await cluster.InputsAsync(second, "zone1", f => f["targetAgentPassword"] = PropertyValue.From("wrong-Pw-3"))));

        Assert.NotNull(cluster.Member(first));
        Assert.Contains("'Create local scale out dag'", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("wrong-Pw-3", error.ToString(), StringComparison.Ordinal);
        Assert.Null(cluster.Member(second));
    }

    [Fact]
    public async Task The_root_password_alone_works_on_cluster_agents_that_have_an_agent_password()
    {
        // Spec §1: a CLUSTER AGENT accepts X-OCS-Header with the root password despite its agent password.
        await using var cluster = await ObshellTestCluster.StartAsync(
            new ObshellSimulatorOptions { RootPassword = RootPassword, AgentPassword = "agent-Pw-1", StageDuration = TimeSpan.FromMilliseconds(20) },
            sim => new ObshellSettings(sim.ClusterEndpoints, RootPassword, null, false));
        var agent = cluster.Simulator.SpareAgents[0];
        var inputs = await cluster.InputsAsync(agent, "zone1");

        await cluster.CreateAsync(inputs);
        Assert.NotNull(cluster.Member(agent));
        await cluster.DeleteAsync(agent, inputs, inputs);

        Assert.Null(cluster.Member(agent));
        Assert.DoesNotContain(cluster.Simulator.Requests, r => r.Status == 401);
    }
}
