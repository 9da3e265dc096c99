using System.Reflection;
using System.Text.Json;
using Pulumi.ClusterScale.ModelArts;
using Pulumi.ClusterScale.Obshell;
using Pulumi;
using Pulumi.Testing;

namespace Pulumi.ClusterScale.Sdk.Tests;

/// <summary>
/// The SDK's function classes say what sdk/schema.json's <c>functions</c> say, in gen-sdk's shape: a static class per
/// function with <c>InvokeAsync</c> (Task) and <c>Invoke</c> (Output, with <c>InvokeOptions</c> or
/// <c>InvokeOutputOptions</c>), <c>…Args</c> and <c>…InvokeArgs</c> whose [Input] names and requiredness are the
/// schema's inputs, and a <c>…Result</c> whose [OutputConstructor] parameters are the schema's outputs (names and
/// types), nested result types included. A call sends the function's token and arguments, and the answer comes back
/// as the result type, as the Pulumi SDK maps it (Deployment_Invoke.cs); these tests hold against the Pulumi package.
/// </summary>
public sealed class FunctionSdkTests
{
    private static readonly Assembly Sdk = typeof(GetCluster).Assembly;
    private static readonly JsonElement Schema = SdkMatchesSchemaTests.LoadSchema();
    private static readonly GenSdkNames Names = new(Schema, Sdk);

    public static TheoryData<string> Functions()
    {
        var data = new TheoryData<string>();
        foreach (var function in Schema.GetProperty("functions").EnumerateObject()) data.Add(function.Name);
        return data;
    }

    private static string ClassOf(string token)
    {
        var name = Names.ClassNameOf(token, "");
        var dot = name.LastIndexOf('.');
        return name[..(dot + 1)] + GenSdkNames.PascalCase(name[(dot + 1)..]);
    }

    private static JsonElement Spec(string token) => Schema.GetProperty("functions").GetProperty(token);

    [Fact]
    public void The_schema_has_both_functions() =>
        Assert.Equal(new[] { "clusterscale:modelarts:getSupernode", "clusterscale:obshell:getCluster" },
            Schema.GetProperty("functions").EnumerateObject().Select(f => f.Name).Order(StringComparer.Ordinal));

    /// <summary>The other direction: a function class the schema no longer has would compile and fail at run time.</summary>
    [Fact]
    public void Every_function_class_of_the_SDK_is_a_schema_function()
    {
        var expected = Schema.GetProperty("functions").EnumerateObject().Select(f => ClassOf(f.Name)).Order(StringComparer.Ordinal);
        var declared = Sdk.GetExportedTypes()
            .Where(t => t is { IsAbstract: true, IsSealed: true } && t.GetMethod("InvokeAsync", BindingFlags.Public | BindingFlags.Static) is not null)
            .Select(t => t.FullName!).Order(StringComparer.Ordinal);

        Assert.Equal(expected, declared);
    }

    [Theory]
    [MemberData(nameof(Functions))]
    public void The_static_class_has_InvokeAsync_returning_a_task_and_Invoke_returning_an_output(string token)
    {
        var type = Sdk.GetType(ClassOf(token));
        Assert.NotNull(type);
        Assert.True(type.IsAbstract && type.IsSealed, $"{type} must be a static class");
        var result = Sdk.GetType(ClassOf(token) + "Result");
        Assert.NotNull(result);
        Assert.Equal(typeof(Task<>).MakeGenericType(result), type.GetMethod("InvokeAsync")!.ReturnType);
        var invoke = type.GetMethod("Invoke", [Sdk.GetType(ClassOf(token) + "InvokeArgs")!, typeof(InvokeOptions)]);
        Assert.NotNull(invoke);
        Assert.Equal(typeof(Output<>).MakeGenericType(result), invoke.ReturnType);
        Assert.Equal(Sdk.GetType(ClassOf(token) + "Args"), type.GetMethod("InvokeAsync")!.GetParameters()[0].ParameterType);
    }

