using Google.Protobuf.Reflection;
using Google.Rpc;
using Pulumirpc;

namespace ClusterScale.Provider.Tests.Protocol;

/// <summary>
/// Our .protos are a hand-written subset of Pulumi's. A subset is wire-compatible only when every field it declares
/// has the upstream number AND type: the engine's View in <c>old_views</c>, decoded as a Struct, fails the whole
/// Read/Update/Delete (shared/specs/pulumi-provider-protocol.md §3, "Wire rule"). This compares the compiled
/// descriptors with a table written by hand from the spec's §3 (and §1 for LogRequest), so a renumbered, renamed or
/// retyped field, a missing one, or an undeclared message fails here rather than against a real engine.
/// </summary>
public sealed class ProtoFieldTableTests
{
    // One line per field: "<number> <name> [repeated|optional] <type>"; enums list their values; services their rpcs.
    private const string Spec = """
        message google.rpc.Status
          1 code int32
          2 message string
          3 details repeated google.protobuf.Any

        enum pulumirpc.LogSeverity DEBUG=0 INFO=1 WARNING=2 ERROR=3
        message pulumirpc.LogRequest
          1 severity pulumirpc.LogSeverity
          2 message string
          3 urn string
          4 streamId int32
          5 ephemeral bool
        rpc pulumirpc.Engine.Log(pulumirpc.LogRequest) returns google.protobuf.Empty

        message pulumirpc.PluginInfo
          1 version string
        message pulumirpc.PluginAttach
          1 address string

        message pulumirpc.ErrorResourceInitFailed
          1 id string
          2 properties google.protobuf.Struct
          3 reasons repeated string
          4 inputs google.protobuf.Struct
          5 refresh_before_update bool

        message pulumirpc.ProviderHandshakeRequest
          1 engine_address string
          2 root_directory optional string
          3 program_directory optional string
          4 configure_with_urn bool
          5 supports_views bool
          6 supports_refresh_before_update bool
          7 invoke_with_preview bool
          8 mapper_target optional string
          9 loader_target optional string
          10 resolver_target optional string
          11 accepts_byte_string bool
        message pulumirpc.ProviderHandshakeResponse
          1 accept_secrets bool
          2 accept_resources bool
          3 accept_outputs bool
          4 supports_autonaming_configuration bool
          6 accepts_byte_string bool

        message pulumirpc.GetSchemaRequest
          1 version int32
          2 subpackage_name string
          3 subpackage_version string
        message pulumirpc.GetSchemaResponse
          1 schema string

        message pulumirpc.ConfigureRequest
          1 variables map<string, string>
          2 args google.protobuf.Struct
          3 acceptSecrets bool
          4 acceptResources bool
          5 sends_old_inputs bool
          6 sends_old_inputs_to_delete bool
          7 id optional string
          8 urn optional string
          9 name optional string
          10 type optional string
        message pulumirpc.ConfigureResponse
          1 acceptSecrets bool
          2 supportsPreview bool
          3 acceptResources bool
          4 acceptOutputs bool
          5 supports_autonaming_configuration bool
        message pulumirpc.ConfigureErrorMissingKeys
          1 missingKeys repeated pulumirpc.ConfigureErrorMissingKeys.MissingKey
        message pulumirpc.ConfigureErrorMissingKeys.MissingKey
          1 name string
          2 description string

        message pulumirpc.CheckRequest
          1 urn string
          2 olds google.protobuf.Struct
          3 news google.protobuf.Struct
          5 randomSeed bytes
          6 name string
          7 type string
          8 autonaming pulumirpc.CheckRequest.AutonamingOptions
        message pulumirpc.CheckRequest.AutonamingOptions
          1 proposed_name string
          2 mode pulumirpc.CheckRequest.AutonamingOptions.Mode
        enum pulumirpc.CheckRequest.AutonamingOptions.Mode PROPOSE=0 ENFORCE=1 DISABLE=2
        message pulumirpc.CheckResponse
          1 inputs google.protobuf.Struct
          2 failures repeated pulumirpc.CheckFailure
        message pulumirpc.InvokeRequest
          1 tok string
          2 args google.protobuf.Struct
          7 preview bool
        message pulumirpc.InvokeResponse
          1 return google.protobuf.Struct
          2 failures repeated pulumirpc.CheckFailure
        message pulumirpc.CheckFailure
          1 property string
          2 reason string

        message pulumirpc.DiffRequest
          1 id string
          2 urn string
          3 olds google.protobuf.Struct
          4 news google.protobuf.Struct
          5 ignoreChanges repeated string
          6 old_inputs google.protobuf.Struct
          7 name string
          8 type string
        message pulumirpc.PropertyDiff
          1 kind pulumirpc.PropertyDiff.Kind
          2 inputDiff bool
        enum pulumirpc.PropertyDiff.Kind ADD=0 ADD_REPLACE=1 DELETE=2 DELETE_REPLACE=3 UPDATE=4 UPDATE_REPLACE=5
        message pulumirpc.DiffResponse
          1 replaces repeated string
          2 stables repeated string
          3 deleteBeforeReplace bool
          4 changes pulumirpc.DiffResponse.DiffChanges
          5 diffs repeated string
          6 detailedDiff map<string, pulumirpc.PropertyDiff>
          7 hasDetailedDiff bool
        enum pulumirpc.DiffResponse.DiffChanges DIFF_UNKNOWN=0 DIFF_NONE=1 DIFF_SOME=2

        message pulumirpc.CreateRequest
          1 urn string
          2 properties google.protobuf.Struct
          3 timeout double
          4 preview bool
          5 name string
          6 type string
          7 resource_status_address string
          8 resource_status_token string
        message pulumirpc.CreateResponse
          1 id string
          2 properties google.protobuf.Struct
          3 refresh_before_update bool

        message pulumirpc.ReadRequest
          1 id string
          2 urn string
          3 properties google.protobuf.Struct
          4 inputs google.protobuf.Struct
          5 name string
          6 type string
          7 resource_status_address string
          8 resource_status_token string
          9 old_views repeated pulumirpc.View
          10 timeout double
        message pulumirpc.ReadResponse
          1 id string
          2 properties google.protobuf.Struct
          3 inputs google.protobuf.Struct
          4 refresh_before_update bool

        message pulumirpc.UpdateRequest
          1 id string
          2 urn string
          3 olds google.protobuf.Struct
          4 news google.protobuf.Struct
          5 timeout double
          6 ignoreChanges repeated string
          7 preview bool
          8 old_inputs google.protobuf.Struct
          9 name string
          10 type string
          11 resource_status_address string
          12 resource_status_token string
          13 old_views repeated pulumirpc.View
        message pulumirpc.UpdateResponse
          1 properties google.protobuf.Struct
          2 refresh_before_update bool

        message pulumirpc.DeleteRequest
          1 id string
          2 urn string
          3 properties google.protobuf.Struct
          4 timeout double
          5 old_inputs google.protobuf.Struct
          6 name string
          7 type string
          8 resource_status_address string
          9 resource_status_token string
          10 old_views repeated pulumirpc.View

        message pulumirpc.View
          1 type string
          2 name string
          3 parent_type string
          4 parent_name string
          5 inputs google.protobuf.Struct
          6 outputs google.protobuf.Struct

        rpc pulumirpc.ResourceProvider.Handshake(pulumirpc.ProviderHandshakeRequest) returns pulumirpc.ProviderHandshakeResponse
        rpc pulumirpc.ResourceProvider.GetPluginInfo(google.protobuf.Empty) returns pulumirpc.PluginInfo
        rpc pulumirpc.ResourceProvider.GetSchema(pulumirpc.GetSchemaRequest) returns pulumirpc.GetSchemaResponse
        rpc pulumirpc.ResourceProvider.CheckConfig(pulumirpc.CheckRequest) returns pulumirpc.CheckResponse
        rpc pulumirpc.ResourceProvider.DiffConfig(pulumirpc.DiffRequest) returns pulumirpc.DiffResponse
        rpc pulumirpc.ResourceProvider.Configure(pulumirpc.ConfigureRequest) returns pulumirpc.ConfigureResponse
        rpc pulumirpc.ResourceProvider.Check(pulumirpc.CheckRequest) returns pulumirpc.CheckResponse
        rpc pulumirpc.ResourceProvider.Invoke(pulumirpc.InvokeRequest) returns pulumirpc.InvokeResponse
        rpc pulumirpc.ResourceProvider.Diff(pulumirpc.DiffRequest) returns pulumirpc.DiffResponse
        rpc pulumirpc.ResourceProvider.Create(pulumirpc.CreateRequest) returns pulumirpc.CreateResponse
        rpc pulumirpc.ResourceProvider.Read(pulumirpc.ReadRequest) returns pulumirpc.ReadResponse
        rpc pulumirpc.ResourceProvider.Update(pulumirpc.UpdateRequest) returns pulumirpc.UpdateResponse
        rpc pulumirpc.ResourceProvider.Delete(pulumirpc.DeleteRequest) returns google.protobuf.Empty
        rpc pulumirpc.ResourceProvider.Cancel(google.protobuf.Empty) returns google.protobuf.Empty
        rpc pulumirpc.ResourceProvider.Attach(pulumirpc.PluginAttach) returns google.protobuf.Empty
        """;

