using ClusterScale.Provider.Obshell;
using ClusterScale.Provider.Protocol;

namespace ClusterScale.Provider.Tests.Obshell;

/// <summary>Check: every bad input is rejected naming its top-level property, defaults are applied, secrets and
/// unknowns are kept, and nothing reaches the cluster.</summary>
public sealed class ObserverNodeCheckTests
{
    private static PropertyValue S(string value) => PropertyValue.From(value);
    private static PropertyValue N(double value) => PropertyValue.From(value);
    private static PropertyValue Configs(params (string Key, PropertyValue Value)[] entries) =>
        PropertyValue.From(entries.Select(e => KeyValuePair.Create(e.Key, e.Value)));

    private static PropertyMap Valid(params (string Key, PropertyValue Value)[] overrides)
    {
        var map = new PropertyMap(new Dictionary<string, PropertyValue> { ["ip"] = S("10.0.0.4"), ["zone"] = S("zone1") });
        foreach (var (key, value) in overrides) map = value.IsNull ? map.Without(key) : map.With(key, value);
        return map;
    }

    public static TheoryData<string, PropertyMap, string, string> Invalid => new()
    {
        { "missing ip", Valid(("ip", PropertyValue.Null)), "ip", "required" },
        { "host name", Valid(("ip", S("node4.example"))), "ip", "not an IPv4 or IPv6" },
        { "short ipv4", Valid(("ip", S("10.4"))), "ip", "not an IPv4 or IPv6" },
        { "ip number", Valid(("ip", N(4))), "ip", "not an IPv4 or IPv6" },
        { "port too low", Valid(("obshellPort", N(80))), "obshellPort", "1025 to 65535" },
        { "port too high", Valid(("obshellPort", N(70000))), "obshellPort", "1025 to 65535" },
        { "port fraction", Valid(("obshellPort", N(2886.5))), "obshellPort", "integer" },
        { "port string", Valid(("obshellPort", S("2886"))), "obshellPort", "integer" },
        { "missing zone", Valid(("zone", PropertyValue.Null)), "zone", "required" },
        { "zone with dash", Valid(("zone", S("zone-1"))), "zone", "not a zone name" },
        { "zone digit first", Valid(("zone", S("1zone"))), "zone", "not a zone name" },
        { "obConfigs not a map", Valid(("obConfigs", S("memory_limit=16G"))), "obConfigs", "map" },
        { "obConfigs number value", Valid(("obConfigs", Configs(("memory_limit", N(16))))), "obConfigs", "'memory_limit'" },
        { "rpc_port not a port", Valid(("obConfigs", Configs(("rpc_port", S("abc"))))), "obConfigs", "'rpc_port'" },
        { "mysqlPort too low", Valid(("obConfigs", Configs(("mysqlPort", S("80"))))), "obConfigs", "'mysqlPort'" },
        { "both rpc spellings", Valid(("obConfigs", Configs(("rpc_port", S("2882")), ("rpcPort", S("2882"))))), "obConfigs", "two spellings" },
        { "bad size", Valid(("obConfigs", Configs(("memory_limit", S("16 gigs"))))), "obConfigs", "'memory_limit'" },
        { "bad log disk size", Valid(("obConfigs", Configs(("log_disk_size", S("-1G"))))), "obConfigs", "'log_disk_size'" },
        { "bad cpu count", Valid(("obConfigs", Configs(("cpu_count", S("2.5"))))), "obConfigs", "'cpu_count'" },
        { "server-owned homePath", Valid(("obConfigs", Configs(("homePath", S("/x"))))), "obConfigs", "'homePath' cannot be set" },
        { "server-owned zone", Valid(("obConfigs", Configs(("zone", S("zone2"))))), "obConfigs", "use the zone property" },
        { "server-owned cluster_id", Valid(("obConfigs", Configs(("cluster_id", S("7"))))), "obConfigs", "'cluster_id' cannot be set" },
        { "bad failure policy", Valid(("failurePolicy", S("retry"))), "failurePolicy", "'rollback' or 'leave'" },
        { "forceKill string", Valid(("forceKill", S("yes"))), "forceKill", "boolean" },
        { "password number", Valid(("targetAgentPassword", N(1234))), "targetAgentPassword", "string" },
        { "unknown property", Valid(("rpcPort", N(2882))), "rpcPort", "unknown property" },
    };

    [Theory]
    [MemberData(nameof(Invalid))]
    public async Task Invalid_input_is_rejected_naming_the_property_and_nothing_is_sent(string _, PropertyMap news, string property, string reason)
    {
        await using var cluster = await ObshellTestCluster.StartAsync();

        var result = await cluster.Node.CheckAsync(new CheckInput("urn", "node", PropertyMap.Empty, news), CancellationToken.None);

        var failure = Assert.Single(result.Failures);
        Assert.Equal(property, failure.Property);
        Assert.Contains(reason, failure.Reason, StringComparison.Ordinal);
        Assert.Empty(cluster.Simulator.Requests);
    }

    [Fact]
    public void Defaults_are_applied_and_valid_configs_pass()
    {
        var news = Valid(("ip", S("fd00::4")), ("obConfigs", Configs(("rpc_port", S("2882")), ("mysql_port", S("2881")),
            ("memory_limit", S("16G")), ("datafile_size", S("512M")), ("log_disk_size", S("24GB")), ("cpu_count", S("8")), ("data_dir", S("/data/1")))));

        var result = ObserverNodeCheck.Check(news);

        Assert.Empty(result.Failures);
        Assert.Equal(2886, result.Inputs["obshellPort"].NumberValue);
        Assert.False(result.Inputs["forceKill"].BoolValue);
        Assert.Equal("rollback", result.Inputs["failurePolicy"].StringValue);
        Assert.Equal(news["obConfigs"], result.Inputs["obConfigs"]);
        Assert.Equal(PropertyValue.From(PropertyMap.Empty), ObserverNodeCheck.Check(Valid()).Inputs["obConfigs"]);
    }

    [Fact]
    public void A_plain_password_is_wrapped_as_secret_and_a_secret_stays_secret()
    {
        var plain = ObserverNodeCheck.Check(Valid(("targetAgentPassword", S("pw")))).Inputs["targetAgentPassword"];
        var secret = ObserverNodeCheck.Check(Valid(("targetAgentPassword", PropertyValue.Secret(S("pw"))))).Inputs["targetAgentPassword"];

        Assert.Equal(PropertyValue.Secret(S("pw")), plain);
        Assert.Equal(PropertyValue.Secret(S("pw")), secret);
    }

    [Fact]
    public void Unknown_values_in_a_preview_are_kept_and_not_validated()
    {
        var news = Valid(("ip", PropertyValue.Computed), ("zone", PropertyValue.Computed), ("obshellPort", PropertyValue.Computed),
            ("obConfigs", Configs(("memory_limit", PropertyValue.Computed))));

        var result = ObserverNodeCheck.Check(news);

        Assert.Empty(result.Failures);
        Assert.Equal(PropertyValue.Computed, result.Inputs["ip"]);
        Assert.Equal(PropertyValue.Computed, result.Inputs["obshellPort"]);
        Assert.Equal(news["obConfigs"], result.Inputs["obConfigs"]);
    }
}