    [Theory]
    [MemberData(nameof(Functions))]
    public void Both_argument_classes_carry_the_schema_inputs_and_their_requiredness(string token)
    {
        var inputs = Spec(token).GetProperty("inputs");
        var required = inputs.TryGetProperty("required", out var r) ? r.EnumerateArray().Select(e => e.GetString()!).ToHashSet() : [];
        var expected = inputs.GetProperty("properties").EnumerateObject().Select(p => $"{p.Name} required={required.Contains(p.Name)}").Order();
        foreach (var suffix in new[] { "Args", "InvokeArgs" })
        {
            var type = Sdk.GetType(ClassOf(token) + suffix)!;
            Assert.True(typeof(InvokeArgs).IsAssignableFrom(type), $"{type} must derive from InvokeArgs");
            var declared = type.GetMembers(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic)
                // Read from the attribute's metadata: the Pulumi SDK keeps InputAttribute's properties internal.
                .Select(m => m.CustomAttributes.FirstOrDefault(a => a.AttributeType == typeof(InputAttribute))).OfType<CustomAttributeData>()
                .Select(a => $"{a.ConstructorArguments[0].Value} required={a.ConstructorArguments.Count > 1 && (bool)a.ConstructorArguments[1].Value!}").Order();
            Assert.Equal(expected, declared);
        }
    }

    [Theory]
    [MemberData(nameof(Functions))]
    public void The_result_and_its_nested_types_have_the_schema_outputs(string token)
    {
        CompareOutputType(ClassOf(token) + "Result", Spec(token).GetProperty("outputs"));
        foreach (var nested in References(Spec(token).GetProperty("outputs")))
            CompareOutputType(Names.ClassNameOf(nested, "Outputs."), Schema.GetProperty("types").GetProperty(nested));
    }

    private static void CompareOutputType(string className, JsonElement spec)
    {
        var type = Sdk.GetType(className);
        Assert.True(type is not null, $"the SDK has no class {className}");
        Assert.NotNull(type.GetCustomAttribute<OutputTypeAttribute>());
        var constructor = type.GetConstructors(BindingFlags.Instance | BindingFlags.NonPublic | BindingFlags.Public)
            .Single(c => c.GetCustomAttribute<OutputConstructorAttribute>() is not null);
        var required = spec.GetProperty("required").EnumerateArray().Select(e => e.GetString()!).ToHashSet();
        var expected = spec.GetProperty("properties").EnumerateObject()
            .Select(p => $"{p.Name}: {Names.OutputValueType(p.Value, optional: !required.Contains(p.Name))}").Order();
        var nullability = new NullabilityInfoContext();
        var actual = constructor.GetParameters().Select(p => $"{p.Name}: {Names.Render(p.ParameterType, nullability.Create(p))}").Order();
        Assert.Equal(expected, actual);
    }

    private static IEnumerable<string> References(JsonElement spec) =>
        spec.GetProperty("properties").EnumerateObject().Select(p => p.Value)
            .Select(v => v.TryGetProperty("items", out var items) ? items : v)
            .Where(v => v.TryGetProperty("$ref", out _))
            .Select(v => GenSdkNames.TokenOf(v.GetProperty("$ref"))).Distinct();

    [Theory]
    [MemberData(nameof(Functions))]
    public void Invoke_has_the_overload_taking_InvokeOutputOptions_that_gen_sdk_emits(string token)
    {
        var type = Sdk.GetType(ClassOf(token))!;
        var invokeArgs = Sdk.GetType(ClassOf(token) + "InvokeArgs")!;

        var overload = type.GetMethod("Invoke", [invokeArgs, typeof(InvokeOutputOptions)]);

        Assert.True(overload is not null, $"{type}.Invoke({invokeArgs.Name}, InvokeOutputOptions) is missing");
        Assert.Equal(typeof(Output<>).MakeGenericType(Sdk.GetType(ClassOf(token) + "Result")!), overload.ReturnType);
    }

