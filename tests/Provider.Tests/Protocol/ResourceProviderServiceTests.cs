using System.Net;
using System.Net.Sockets;
using ClusterScale.Provider.Protocol;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Pulumirpc;

namespace ClusterScale.Provider.Tests.Protocol;

public sealed class ResourceProviderServiceTests : IAsyncLifetime
{
    private const string Urn = "urn:pulumi:dev::proj::" + FakeResource.TypeToken + "::g1";
    private static readonly TimeSpan Prompt = TimeSpan.FromSeconds(10);

    private readonly FakeModule _module = new();
    private InProcessPlugin _plugin = null!;

    public async Task InitializeAsync() => _plugin = await InProcessPlugin.StartAsync(_module);
    public async Task DisposeAsync() => await _plugin.DisposeAsync();

    private Task<CreateResponse> Create(PropertyMap properties, bool preview = false, double timeout = 0) =>
        _plugin.CallAsync<CreateRequest, CreateResponse>("Create", new CreateRequest
        {
            Urn = Urn, Type = FakeResource.TypeToken, Properties = PropertyStruct.ToStruct(properties), Preview = preview, Timeout = timeout,
        });

    private static PropertyMap Mode(string mode) => PropertyMap.Empty.With("mode", PropertyValue.From(mode));

    [Fact]
    public async Task Cancel_aborts_an_in_flight_create_promptly_and_the_plugin_keeps_serving()
    {
        var blocked = Create(Mode("block"));
        await _module.Resource.Started.Task.WaitAsync(Prompt);

        await _plugin.CallAsync<Empty, Empty>("Cancel", new Empty());

        var error = await Assert.ThrowsAsync<RpcException>(() => blocked.WaitAsync(Prompt));
        Assert.Equal(StatusCode.Cancelled, error.StatusCode);
        // Operations after Cancel get a fresh token and run normally.
        Assert.Equal("gate-1", (await Create(Mode("echo"))).Id);
        Assert.Equal("0.1.0", (await _plugin.CallAsync<Empty, PluginInfo>("GetPluginInfo", new Empty())).Version);
    }

    [Fact]
    public async Task An_unknown_type_token_is_invalid_argument_naming_it()
    {
        var error = await Assert.ThrowsAsync<RpcException>(() => _plugin.CallAsync<CheckRequest, CheckResponse>("Check",
            new CheckRequest { Urn = "urn:pulumi:dev::proj::clusterscale:nope:Thing::x", News = new Struct() }));
        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        Assert.Contains("'clusterscale:nope:Thing'", error.Status.Detail);
        Assert.Contains(FakeResource.TypeToken, error.Status.Detail);
    }

    [Fact]
    public async Task Check_routes_by_the_urn_when_the_request_has_no_type()
    {
        var response = await _plugin.CallAsync<CheckRequest, CheckResponse>("Check",
            new CheckRequest { Urn = Urn, News = PropertyStruct.ToStruct(PropertyMap.Empty) });
        Assert.Equal("mode", Assert.Single(response.Failures).Property);
        Assert.NotNull(response.Inputs);
    }

    [Fact]
    public async Task Secret_inputs_echoed_into_outputs_and_schema_secret_outputs_are_wrapped()
    {
        var response = await Create(Mode("echo").With("password", PropertyValue.Secret(PropertyValue.From("pw"))));
        var outputs = PropertyStruct.ToMap(response.Properties);
        Assert.Equal(PropertyValue.Secret(PropertyValue.From("pw")), outputs["password"]);
        Assert.Equal(PropertyValue.Secret(PropertyValue.From("t-1")), outputs["token"]);
        Assert.Equal(PropertyValue.From("echo"), outputs["mode"]);
    }

    [Fact]
    public async Task Preview_create_may_return_unknowns()
    {
        var response = await Create(Mode("echo"), preview: true);
        Assert.True(PropertyStruct.ToMap(response.Properties)["token"].ContainsUnknowns);
    }

