namespace Pulumi.ClusterScale.Sdk.Tests;

/// <summary>
/// tests/PulumiStandIn must be a faithful subset of the Pulumi .NET SDK's public API: same namespaces, names and
/// signatures, and nothing public that the Pulumi SDK keeps internal (e.g. InputAttribute's Name/IsRequired/Json,
/// Input.ToOutput as an instance method, Config's ConfigMissingException), or the SDK and these tests could come to
/// rely on something that does not compile against the Pulumi package. Every line below was checked against
/// pulumi/pulumi-dotnet@5e61d9a sdk/Pulumi (PublicAPI.Shipped.txt and the sources: Core/Input.cs, InputList.cs,
/// InputMap.cs, Output.cs, OutputUtilities.cs, Resources/*.cs, Serialization/Attributes.cs, Config.cs,
/// Exceptions/RunException.cs, Log.cs, Deployment/Deployment_Run.cs, DeploymentInstance.cs, InvokeOptions.cs
/// (InvokeOutputOptions, since pulumi-dotnet 3.71.0, within the SDK's [3.76.1.0,4) range), Testing/IMocks.cs,
/// Testing/TestOptions.cs). Adding to the stand-in means checking the Pulumi SDK and adding the line here.
/// </summary>
public sealed class StandInSurfaceTests
{
    private const string PulumiSubset = """
        sealed class Pulumi.Config
          .ctor(System.String name = null)
          Pulumi.Output<System.String> GetSecret(System.String key)
          Pulumi.Output<System.String> RequireSecret(System.String key)
          System.Boolean? GetBoolean(System.String key)
          System.Int32? GetInt32(System.String key)
          System.String Get(System.String key)
          System.String Require(System.String key)
          T GetObject<T>(System.String key)
          T RequireObject<T>(System.String key)
        class Pulumi.CustomResource : Pulumi.Resource
          .ctor(System.String type, System.String name, Pulumi.ResourceArgs args, Pulumi.CustomResourceOptions options = null)
          Pulumi.Output<System.String> Id { get; }
        sealed class Pulumi.CustomResourceOptions : Pulumi.ResourceOptions
          .ctor()
          System.Boolean? DeleteBeforeReplace { get; set; }
          System.Collections.Generic.List<System.String> AdditionalSecretOutputs { get; set; }
          System.String ImportId { get; set; }
          static Pulumi.CustomResourceOptions Merge(Pulumi.CustomResourceOptions options1, Pulumi.CustomResourceOptions options2)
        sealed class Pulumi.CustomTimeouts
          .ctor()
          System.TimeSpan? Create { get; set; }
          System.TimeSpan? Delete { get; set; }
          System.TimeSpan? Update { get; set; }
        sealed class Pulumi.Deployment
          static Pulumi.DeploymentInstance Instance { get; }
          static System.Threading.Tasks.Task<System.Collections.Immutable.ImmutableArray<Pulumi.Resource>> TestAsync(Pulumi.Testing.IMocks testMocks, Pulumi.Testing.TestOptions testOptions, System.Action createResources)
          static System.Threading.Tasks.Task<System.Collections.Immutable.ImmutableArray<Pulumi.Resource>> TestAsync(Pulumi.Testing.IMocks testMocks, Pulumi.Testing.TestOptions testOptions, System.Func<System.Threading.Tasks.Task> createResources)
          static System.Threading.Tasks.Task<System.Int32> RunAsync(System.Action action)
          static System.Threading.Tasks.Task<System.Int32> RunAsync(System.Func<System.Collections.Generic.IDictionary<System.String, System.Object>> func)
          static System.Threading.Tasks.Task<System.Int32> RunAsync(System.Func<System.Threading.Tasks.Task<System.Collections.Generic.IDictionary<System.String, System.Object>>> func)
          static System.Threading.Tasks.Task<System.Int32> RunAsync(System.Func<System.Threading.Tasks.Task> func)
          static System.Threading.Tasks.Task<System.ValueTuple<System.Collections.Immutable.ImmutableArray<Pulumi.Resource>, System.Collections.Generic.IDictionary<System.String, System.Object>>> TestAsync(Pulumi.Testing.IMocks testMocks, Pulumi.Testing.TestOptions testOptions, System.Func<System.Collections.Generic.IDictionary<System.String, System.Object>> createResources)
          static System.Threading.Tasks.Task<System.ValueTuple<System.Collections.Immutable.ImmutableArray<Pulumi.Resource>, System.Collections.Generic.IDictionary<System.String, System.Object>>> TestAsync(Pulumi.Testing.IMocks testMocks, Pulumi.Testing.TestOptions testOptions, System.Func<System.Threading.Tasks.Task<System.Collections.Generic.IDictionary<System.String, System.Object>>> createResources)
        sealed class Pulumi.DeploymentInstance
          System.Boolean IsDryRun { get; }
          System.String ProjectName { get; }
          System.String StackName { get; }
          Pulumi.Output<T> Invoke<T>(System.String token, Pulumi.InvokeArgs args, Pulumi.InvokeOptions options = null)
          Pulumi.Output<T> Invoke<T>(System.String token, Pulumi.InvokeArgs args, Pulumi.InvokeOutputOptions options)
          System.Threading.Tasks.Task<T> InvokeAsync<T>(System.String token, Pulumi.InvokeArgs args, Pulumi.InvokeOptions options = null)
        sealed class Pulumi.InputAttribute : System.Attribute
          .ctor(System.String name, System.Boolean required = False, System.Boolean json = False)
        static class Pulumi.InputExtensions
          static Pulumi.Output<T> ToOutput<T>(Pulumi.Input<T> input)
          static Pulumi.Output<TResult> Apply<T, TResult>(Pulumi.Input<T> input, System.Func<T, TResult> func)
        sealed class Pulumi.InputList<T> : Pulumi.Input<System.Collections.Immutable.ImmutableArray<T>>, System.Collections.IEnumerable
          .ctor()
          System.Void Add(params Pulumi.Input<T>[] inputs)
          static Pulumi.InputList<T> op_Implicit(Pulumi.Input<T>[] values)
          static Pulumi.InputList<T> op_Implicit(Pulumi.Output<System.Collections.Immutable.ImmutableArray<T>> values)
          static Pulumi.InputList<T> op_Implicit(Pulumi.Output<T[]> values)
          static Pulumi.InputList<T> op_Implicit(System.Collections.Generic.List<T> values)
          static Pulumi.InputList<T> op_Implicit(System.Collections.Immutable.ImmutableArray<T> values)
          static Pulumi.InputList<T> op_Implicit(T value)
          static Pulumi.InputList<T> op_Implicit(T[] values)
        sealed class Pulumi.InputMap<V> : Pulumi.Input<System.Collections.Immutable.ImmutableDictionary<System.String, V>>, System.Collections.IEnumerable
          .ctor()
          Pulumi.Input<V> Item { set; }
          System.Void Add(System.String key, Pulumi.Input<V> value)
          static Pulumi.InputMap<V> op_Implicit(Pulumi.Output<System.Collections.Immutable.ImmutableDictionary<System.String, V>> values)
          static Pulumi.InputMap<V> op_Implicit(System.Collections.Generic.Dictionary<System.String, V> values)
          static Pulumi.InputMap<V> op_Implicit(System.Collections.Immutable.ImmutableDictionary<System.String, V> values)
        abstract class Pulumi.InvokeArgs
          protected .ctor()
          static readonly Pulumi.InvokeArgs Empty
        class Pulumi.InvokeOptions
          .ctor()
          Pulumi.ProviderResource Provider { get; set; }
          Pulumi.Resource Parent { get; set; }
          System.String PluginDownloadURL { get; set; }
          System.String Version { get; set; }
        class Pulumi.InvokeOutputOptions : Pulumi.InvokeOptions
          .ctor()
          Pulumi.InputList<Pulumi.Resource> DependsOn { get; set; }
        class Pulumi.Input<T>
          static Pulumi.Input<T> op_Implicit(Pulumi.Output<T> value)
          static Pulumi.Input<T> op_Implicit(T value)
          static Pulumi.Output<T> op_Implicit(Pulumi.Input<T> input)
        static class Pulumi.Log
          static System.Void Debug(System.String message, Pulumi.Resource resource = null, System.Int32? streamId = null, System.Boolean? ephemeral = null)
          static System.Void Error(System.String message, Pulumi.Resource resource = null, System.Int32? streamId = null, System.Boolean? ephemeral = null)
          static System.Void Info(System.String message, Pulumi.Resource resource = null, System.Int32? streamId = null, System.Boolean? ephemeral = null)
          static System.Void Warn(System.String message, Pulumi.Resource resource = null, System.Int32? streamId = null, System.Boolean? ephemeral = null)
        static class Pulumi.Output
          static Pulumi.Output<System.Collections.Immutable.ImmutableArray<T>> All<T>(params Pulumi.Input<T>[] inputs)
          static Pulumi.Output<System.String> Format(System.FormattableString formattableString)
          static Pulumi.Output<System.ValueTuple<T1, T2, T3>> Tuple<T1, T2, T3>(Pulumi.Input<T1> item1, Pulumi.Input<T2> item2, Pulumi.Input<T3> item3)
          static Pulumi.Output<System.ValueTuple<T1, T2>> Tuple<T1, T2>(Pulumi.Input<T1> item1, Pulumi.Input<T2> item2)
          static Pulumi.Output<T> Create<T>(T value)
          static Pulumi.Output<T> CreateSecret<T>(Pulumi.Output<T> value)
          static Pulumi.Output<T> CreateSecret<T>(T value)
          static Pulumi.Output<T> Unsecret<T>(Pulumi.Output<T> output)
          static System.Threading.Tasks.Task<System.Boolean> IsSecretAsync<T>(Pulumi.Output<T> output)
        sealed class Pulumi.OutputAttribute : System.Attribute
          .ctor(System.String name = null)
          System.String Name { get; }
        sealed class Pulumi.OutputConstructorAttribute : System.Attribute
          .ctor()
        sealed class Pulumi.OutputTypeAttribute : System.Attribute
          .ctor()
        sealed class Pulumi.Output<T>
          Pulumi.Output<U> Apply<U>(System.Func<T, Pulumi.Input<U>> func)
          Pulumi.Output<U> Apply<U>(System.Func<T, Pulumi.Output<U>> func)
          Pulumi.Output<U> Apply<U>(System.Func<T, U> func)
        class Pulumi.ProviderResource : Pulumi.CustomResource
          .ctor(System.String package, System.String name, Pulumi.ResourceArgs args, Pulumi.CustomResourceOptions options = null)
        class Pulumi.Resource
          Pulumi.Output<System.String> Urn { get; }
          System.String GetResourceName()
          System.String GetResourceType()
        abstract class Pulumi.ResourceArgs
          protected .ctor()
          static readonly Pulumi.ResourceArgs Empty
        abstract class Pulumi.ResourceOptions
          Pulumi.CustomTimeouts CustomTimeouts { get; set; }
          Pulumi.Input<System.String> Id { get; set; }
          Pulumi.InputList<Pulumi.Resource> DependsOn { get; set; }
          Pulumi.ProviderResource Provider { get; set; }
          Pulumi.Resource Parent { get; set; }
          System.Boolean? Protect { get; set; }
          System.Boolean? RetainOnDelete { get; set; }
          System.Collections.Generic.List<Pulumi.ResourceTransformation> ResourceTransformations { get; set; }
          System.Collections.Generic.List<System.String> IgnoreChanges { get; set; }
          System.Collections.Generic.List<System.String> ReplaceOnChanges { get; set; }
          System.String PluginDownloadURL { get; set; }
          System.String Version { get; set; }
          protected .ctor()
        delegate Pulumi.ResourceTransformation : System.ICloneable, System.Runtime.Serialization.ISerializable
          Pulumi.ResourceTransformationResult? Invoke(Pulumi.ResourceTransformationArgs args)
        struct Pulumi.ResourceTransformationArgs
          .ctor(Pulumi.Resource resource, Pulumi.ResourceArgs args, Pulumi.ResourceOptions options)
          Pulumi.Resource Resource { get; }
          Pulumi.ResourceArgs Args { get; }
          Pulumi.ResourceOptions Options { get; }
        struct Pulumi.ResourceTransformationResult
          .ctor(Pulumi.ResourceArgs args, Pulumi.ResourceOptions options)
          Pulumi.ResourceArgs Args { get; }
          Pulumi.ResourceOptions Options { get; }
        class Pulumi.ResourceTypeAttribute : System.Attribute
          .ctor(System.String type, System.String version)
          System.String Type { get; }
          System.String Version { get; }
        class Pulumi.RunException : System.Exception, System.Runtime.Serialization.ISerializable
          .ctor(System.String message)
          .ctor(System.String message, System.Exception innerException)
        interface Pulumi.Testing.IMocks
          System.Threading.Tasks.Task<System.Object> CallAsync(Pulumi.Testing.MockCallArgs args)
          System.Threading.Tasks.Task<System.ValueTuple<System.String, System.Object>> NewResourceAsync(Pulumi.Testing.MockResourceArgs args)
        class Pulumi.Testing.MockCallArgs
          .ctor()
          System.Collections.Immutable.ImmutableDictionary<System.String, System.Object> Args { get; set; }
          System.String Provider { get; set; }
          System.String Token { get; set; }
        class Pulumi.Testing.MockResourceArgs
          .ctor()
          System.Collections.Immutable.ImmutableDictionary<System.String, System.Object> Inputs { get; set; }
          System.String Id { get; set; }
          System.String Name { get; set; }
          System.String Provider { get; set; }
          System.String Type { get; set; }
        class Pulumi.Testing.TestOptions
          .ctor()
          System.Boolean? IsPreview { get; set; }
          System.String ProjectName { get; set; }
          System.String StackName { get; set; }
        static class Pulumi.Utilities.OutputUtilities
          static System.Threading.Tasks.Task<System.Boolean> GetIsKnownAsync<T>(Pulumi.Output<T> output)
          static System.Threading.Tasks.Task<T> GetValueAsync<T>(Pulumi.Output<T> output)
        """;

