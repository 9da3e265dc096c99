using ClusterScale.Provider.ModelArts;
using ClusterScale.Provider.Protocol;
using Microsoft.Extensions.Time.Testing;
using static ClusterScale.Provider.Tests.ModelArts.ModelArtsTestBed;

namespace ClusterScale.Provider.Tests.ModelArts;

/// <summary>Every input rule fails Check naming the property, and nothing reaches the API.</summary>
public sealed class SupernodeScaleCheckTests
{
    private const string Supernode = "b4beacb6-4380-448c-a218-daa82cf03f5d";

    private static PropertyValue Obj(params (string Key, PropertyValue Value)[] fields) =>
        PropertyValue.From(fields.Select(f => KeyValuePair.Create(f.Key, f.Value)));

    private static PropertyValue N(double value) => PropertyValue.From(value);
    private static PropertyValue S(string value) => PropertyValue.From(value);

    public static TheoryData<string, PropertyValue?, string, string> InvalidInputs => new()
    {
        { "supernodeId", S("B4BEACB6-4380-448C-A218-DAA82CF03F5D"), "supernodeId", "UUID" },
        { "supernodeId", S("b4beacb6-4380-648c-a218-daa82cf03f5d"), "supernodeId", "UUID" },
        { "supernodeId", null, "supernodeId", "required" },
        { "flavor", S(""), "flavor", "1-128" },
        { "flavor", S(new string('a', 129)), "flavor", "1-128" },
        { "flavor", S("kat3ne_8.matrix"), "flavor", "hyphens" },
        { "flavor", N(3), "flavor", "string" },
        { "imageId", S("f4059eb4c2f546a89b336cbed5d3fc81"), "imageId", "36-character" },
        { "keyPairName", S("key pair"), "keyPairName", "1-64" },
        { "keyPairName", S(new string('k', 65)), "keyPairName", "1-64" },
        { "keyPairName", null, "keyPairName", "required" },
        { "rootVolume", Obj(("size", N(99)), ("type", S("ESSD"))), "rootVolume", "rootVolume.size" },
        { "rootVolume", Obj(("size", N(1025))), "rootVolume", "rootVolume.size" },
        { "rootVolume", Obj(("size", N(200.5))), "rootVolume", "rootVolume.size" },
        { "rootVolume", Obj(("type", S("NVME"))), "rootVolume", "rootVolume.type" },
        { "rootVolume", Obj(("size", N(200)), ("iops", N(5))), "rootVolume", "rootVolume.iops" },
        { "rootVolume", S("big"), "rootVolume", "object" },
        { "dataVolume", Obj(("size", N(100)), ("type", S("SSD"))), "dataVolume", "dataVolume.count" },
        { "dataVolume", Obj(("size", N(100)), ("count", N(1))), "dataVolume", "dataVolume.type" },
        { "dataVolume", Obj(("type", S("SSD")), ("count", N(1))), "dataVolume", "dataVolume.size" },
        { "dataVolume", Obj(("size", N(32769)), ("type", S("SSD")), ("count", N(1))), "dataVolume", "dataVolume.size" },
        { "dataVolume", Obj(("size", N(100)), ("type", S("SSD")), ("count", N(9))), "dataVolume", "dataVolume.count" },
        { "userdata", S("not base64!"), "userdata", "base64" },
        { "userdata", S(Convert.ToBase64String(new byte[32 * 1024 + 1])), "userdata", "32 KB" },
        { "adminPass", S("secret"), "adminPass", "unknown property" },
        // Spec §6: a name outside the rule has no known sub-node count (issue 19).
        { "flavor", S("kat3ne-7.unknown"), "flavor", "§6" },
        { "flavor", S("kat3ne-12-800t.72xlarge.8.matrix"), "flavor", "multiple of 8" },
        { "adoptServerIds", S("9679cd3b"), "adoptServerIds", "list of server ids" },
    };

    [Theory]
    [MemberData(nameof(InvalidInputs))]
    public async Task Invalid_input_fails_naming_the_property_and_sends_nothing(string key, PropertyValue? value, string property, string reasonPart)
    {
        await using var bed = await StartAsync();
        var inputs = Inputs(Supernode, Flavor4);
        inputs = value is null ? inputs.Without(key) : inputs.With(key, value);

        var result = await bed.Resource.CheckAsync(new CheckInput("urn:test", "scale", PropertyMap.Empty, inputs), CancellationToken.None);

        var failure = Assert.Single(result.Failures);
        Assert.Equal(property, failure.Property);
        Assert.Contains(reasonPart, failure.Reason);
        Assert.Empty(bed.Sim.Requests);
    }

    [Fact]
    public async Task Userdata_failures_never_echo_the_value()
    {
        var result = await new SupernodeScale(new ModelArtsConnection(), ModelArtsTestBed.EmptyJournal).CheckAsync(new CheckInput("urn:test", "scale", PropertyMap.Empty,
            Inputs(Supernode, Flavor4, ("userdata", S("top-secret-not-base64")))), CancellationToken.None);
        Assert.DoesNotContain("top-secret", Assert.Single(result.Failures).Reason);
    }