    /// <summary>gen-sdk's WithDefaults (templates.go:77-92) fills in the version and the download location on invoke
    /// options, so a program that only calls functions still gets its plugin installed by the engine; what the
    /// caller set wins.</summary>
    [Fact]
    public void Invoke_options_default_to_the_package_version_and_plugin_download_url()
    {
        string version = Schema.GetProperty("version").GetString()!;
        string url = Schema.GetProperty("pluginDownloadURL").GetString()!;
        var utilities = Sdk.GetType($"{Names.PackageNamespace}.Utilities")!;
        InvokeOptions WithDefaults(Type optionsType, InvokeOptions? given) =>
            (InvokeOptions)utilities.GetMethod("WithDefaults", BindingFlags.Static | BindingFlags.Public, [optionsType])!.Invoke(null, [given])!;

        foreach (var optionsType in new[] { typeof(InvokeOptions), typeof(InvokeOutputOptions) })
        {
            InvokeOptions filled = WithDefaults(optionsType, null);
            Assert.IsType(optionsType, filled);
            Assert.Equal((version, url), (filled.Version, filled.PluginDownloadURL));

            var given = (InvokeOptions)Activator.CreateInstance(optionsType)!;
            given.Version = "9.9.9";
            given.PluginDownloadURL = "https://mirror.example/v9.9.9";
            Assert.Equal(("9.9.9", "https://mirror.example/v9.9.9"), (WithDefaults(optionsType, given).Version, WithDefaults(optionsType, given).PluginDownloadURL));
        }
    }

    [Fact]
    public async Task A_call_reaches_the_engine_with_the_function_token_and_arguments_and_its_result_is_mapped_back()
    {
        var mocks = new InvokeRecordingMocks();
        GetClusterResult? cluster = null;
        GetSupernodeResult? supernode = null;
        await Deployment.TestAsync(mocks, new TestOptions { IsPreview = false }, async () =>
        {
            cluster = await GetCluster.InvokeAsync(new GetClusterArgs { Endpoints = { "10.0.0.1:2886" } });
            supernode = await GetSupernode.InvokeAsync(new GetSupernodeArgs { SupernodeId = SupernodeId });
        });

        var calls = mocks.Calls.ToList();
        Assert.Equal(new[] { "clusterscale:obshell:getCluster", "clusterscale:modelarts:getSupernode" }, calls.Select(c => c.Token));
        Assert.Equal(new object[] { "10.0.0.1:2886" }, ((System.Collections.Immutable.ImmutableArray<object>)calls[0].Args["endpoints"]).ToArray());
        Assert.Equal(SupernodeId, calls[1].Args["supernodeId"]);
        AssertClusterMapped(cluster!);
        AssertSupernodeMapped(supernode!);
    }

    [Fact]
    public async Task The_output_forms_map_the_result_back_and_an_explicit_provider_reaches_the_engine()
    {
        var mocks = new InvokeRecordingMocks();
        Output<GetClusterResult>? cluster = null;
        Output<GetSupernodeResult>? supernode = null;
        Provider? provider = null;
        await Deployment.TestAsync(mocks, new TestOptions { IsPreview = false }, () =>
        {
            provider = new Provider("explicit");
            cluster = GetCluster.Invoke(new GetClusterInvokeArgs { Endpoints = { Output.Create("10.0.0.1:2886") } },
                new InvokeOutputOptions { Provider = provider });
            supernode = GetSupernode.Invoke(new GetSupernodeInvokeArgs { SupernodeId = SupernodeId });
        });

        AssertClusterMapped(Outputs.ValueOf(cluster!));
        AssertSupernodeMapped(Outputs.ValueOf(supernode!));
        Assert.False(Outputs.IsSecret(cluster!));
        Assert.Equal($"{Outputs.ValueOf(provider!.Urn)}::explicit-id", mocks.Calls.First().Provider);
        Assert.Equal("", mocks.Calls.Last().Provider);
    }

    /// <summary>An argument not known yet (a preview) is not sent: the result is unknown (Deployment_Invoke.cs).</summary>
    [Fact]
    public async Task An_unknown_argument_is_not_sent_and_the_result_is_unknown()
    {
        var mocks = new InvokeRecordingMocks();
        Output<GetSupernodeResult>? supernode = null;
        await Deployment.TestAsync(mocks, new TestOptions { IsPreview = true }, () =>
        {
            var capacity = new SupernodeScale("capacity", new SupernodeScaleArgs
            {
                SupernodeId = SupernodeId, Flavor = "f", ImageId = "i", KeyPairName = "k",
            });
            supernode = GetSupernode.Invoke(new GetSupernodeInvokeArgs { SupernodeId = capacity.SupernodeStatus });
        });

        Assert.Empty(mocks.Calls);
        Assert.False(Outputs.IsKnown(supernode!));
    }

