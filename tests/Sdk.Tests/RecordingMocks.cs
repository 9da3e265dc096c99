using System.Collections.Concurrent;
using System.Collections.Immutable;
using System.Text.Json;
using Pulumi.Testing;
using Pulumi.Utilities;

namespace Pulumi.ClusterScale.Sdk.Tests;

/// <summary>
/// The engine as the Pulumi SDK's unit-testing API models it: every registration reaches
/// <see cref="NewResourceAsync"/> with the inputs exactly as the SDK serialized them (wire names; strings, doubles,
/// bools, lists, maps; provider inputs marked json as JSON text). A resource's outputs echo its inputs.
/// </summary>
internal sealed class RecordingMocks : IMocks
{
    public ConcurrentQueue<MockResourceArgs> Registered { get; } = new();

    public Task<(string? id, object state)> NewResourceAsync(MockResourceArgs args)
    {
        Registered.Enqueue(args);
        // Id is "" for a new resource, the id being read for Get.
        return Task.FromResult<(string?, object)>((string.IsNullOrEmpty(args.Id) ? $"{args.Name}-id" : args.Id, args.Inputs));
    }

    public Task<object> CallAsync(MockCallArgs args) => throw new NotSupportedException($"no invoke expected, got {args.Token}");

    public MockResourceArgs Single(string type) => Assert.Single(Registered, r => r.Type == type);

    /// <summary>A test run: a deployment (not a preview) of <paramref name="program"/>.</summary>
    public static async Task<RecordingMocks> RunAsync(Action program, string project = "project")
    {
        var mocks = new RecordingMocks();
        await Deployment.TestAsync(mocks, new TestOptions { ProjectName = project, IsPreview = false }, program);
        return mocks;
    }

    /// <summary>A provider input the SDK sent as JSON text, parsed.</summary>
    public static JsonElement Json(MockResourceArgs resource, string key) =>
        JsonDocument.Parse(Assert.IsType<string>(resource.Inputs[key])).RootElement;
}

/// <summary>Reading outputs the way the Pulumi SDK lets tests read them.</summary>
internal static class Outputs
{
    public static T ValueOf<T>(Output<T> output) => OutputUtilities.GetValueAsync(output).GetAwaiter().GetResult();

    public static bool IsKnown<T>(Output<T> output) => OutputUtilities.GetIsKnownAsync(output).GetAwaiter().GetResult();

    public static bool IsSecret<T>(Output<T> output) => Output.IsSecretAsync(output).GetAwaiter().GetResult();

    public static ImmutableArray<string> Strings(object value) => [.. ((ImmutableArray<object>)value).Cast<string>()];
}