    [Fact]
    public async Task Valid_input_passes_with_userdata_made_secret_and_flavor_checked_against_scale_evaluations()
    {
        await using var bed = await StartAsync();
        var id = bed.Sim.CreateSupernode(Flavor2);
        var inputs = Inputs(id, Flavor4,
            ("rootVolume", Obj(("size", N(200)), ("type", S("ESSD")))),
            ("dataVolume", Obj(("size", N(32768)), ("type", S("GPSSD")), ("count", N(8)))),
            ("userdata", S(Convert.ToBase64String(new byte[32 * 1024]))));

        var result = await bed.Resource.CheckAsync(new CheckInput("urn:test", "scale", PropertyMap.Empty, inputs), CancellationToken.None);

        Assert.Empty(result.Failures);
        Assert.Equal(PropertyKind.Secret, result.Inputs.Get("userdata").Kind);
        // Check reads only: the scale options, and the supernode (its charging mode, spec §3).
        Assert.All(bed.Sim.Requests, r => Assert.Equal("GET", r.Method));
        Assert.Contains(bed.Sim.Requests, r => r.PathAndQuery.EndsWith("/scale-evaluations", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_flavor_not_offered_for_the_supernode_fails_naming_flavor()
    {
        await using var bed = await StartAsync();
        var id = bed.Sim.CreateSupernode(Flavor2);
        var result = await bed.Resource.CheckAsync(new CheckInput("urn:test", "scale", PropertyMap.Empty, Inputs(id, "kat3ne-320-800t.1920xlarge.8.matrix")), CancellationToken.None);
        var failure = Assert.Single(result.Failures);
        Assert.Equal("flavor", failure.Property);
        Assert.Contains(Flavor8, failure.Reason); // lists what is offered
        Assert.DoesNotContain(bed.Sim.Requests, r => r.Method == "POST");
    }

    [Fact]
    public async Task A_sold_out_flavor_fails_naming_flavor()
    {
        await using var bed = await StartAsync();
        var id = bed.Sim.CreateSupernode(Flavor2);
        bed.Sim.Faults.SoldOut(Flavor4);
        var result = await bed.Resource.CheckAsync(new CheckInput("urn:test", "scale", PropertyMap.Empty, Inputs(id, Flavor4)), CancellationToken.None);
        var failure = Assert.Single(result.Failures);
        Assert.Equal("flavor", failure.Property);
        Assert.Contains("sold out", failure.Reason);
    }

    [Fact]
    public async Task A_missing_supernode_fails_naming_supernodeId()
    {
        await using var bed = await StartAsync();
        var result = await bed.Resource.CheckAsync(new CheckInput("urn:test", "scale", PropertyMap.Empty, Inputs(Supernode, Flavor4)), CancellationToken.None);
        Assert.Equal("supernodeId", Assert.Single(result.Failures).Property);
    }

    [Fact]
    public async Task Unknown_values_are_not_judged_and_nothing_is_sent()
    {
        await using var bed = await StartAsync();
        var inputs = Inputs(Supernode, Flavor4).With("flavor", PropertyValue.Computed).With("supernodeId", PropertyValue.Computed);
        var result = await bed.Resource.CheckAsync(new CheckInput("urn:test", "scale", PropertyMap.Empty, inputs), CancellationToken.None);
        Assert.Empty(result.Failures);
        Assert.Equal(PropertyKind.Computed, result.Inputs.Get("flavor").Kind);
        Assert.Empty(bed.Sim.Requests);
    }

    [Fact]
    public async Task Without_credentials_check_validates_offline()
    {
        var resource = new SupernodeScale(new ModelArtsConnection(), ModelArtsTestBed.EmptyJournal);
        var result = await resource.CheckAsync(new CheckInput("urn:test", "scale", PropertyMap.Empty, Inputs(Supernode, Flavor4)), CancellationToken.None);
        Assert.Empty(result.Failures);
    }

    [Fact]
    public async Task With_ModelArts_hung_check_gives_up_its_reads_at_its_preview_budget_and_leaves_the_checks_to_the_operation()
    {
        // Issue 19 "One budget": Check on a changed flavor blocked for minutes on a hung ModelArts. Here the first read
        // hangs while this machine's clock passes Check's whole budget.
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var hung = new HangingModelArts(clock, SupernodeScale.PreviewReadBudget);
        await using var bed = await StartAsync(clientTime: clock, transport: hung);
        var id = bed.Sim.CreateSupernode(Flavor2);

        // The guard only turns a hang into a failure instead of a blocked run; the budget is on the fake clock.
        var result = await bed.Resource.CheckAsync(new CheckInput("urn:test", "scale", PropertyMap.Empty, Inputs(id, Flavor4)), CancellationToken.None)
            .WaitAsync(TimeSpan.FromSeconds(60));

        Assert.Empty(result.Failures);
        Assert.Equal(1, hung.Requests);
    }
}