    private static readonly FileDescriptor[] OurProtos =
    [
        StatusReflection.Descriptor, EngineReflection.Descriptor, PluginReflection.Descriptor,
        ErrorsReflection.Descriptor, ProviderReflection.Descriptor,
    ];

    [Fact]
    public void Every_declared_message_field_enum_and_rpc_matches_the_spec_table()
    {
        var expected = Normalise(Spec.Split('\n'));
        var actual = Normalise(ProtoTable.Render(OurProtos));

        var missing = expected.Except(actual).ToList();
        var unexpected = actual.Except(expected).ToList();
        Assert.True(missing.Count == 0 && unexpected.Count == 0,
            $"the compiled protos differ from the spec table.\nIn the table, not compiled:\n  {string.Join("\n  ", missing)}" +
            $"\nCompiled, not in the table:\n  {string.Join("\n  ", unexpected)}");
    }

    /// <summary>The comparison itself must see a retyped field, or a green run proves nothing.</summary>
    [Fact]
    public void The_rendering_shows_a_field_retyped_to_another_message()
    {
        var rendered = ProtoTable.Render(OurProtos).ToList();

        Assert.Contains("  9 old_views repeated pulumirpc.View", rendered);
        Assert.Contains("  1 variables map<string, string>", rendered);
        Assert.Contains("  2 root_directory optional string", rendered);
        Assert.DoesNotContain("  9 old_views google.protobuf.Struct", rendered);
    }