    [Fact]
    public async Task A_partial_failure_reaches_the_client_as_ErrorResourceInitFailed_with_secrets_protected()
    {
        var error = await Assert.ThrowsAsync<RpcException>(() => Create(Mode("partial").With("password", PropertyValue.Secret(PropertyValue.From("pw")))));
        var detail = ErrorMappingTests.DecodeInitFailed(error);
        Assert.Equal("gate-1", detail.Id);
        Assert.Equal(PropertyValue.Secret(PropertyValue.From("pw")), PropertyStruct.ToMap(detail.Properties)["password"]);
        Assert.Contains("wait cancelled after the change started", detail.Reasons);
    }

    [Fact]
    public async Task A_clean_failure_is_aborted_not_unknown()
    {
        var error = await Assert.ThrowsAsync<RpcException>(() => Create(Mode("failed")));
        Assert.Equal(StatusCode.Aborted, error.StatusCode);
        Assert.Equal("the agent rejected the change", error.Status.Detail);
    }

    [Fact]
    public async Task A_malformed_property_is_invalid_argument_naming_its_path()
    {
        var news = new Struct { Fields = { ["mode"] = Value.ForStruct(new Struct { Fields = { [PropertyStruct.SignatureKey] = Value.ForString(PropertyStruct.SecretSignature) } }) } };
        var error = await Assert.ThrowsAsync<RpcException>(() => _plugin.CallAsync<CheckRequest, CheckResponse>("Check", new CheckRequest { Urn = Urn, News = news }));
        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        Assert.Contains("'mode'", error.Status.Detail);
    }

    [Fact]
    public async Task Timeouts_of_zero_mean_unset()
    {
        await Create(Mode("echo"));
        Assert.Null(_module.Resource.LastCreate!.Timeout);
        await Create(Mode("echo"), timeout: 90);
        Assert.Equal(TimeSpan.FromSeconds(90), _module.Resource.LastCreate!.Timeout);
    }

    [Fact]
    public async Task Read_is_given_the_read_timeout_the_engine_passes_on_refresh_and_import()
    {
        await _plugin.CallAsync<ReadRequest, ReadResponse>("Read", new ReadRequest { Id = "gate-1", Urn = Urn, Type = FakeResource.TypeToken });
        Assert.Null(_module.Resource.LastRead!.Timeout);

        await _plugin.CallAsync<ReadRequest, ReadResponse>("Read", new ReadRequest { Id = "gate-1", Urn = Urn, Type = FakeResource.TypeToken, Timeout = 3 });
        Assert.Equal(TimeSpan.FromSeconds(3), _module.Resource.LastRead!.Timeout);
    }

    [Fact]
    public async Task Diff_reports_replacements_with_a_detailed_diff()
    {
        var response = await _plugin.CallAsync<DiffRequest, DiffResponse>("Diff", new DiffRequest
        {
            Id = "gate-1", Urn = Urn, Olds = PropertyStruct.ToStruct(Mode("a")), OldInputs = PropertyStruct.ToStruct(Mode("a")), News = PropertyStruct.ToStruct(Mode("b")),
        });
        Assert.Equal(DiffResponse.Types.DiffChanges.DiffSome, response.Changes);
        Assert.True(response.HasDetailedDiff);
        Assert.True(response.DeleteBeforeReplace);
        Assert.Equal(["mode"], response.Replaces);
        Assert.Equal(["mode"], response.Diffs);
        Assert.Equal(PropertyDiff.Types.Kind.UpdateReplace, response.DetailedDiff["mode"].Kind);
    }

    [Fact]
    public async Task Only_input_properties_are_marked_input_diffs()
    {
        var olds = Mode("a").With("token", PropertyValue.From("t-0"));

        var response = await _plugin.CallAsync<DiffRequest, DiffResponse>("Diff", new DiffRequest
        {
            Id = "gate-1", Urn = Urn, Olds = PropertyStruct.ToStruct(olds), OldInputs = PropertyStruct.ToStruct(Mode("a")), News = PropertyStruct.ToStruct(Mode("b")),
        });

        Assert.True(response.DetailedDiff["mode"].InputDiff);
        Assert.False(response.DetailedDiff["token"].InputDiff);
        Assert.Equal(["mode", "token"], response.Diffs);
    }

