using System.Text.Json;

namespace Pulumi.ClusterScale.Sdk.Tests;

/// <summary>What an explicit <see cref="Provider"/> sends the engine, observed through IMocks.</summary>
public sealed class ProviderArgsTests
{
    private const string ProviderType = "pulumi:providers:clusterscale";

    /// <summary>
    /// A collection initializer appends to the list the property already holds. Had ProviderArgs prefilled it from
    /// OBSHELL_ENDPOINTS, a per-cluster provider would send that variable's agents too and scale out through the
    /// first one, possibly another cluster's.
    /// </summary>
    [Fact]
    public async Task A_provider_sends_exactly_the_endpoints_its_program_lists_even_with_OBSHELL_ENDPOINTS_set()
    {
        using var _ = EnvironmentVariables.Set("OBSHELL_ENDPOINTS", "10.9.9.9:2886,10.9.9.10:2886");

        RecordingMocks mocks = await RecordingMocks.RunAsync(() => new Provider("cluster-b", new ProviderArgs
        {
            ObshellEndpoints = { "10.0.0.1:2886", "10.0.0.2:2886" },
        }));

        JsonElement endpoints = RecordingMocks.Json(mocks.Single(ProviderType), "obshellEndpoints");
        Assert.Equal(["10.0.0.1:2886", "10.0.0.2:2886"], endpoints.EnumerateArray().Select(e => e.GetString()));
    }

    [Fact]
    public async Task Without_endpoints_the_provider_sends_none_so_the_plugin_reads_OBSHELL_ENDPOINTS_itself()
    {
        using var _ = EnvironmentVariables.Set("OBSHELL_ENDPOINTS", "10.9.9.9:2886");

        RecordingMocks mocks = await RecordingMocks.RunAsync(() => new Provider("ambient", new ProviderArgs()));

        Assert.False(mocks.Single(ProviderType).Inputs.ContainsKey("obshellEndpoints"));
    }

    [Fact]
    public async Task Scalar_keys_fall_back_to_their_environment_variables_in_the_program_as_gen_sdk_does()
    {
        using var _ = EnvironmentVariables.Set(new Dictionary<string, string?>
        {
            ["OBSHELL_USE_TLS"] = "true",
            ["HW_REGION_NAME"] = "cn-southwest-2",
            ["OBSHELL_ROOT_PASSWORD"] = "pw",
        });

        RecordingMocks mocks = await RecordingMocks.RunAsync(() => new Provider("ambient", new ProviderArgs()));

        var provider = mocks.Single(ProviderType);
        Assert.True(RecordingMocks.Json(provider, "obshellUseTls").GetBoolean());
        Assert.Equal("cn-southwest-2", provider.Inputs["huaweiRegion"]);
        Assert.Equal("pw", provider.Inputs["obshellRootPassword"]);
    }

    [Fact]
    public void Secret_keys_are_secret_as_soon_as_they_are_set()
    {
        var args = new ProviderArgs { ObshellRootPassword = "pw", HuaweiRegion = "cn-southwest-2" };

        Assert.True(Outputs.IsSecret(args.ObshellRootPassword.ToOutput()));
        Assert.False(Outputs.IsSecret(args.HuaweiRegion.ToOutput()));
    }
}
