using ClusterScale.Provider.Protocol;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Pulumirpc;

namespace ClusterScale.Provider.Tests.Protocol;

/// <summary>
/// The engine sends <c>old_views</c> (Read 9, Update 13, Delete 10) as <c>repeated View</c> (spec §3). The views are
/// encoded here by hand, field by field, not with our generated View, so the test holds whatever our .proto says.
/// </summary>
public sealed class OldViewsWireTests : IAsyncLifetime
{
    private const string Urn = "urn:pulumi:dev::proj::" + FakeResource.TypeToken + "::g1";
    private InProcessPlugin _plugin = null!;

    public async Task InitializeAsync() => _plugin = await InProcessPlugin.StartAsync(new FakeModule());
    public async Task DisposeAsync() => await _plugin.DisposeAsync();

    private static readonly Struct Mode = PropertyStruct.ToStruct(PropertyMap.Empty.With("mode", PropertyValue.From("echo")));

    [Fact]
    public async Task A_read_carrying_views_is_served()
    {
        var request = new ReadRequest { Id = "gate-1", Urn = Urn, Properties = Mode, Inputs = Mode }.ToByteArray();

        var response = ReadResponse.Parser.ParseFrom(await _plugin.CallRawAsync("Read", [.. request, .. Views(9)]));

        Assert.Equal("gate-1", response.Id);
    }

    [Fact]
    public async Task An_update_carrying_views_is_served()
    {
        var request = new UpdateRequest { Id = "gate-1", Urn = Urn, Olds = Mode, OldInputs = Mode, News = Mode }.ToByteArray();

        var response = UpdateResponse.Parser.ParseFrom(await _plugin.CallRawAsync("Update", [.. request, .. Views(13)]));

        Assert.Equal("echo", response.Properties.Fields["mode"].StringValue);
    }

    [Fact]
    public async Task A_delete_carrying_views_is_served()
    {
        var request = new DeleteRequest { Id = "gate-1", Urn = Urn, Properties = Mode, OldInputs = Mode }.ToByteArray();

        await _plugin.CallRawAsync("Delete", [.. request, .. Views(10)]);
    }

    /// <summary>Two View messages in field <paramref name="field"/>: {1 type, 2 name, 3 parent_type, 4 parent_name,
    /// 5 inputs Struct, 6 outputs Struct} (provider.proto:1308-1326).</summary>
    private static byte[] Views(int field)
    {
        using var buffer = new MemoryStream();
        var output = new CodedOutputStream(buffer);
        foreach (var name in new[] { "v1", "v2" })
        {
            output.WriteTag(field, WireFormat.WireType.LengthDelimited);
            output.WriteBytes(View(name));
        }
        output.Flush();
        return buffer.ToArray();
    }

    private static ByteString View(string name)
    {
        using var buffer = new MemoryStream();
        var output = new CodedOutputStream(buffer);
        output.WriteTag(1, WireFormat.WireType.LengthDelimited);
        output.WriteString("clusterscale:obshell:NodeView");
        output.WriteTag(2, WireFormat.WireType.LengthDelimited);
        output.WriteString(name);
        output.WriteTag(3, WireFormat.WireType.LengthDelimited);
        output.WriteString(FakeResource.TypeToken);
        output.WriteTag(4, WireFormat.WireType.LengthDelimited);
        output.WriteString("g1");
        foreach (var structField in new[] { 5, 6 })
        {
            output.WriteTag(structField, WireFormat.WireType.LengthDelimited);
            output.WriteBytes(Mode.ToByteString());
        }
        output.Flush();
        return ByteString.CopyFrom(buffer.ToArray());
    }
}