    [Fact]
    public void The_stand_in_exposes_only_public_api_of_the_Pulumi_SDK()
    {
        var assembly = typeof(Output).Assembly;
        // Against the Pulumi package itself (-p:PulumiStandIn=false) there is no stand-in to check.
        if (assembly.GetName().Name != "PulumiStandIn") return;

        List<string> expected = Qualified(PulumiSubset.Split('\n').Select(l => l.TrimEnd()));
        List<string> actual = Qualified(StandInSurface.Render(assembly));

        var extra = actual.Except(expected).ToList();
        var missing = expected.Except(actual).ToList();
        Assert.True(extra.Count == 0 && missing.Count == 0,
            $"public in the stand-in but not in the list checked against the Pulumi SDK:\n  {string.Join("\n  ", extra)}\n" +
            $"listed but no longer in the stand-in:\n  {string.Join("\n  ", missing)}");
    }

    /// <summary>Member lines carry their type, so "Name { get; }" of one attribute is not taken for another's.</summary>
    private static List<string> Qualified(IEnumerable<string> lines)
    {
        string owner = "";
        var result = new List<string>();
        foreach (string line in lines.Where(l => l.Length > 0))
        {
            if (!line.StartsWith(' ')) owner = line;
            result.Add(line.StartsWith(' ') ? $"{owner} |{line}" : line);
        }
        return result;
    }
}