    private const string SupernodeId = "0f6fc7b6-9a5d-4c4e-9d38-1f0d1bd8e7a1";

    private static void AssertClusterMapped(GetClusterResult cluster)
    {
        Assert.Equal(("obcluster", 7, "4.3.5.1", false), (cluster.ClusterName, cluster.ClusterId, cluster.Version, cluster.UnderMaintenance));
        Assert.Equal(["zone1", "zone4"], cluster.Zones.ToArray());
        var member = Assert.Single(cluster.Members);
        Assert.Equal(("10.0.0.1", 2886, "zone1", "ACTIVE", "MASTER"), (member.Ip, member.ObshellPort, member.Zone, member.Status, member.Identity));
        var dag = Assert.Single(cluster.UnfinishedDags);
        Assert.Equal(("1100000000000001", "Cluster scale out", "FAILED"), (dag.Id, dag.Name, dag.State));
    }

    private static void AssertSupernodeMapped(GetSupernodeResult supernode)
    {
        Assert.Equal((SupernodeId, "train", "ACTIVE", "flavor-16", "POST_PAID"),
            (supernode.SupernodeId, supernode.Name, supernode.Status, supernode.Flavor, supernode.ChargingMode));
        var server = Assert.Single(supernode.Servers);
        Assert.Equal(("s1", "train-1", "RUNNING", "sub-flavor"), (server.Id, server.Name, server.Status, server.Flavor));
        var option = Assert.Single(supernode.ScaleOptions);
        Assert.Equal(("flavor-32", "sub-flavor", true), (option.Flavor, option.ResourceFlavor, option.SoldOut));
    }

    /// <summary>Answers each function as the provider would (wire names, numbers as the engine sends them), and
    /// registers resources with their inputs as outputs.</summary>
    private sealed class InvokeRecordingMocks : IMocks
    {
        public System.Collections.Concurrent.ConcurrentQueue<MockCallArgs> Calls { get; } = new();

        public Task<(string? id, object state)> NewResourceAsync(MockResourceArgs args) =>
            Task.FromResult<(string?, object)>(($"{args.Name}-id", args.Inputs));

        public Task<object> CallAsync(MockCallArgs args)
        {
            Calls.Enqueue(args);
            return Task.FromResult<object>(args.Token switch
            {
                "clusterscale:obshell:getCluster" => new Dictionary<string, object>
                {
                    ["clusterName"] = "obcluster",
                    ["clusterId"] = 7.0,
                    ["version"] = "4.3.5.1",
                    ["members"] = new object[]
                    {
                        new Dictionary<string, object> { ["ip"] = "10.0.0.1", ["obshellPort"] = 2886.0, ["zone"] = "zone1", ["status"] = "ACTIVE", ["identity"] = "MASTER" },
                    },
                    ["zones"] = new object[] { "zone1", "zone4" },
                    ["underMaintenance"] = false,
                    ["unfinishedDags"] = new object[]
                    {
                        new Dictionary<string, object> { ["id"] = "1100000000000001", ["name"] = "Cluster scale out", ["state"] = "FAILED" },
                    },
                },
                "clusterscale:modelarts:getSupernode" => new Dictionary<string, object>
                {
                    ["supernodeId"] = SupernodeId,
                    ["name"] = "train",
                    ["status"] = "ACTIVE",
                    ["flavor"] = "flavor-16",
                    ["chargingMode"] = "POST_PAID",
                    ["servers"] = new object[]
                    {
                        new Dictionary<string, object> { ["id"] = "s1", ["name"] = "train-1", ["status"] = "RUNNING", ["flavor"] = "sub-flavor" },
                    },
                    ["scaleOptions"] = new object[]
                    {
                        new Dictionary<string, object> { ["flavor"] = "flavor-32", ["resourceFlavor"] = "sub-flavor", ["soldOut"] = true },
                    },
                },
                _ => throw new NotSupportedException(args.Token),
            });
        }
    }
}