    [Fact]
    public void A_nested_path_is_an_input_diff_when_its_top_level_property_is_an_input()
    {
        var diff = new DiffResult(true, new Dictionary<string, DiffKind> { ["mode.level"] = DiffKind.Update, ["token[0]"] = DiffKind.Delete });

        var response = DiffResponses.From(diff, (Newtonsoft.Json.Linq.JObject)FakeResource.SchemaJson["inputProperties"]!);

        Assert.True(response.DetailedDiff["mode.level"].InputDiff);
        Assert.False(response.DetailedDiff["token[0]"].InputDiff);
    }

    [Fact]
    public async Task Read_of_a_vanished_resource_answers_an_empty_id()
    {
        var response = await _plugin.CallAsync<ReadRequest, ReadResponse>("Read", new ReadRequest { Id = "gone", Urn = Urn });
        Assert.Equal("", response.Id);
        Assert.Null(response.Properties);
    }

    [Fact]
    public async Task CheckConfig_decodes_json_strings_keeps_version_and_wraps_schema_secrets()
    {
        var news = PropertyMap.Empty
            .With("testEndpoints", PropertyValue.From("[\"127.0.0.1:1\"]"))
            .With("testPassword", PropertyValue.From("pw"))
            .With("version", PropertyValue.From("0.1.0"));
        var response = await _plugin.CallAsync<CheckRequest, CheckResponse>("CheckConfig", new CheckRequest { Urn = "urn:pulumi:dev::proj::pulumi:providers:clusterscale::default", News = PropertyStruct.ToStruct(news) });
        Assert.Empty(response.Failures);
        var inputs = PropertyStruct.ToMap(response.Inputs);
        Assert.Equal(PropertyValue.From([PropertyValue.From("127.0.0.1:1")]), inputs["testEndpoints"]);
        Assert.Equal(PropertyValue.Secret(PropertyValue.From("pw")), inputs["testPassword"]);
        Assert.Equal(PropertyValue.From("0.1.0"), inputs["version"]);
    }

    [Fact]
    public async Task CheckConfig_reports_undecodable_and_invalid_values_by_key()
    {
        var response = await _plugin.CallAsync<CheckRequest, CheckResponse>("CheckConfig", new CheckRequest
        {
            News = PropertyStruct.ToStruct(PropertyMap.Empty.With("testEndpoints", PropertyValue.From("[oops"))),
        });
        Assert.Equal("testEndpoints", Assert.Single(response.Failures).Property);

        response = await _plugin.CallAsync<CheckRequest, CheckResponse>("CheckConfig", new CheckRequest
        {
            News = PropertyStruct.ToStruct(PropertyMap.Empty.With("testEndpoints", PropertyValue.From("{\"a\":1}"))),
        });
        Assert.Equal("testEndpoints must be a list", Assert.Single(response.Failures).Reason);
    }

    [Fact]
    public async Task CheckConfig_masks_a_schema_secret_that_a_reason_quotes()
    {
        // The engine sends CheckConfig's values without secret wrappers (spec §5): the schema says which are secret.
        var response = await _plugin.CallAsync<CheckRequest, CheckResponse>("CheckConfig", new CheckRequest
        {
            News = PropertyStruct.ToStruct(PropertyMap.Empty.With("testPassword", PropertyValue.From("bad-s3cr3t"))),
        });

        var failure = Assert.Single(response.Failures);
        Assert.Equal("testPassword", failure.Property);
        Assert.DoesNotContain("s3cr3t", failure.Reason);
        Assert.Contains(SecretRedaction.Mask, failure.Reason);
    }

