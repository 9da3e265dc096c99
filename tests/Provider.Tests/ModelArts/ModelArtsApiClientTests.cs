using ClusterScale.Provider.ModelArts;
using ClusterScale.Provider.ModelArts.Api;
using ClusterScale.Provider.ModelArts.Auth;
using ClusterScale.Simulators.ModelArts;
using static ClusterScale.Provider.Tests.ModelArts.ModelArtsTestBed;

namespace ClusterScale.Provider.Tests.ModelArts;

/// <summary>The declarative client against the simulator's signature checks: paths under the project, query
/// strings signed canonically, temporary-credential tokens, and errors parsed.</summary>
public sealed class ModelArtsApiClientTests
{
    private static IModelArtsApi Client(ModelArtsSimulator sim, string? secretKey = null, string? token = null) =>
        ModelArtsClientFactory.Create(new ModelArtsSettings(new Uri(sim.Endpoint), sim.Options.ProjectId,
            new HuaweiCredentials(sim.Options.AccessKey, secretKey ?? sim.Options.SecretKey, token)), TimeProvider.System, FastRetry);

    [Fact]
    public async Task List_with_query_show_server_and_evaluations_are_signed_and_parsed()
    {
        await using var sim = await ModelArtsSimulator.StartAsync();
        var id = sim.CreateSupernode(Flavor4);
        sim.CreateSupernode(Flavor2);
        var api = Client(sim, token: "temporary-token");

        var page = await api.ListSupernodesAsync(limit: 1, offset: 0, CancellationToken.None);
        var supernode = await api.ShowSupernodeAsync(id, CancellationToken.None);
        var server = await api.ShowServerAsync(supernode.ServerList[0].Id, CancellationToken.None);
        var evaluations = await api.ScaleEvaluationsAsync(id, CancellationToken.None);

        Assert.Equal(2, page.Total);
        Assert.Single(page.Data!);
        Assert.Equal(4, supernode.ServerList.Count);
        Assert.Equal("ACTIVE", supernode.Status);
        Assert.Equal(supernode.ServerList[0].Id, server.Id);
        Assert.NotNull(server.Image?.ImageId);
        Assert.Contains(evaluations.Evaluations!, e => e.Flavor == Flavor8 && !e.IsSoldOut);
        Assert.All(sim.Requests, r => Assert.Equal(200, r.Status));
    }

    [Fact]
    public async Task A_wrong_secret_key_is_an_authentication_error_that_does_not_contain_it()
    {
        await using var sim = await ModelArtsSimulator.StartAsync();
        var id = sim.CreateSupernode(Flavor2);

        var error = await Assert.ThrowsAsync<ModelArtsApiException>(() => Client(sim, secretKey: "wrong-secret-value").ShowSupernodeAsync(id, CancellationToken.None));

        Assert.Equal(ModelArtsApiException.AuthenticationFailedCode, error.Code);
        Assert.NotNull(error.RequestId);
        Assert.DoesNotContain("wrong-secret-value", error.ToString());
    }

    [Fact]
    public async Task A_missing_supernode_is_not_found()
    {
        await using var sim = await ModelArtsSimulator.StartAsync();
        var error = await Assert.ThrowsAsync<ModelArtsApiException>(() => Client(sim).ShowSupernodeAsync("b4beacb6-4380-448c-a218-daa82cf03f5d", CancellationToken.None));
        Assert.True(error.IsNotFound);
    }
}
