using System.Reflection;
using System.Text.Json;
using Pulumi.ClusterScale.ModelArts;
using Pulumi.ClusterScale.Obshell;
using Pulumi;
using Pulumi.Testing;

namespace Pulumi.ClusterScale.Sdk.Tests;

/// <summary>
/// The SDK's function classes say what sdk/schema.json's <c>functions</c> say, in gen-sdk's shape: a static class per
/// function with <c>InvokeAsync</c> (Task) and <c>Invoke</c> (Output), <c>…Args</c> and <c>…InvokeArgs</c> whose
/// [Input] names and requiredness are the schema's inputs, and a <c>…Result</c> whose [OutputConstructor] parameters
/// are the schema's outputs (names and types), nested result types included. And a call sends the function's token.
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
        Assert.Equal(typeof(Output<>).MakeGenericType(result), type.GetMethod("Invoke")!.ReturnType);
        Assert.Equal(Sdk.GetType(ClassOf(token) + "Args"), type.GetMethod("InvokeAsync")!.GetParameters()[0].ParameterType);
        Assert.Equal(Sdk.GetType(ClassOf(token) + "InvokeArgs"), type.GetMethod("Invoke")!.GetParameters()[0].ParameterType);
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

    [Fact]
    public async Task A_call_reaches_the_engine_with_the_function_token_and_the_arguments_by_wire_name()
    {
        var mocks = new InvokeRecordingMocks();
        await Deployment.TestAsync(mocks, new TestOptions { IsPreview = false }, async () =>
        {
            await Assert.ThrowsAsync<NotSupportedException>(() => GetCluster.InvokeAsync(new GetClusterArgs { Endpoints = { "10.0.0.1:2886" } }));
            await Assert.ThrowsAsync<NotSupportedException>(() => GetSupernode.InvokeAsync(new GetSupernodeArgs { SupernodeId = "0f6fc7b6-9a5d-4c4e-9d38-1f0d1bd8e7a1" }));
        });

        var calls = mocks.Calls.ToList();
        Assert.Equal(new[] { "clusterscale:obshell:getCluster", "clusterscale:modelarts:getSupernode" }, calls.Select(c => c.Token));
        Assert.Equal(new object[] { "10.0.0.1:2886" }, ((System.Collections.Immutable.ImmutableArray<object>)calls[0].Args["endpoints"]).ToArray());
        Assert.Equal("0f6fc7b6-9a5d-4c4e-9d38-1f0d1bd8e7a1", calls[1].Args["supernodeId"]);
    }

    private sealed class InvokeRecordingMocks : IMocks
    {
        public System.Collections.Concurrent.ConcurrentQueue<MockCallArgs> Calls { get; } = new();

        public Task<(string? id, object state)> NewResourceAsync(MockResourceArgs args) => throw new NotSupportedException(args.Type);

        public Task<object> CallAsync(MockCallArgs args)
        {
            Calls.Enqueue(args);
            return Task.FromResult<object>(new Dictionary<string, object>());
        }
    }
}