    private static HashSet<string> Normalise(IEnumerable<string> lines) =>
        lines.Select(l => l.TrimEnd()).Where(l => l.Trim().Length > 0).Select(l => l.StartsWith(' ') ? "  " + l.Trim() : l.Trim())
            .Aggregate((Owner: "", Lines: new HashSet<string>()), (state, line) =>
            {
                // A field line is only meaningful with its message: keep them as "message X | field".
                if (!line.StartsWith(' ')) return (line, Add(state.Lines, line));
                return (state.Owner, Add(state.Lines, $"{state.Owner} |{line}"));
            }).Lines;

    private static HashSet<string> Add(HashSet<string> set, string line)
    {
        set.Add(line);
        return set;
    }
}

/// <summary>Renders compiled proto descriptors in the table's notation.</summary>
internal static class ProtoTable
{
    public static IEnumerable<string> Render(IEnumerable<FileDescriptor> files)
    {
        foreach (var file in files)
        {
            foreach (var line in file.EnumTypes.SelectMany(Enum)) yield return line;
            foreach (var line in file.MessageTypes.SelectMany(Message)) yield return line;
            foreach (var service in file.Services)
                foreach (var method in service.Methods)
                    yield return $"rpc {service.FullName}.{method.Name}({method.InputType.FullName}) returns {method.OutputType.FullName}";
        }
    }

    private static IEnumerable<string> Message(MessageDescriptor message)
    {
        // Map entries are synthetic nested messages; they show as map<K, V> on their field instead.
        if (message.GetOptions()?.MapEntry == true) yield break;
        yield return $"message {message.FullName}";
        foreach (var field in message.Fields.InFieldNumberOrder())
            yield return $"  {field.FieldNumber} {field.Name} {Label(field)}{TypeOf(field)}";
        foreach (var line in message.EnumTypes.SelectMany(Enum)) yield return line;
        foreach (var line in message.NestedTypes.SelectMany(Message)) yield return line;
    }

    private static IEnumerable<string> Enum(EnumDescriptor descriptor)
    {
        yield return $"enum {descriptor.FullName} {string.Join(' ', descriptor.Values.Select(v => $"{v.Name}={v.Number}"))}";
    }

    private static string Label(FieldDescriptor field) =>
        field.IsMap ? "" : field.IsRepeated ? "repeated " : field.ContainingOneof is { IsSynthetic: true } ? "optional " : "";

    private static string TypeOf(FieldDescriptor field) => field.IsMap
        ? $"map<{TypeOf(field.MessageType.FindFieldByNumber(1))}, {TypeOf(field.MessageType.FindFieldByNumber(2))}>"
        : field.FieldType switch
        {
            FieldType.Message => field.MessageType.FullName,
            FieldType.Enum => field.EnumType.FullName,
            var scalar => scalar.ToString().ToLowerInvariant(),
        };
}