    [Fact]
    public async Task Configure_masks_secrets_in_invalid_config_reasons_and_in_module_refusals()
    {
        var invalid = await Assert.ThrowsAsync<RpcException>(() => _plugin.CallAsync<ConfigureRequest, ConfigureResponse>("Configure", new ConfigureRequest
        {
            Args = PropertyStruct.ToStruct(PropertyMap.Empty
                .With("testPassword", PropertyValue.Secret(PropertyValue.From("bad-s3cr3t")))
                .With("testEndpoint", PropertyValue.Secret(PropertyValue.From("bad-host-s3cr3t")))),
        }));
        var refused = await Assert.ThrowsAsync<RpcException>(() => _plugin.CallAsync<ConfigureRequest, ConfigureResponse>("Configure", new ConfigureRequest
        {
            // Marked secret by the user, not by the schema: the wrapper as sent is what counts.
            Args = PropertyStruct.ToStruct(PropertyMap.Empty.With("testEndpoint", PropertyValue.Secret(PropertyValue.From("refuse-s3cr3t")))),
        }));

        Assert.Equal(StatusCode.InvalidArgument, invalid.StatusCode);
        Assert.Contains("testPassword", invalid.Status.Detail);
        Assert.Contains("testEndpoint", invalid.Status.Detail);
        Assert.DoesNotContain("s3cr3t", invalid.Status.Detail);
        Assert.Equal(StatusCode.InvalidArgument, refused.StatusCode);
        Assert.Equal($"cannot reach '{SecretRedaction.Mask}'", refused.Status.Detail);
    }

    [Fact]
    public async Task Missing_configuration_is_reported_as_the_engine_renders_ConfigureErrorMissingKeys()
    {
        var error = await Assert.ThrowsAsync<RpcException>(() => Create(Mode("unconfigured")));

        Assert.Equal(StatusCode.FailedPrecondition, error.StatusCode);
        var trailer = error.Trailers.Get(ErrorMapping.StatusDetailsTrailer)!;
        var any = Assert.Single(Google.Rpc.Status.Parser.ParseFrom(trailer.ValueBytes).Details);
        Assert.Equal("type.googleapis.com/pulumirpc.ConfigureErrorMissingKeys", any.TypeUrl);
        var keys = any.Unpack<ConfigureErrorMissingKeys>().MissingKeys;
        Assert.Equal(["clusterscale:testEndpoint", "clusterscale:testPassword"], keys.Select(k => k.Name));
        Assert.Equal(
            "missing required configuration key \"clusterscale:testEndpoint\": an explicit provider takes it as its 'testEndpoint' argument.\n" +
            "Set a value using the command `pulumi config set clusterscale:testEndpoint <value>`.\n" +
            "missing required configuration key \"clusterscale:testPassword\": an explicit provider takes it as its 'testPassword' argument.\n" +
            "Set a value using the command `pulumi config set clusterscale:testPassword <value>`.",
            error.Status.Detail);
    }

    [Fact]
    public async Task DiffConfig_reports_changed_credentials_as_an_update_never_a_replace()
    {
        var olds = PropertyMap.Empty.With("testEndpoint", PropertyValue.From("a:1")).With("version", PropertyValue.From("0.1.0"));
        var news = olds.With("testEndpoint", PropertyValue.From("b:2")).With("testPassword", PropertyValue.Secret(PropertyValue.From("x")));
        var response = await _plugin.CallAsync<DiffRequest, DiffResponse>("DiffConfig", new DiffRequest { Olds = PropertyStruct.ToStruct(olds), News = PropertyStruct.ToStruct(news) });
        Assert.Equal(DiffResponse.Types.DiffChanges.DiffSome, response.Changes);
        Assert.Empty(response.Replaces);
        Assert.Equal(["testEndpoint", "testPassword"], response.Diffs);
        Assert.All(response.DetailedDiff.Values, d => Assert.Equal(PropertyDiff.Types.Kind.Update, d.Kind));

        var same = await _plugin.CallAsync<DiffRequest, DiffResponse>("DiffConfig", new DiffRequest { Olds = PropertyStruct.ToStruct(olds), News = PropertyStruct.ToStruct(olds) });
        Assert.Equal(DiffResponse.Types.DiffChanges.DiffNone, same.Changes);
    }

    [Fact]
    public async Task Configure_accepts_checked_args()
    {
        var args = PropertyMap.Empty.With("testEndpoints", PropertyValue.From([PropertyValue.From("a:1")]));
        var response = await _plugin.CallAsync<ConfigureRequest, ConfigureResponse>("Configure", new ConfigureRequest { Args = PropertyStruct.ToStruct(args) });
        Assert.True(response.AcceptSecrets);
        Assert.True(response.SupportsPreview);
        Assert.Equal(args, _module.Configured);
    }

    [Fact]
    public async Task Configure_accepts_the_deprecated_variables_map()
    {
        await _plugin.CallAsync<ConfigureRequest, ConfigureResponse>("Configure", new ConfigureRequest
        {
            Variables = { ["clusterscale:config:testEndpoints"] = "[\"a:1\",\"b:2\"]", ["clusterscale:config:testPassword"] = "pw", ["other:config:x"] = "y" },
        });
        Assert.Equal(PropertyValue.From([PropertyValue.From("a:1"), PropertyValue.From("b:2")]), _module.Configured!["testEndpoints"]);
        Assert.Equal(PropertyValue.Secret(PropertyValue.From("pw")), _module.Configured["testPassword"]);
        Assert.False(_module.Configured.ContainsKey("x"));
    }

    [Fact]
    public async Task Configure_rejects_invalid_config_naming_the_key()
    {
        var error = await Assert.ThrowsAsync<RpcException>(() => _plugin.CallAsync<ConfigureRequest, ConfigureResponse>("Configure", new ConfigureRequest
        {
            Args = PropertyStruct.ToStruct(PropertyMap.Empty.With("testEndpoints", PropertyValue.From("nope"))),
        }));
        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        Assert.Contains("clusterscale:testEndpoints", error.Status.Detail);
    }

    [Fact]
    public async Task Handshake_accepts_secrets_and_resources()
    {
        var response = await _plugin.CallAsync<ProviderHandshakeRequest, ProviderHandshakeResponse>("Handshake", new ProviderHandshakeRequest { EngineAddress = $"127.0.0.1:{_plugin.Server.Port}" });
        Assert.True(response.AcceptSecrets);
        Assert.True(response.AcceptResources);
        Assert.Equal($"127.0.0.1:{_plugin.Server.Port}", _plugin.Host.EngineLog.Address);
    }

    [Fact]
    public async Task Progress_never_fails_an_operation_when_the_engine_has_no_log_service()
    {
        // The plugin's own server has no pulumirpc.Engine service: every Log answers Unimplemented.
        _plugin.Host.EngineLog.Connect($"127.0.0.1:{_plugin.Server.Port}");
        Assert.Equal("gate-1", (await Create(Mode("log"))).Id);
    }

    [Fact]
    public async Task Progress_never_fails_an_operation_when_the_engine_is_gone()
    {
        _plugin.Host.EngineLog.Connect($"127.0.0.1:{UnusedPort()}");
        Assert.Equal("gate-1", (await Create(Mode("log"))).Id);
    }

    private static int UnusedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    [Fact]
    public async Task Unimplemented_rpcs_answer_unimplemented()
    {
        // Call (component methods) is not served: the provider's schema declares no methods.
        var error = await Assert.ThrowsAsync<RpcException>(() => _plugin.CallAsync<Empty, Empty>("Call", new Empty()));
        Assert.Equal(StatusCode.Unimplemented, error.StatusCode);
    }

    [Fact]
    public async Task Invoke_of_an_unknown_function_is_invalid_argument_naming_it()
    {
        var error = await Assert.ThrowsAsync<RpcException>(() =>
            _plugin.CallAsync<InvokeRequest, InvokeResponse>("Invoke", new InvokeRequest { Tok = "clusterscale:test:getNothing" }));
        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        Assert.Contains("clusterscale:test:getNothing", error.Status.Detail);
    }
}
