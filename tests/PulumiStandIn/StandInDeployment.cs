// NOT Pulumi: the part of the stand-in (see README.md) that replaces the engine and the Pulumi SDK's serializer.
// Internal, as the Pulumi SDK's machinery is: tests see only what IMocks receives and what outputs resolve to.
using System.Collections;
using System.Collections.Immutable;
using System.Reflection;
using System.Text.Json;
using System.Text.Json.Nodes;
using Pulumi.Testing;

namespace Pulumi;

internal sealed class StandInDeployment
{
    private const BindingFlags AnyInstance = BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic;
    private static readonly AsyncLocal<StandInDeployment?> CurrentSlot = new();

    private readonly IMocks? _mocks;
    private readonly List<Resource> _resources = [];

    private StandInDeployment(string projectName, string stackName, bool isDryRun, IMocks? mocks)
    {
        ProjectName = projectName;
        StackName = stackName;
        IsDryRun = isDryRun;
        _mocks = mocks;
    }

    public static StandInDeployment Current => CurrentSlot.Value
        ?? throw new InvalidOperationException("Trying to acquire Deployment.Instance before 'Run' was called.");

    public string ProjectName { get; }
    public string StackName { get; }
    public bool IsDryRun { get; }

    /// <summary>The stack configuration from PULUMI_CONFIG, where the engine puts it (Deployment_Config.cs), with
    /// "project:config:key" keys cleaned to "project:key" as the SDK does.</summary>
    public IReadOnlyDictionary<string, string> Config { get; } = ReadConfig();

    public static async Task<int> RunAsync(Func<Task<IDictionary<string, object?>>> program)
    {
        var deployment = new StandInDeployment(Environment.GetEnvironmentVariable("PULUMI_PROJECT") ?? "project",
            Environment.GetEnvironmentVariable("PULUMI_STACK") ?? "stack", isDryRun: true, mocks: null);
        CurrentSlot.Value = deployment;
        try
        {
            await program();
            Console.Error.WriteLine(
                $"This program was built against tests/PulumiStandIn, which is NOT Pulumi: it declared {deployment._resources.Count} " +
                "resources and nothing was deployed. Build with -p:PulumiStandIn=false to use the Pulumi SDK.");
        }
        catch (Exception error)
        {
            Console.Error.WriteLine($"error: {error.Message}");
        }
        finally
        {
            CurrentSlot.Value = null;
        }
        // Never 0: an engine must not mistake a stand-in build for a program that declares no resources.
        return 1;
    }

    public static async Task<(ImmutableArray<Resource> Resources, IDictionary<string, object?> Outputs)> TestAsync(
        IMocks mocks, TestOptions options, Func<Task<IDictionary<string, object?>>> program)
    {
        var deployment = new StandInDeployment(options.ProjectName ?? "project", options.StackName ?? "stack", options.IsPreview ?? true, mocks);
        CurrentSlot.Value = deployment;
        try
        {
            IDictionary<string, object?> outputs = await program();
            return (deployment._resources.ToImmutableArray(), outputs);
        }
        catch (Exception error)
        {
            // The Pulumi SDK logs a program's exception as an engine error and TestAsync throws it as a RunException.
            throw error is RunException ? new RunException(error.Message)
                : new RunException($"Running program failed with an unhandled exception:\n{error}");
        }
        finally
        {
            CurrentSlot.Value = null;
        }
    }

    public void Register(Resource resource)
    {
        _resources.Add(resource);
        // As under the Pulumi SDK's TestAsync and RunAsync, every resource is a child of the stack.
        string urn = $"urn:pulumi:{StackName}::{ProjectName}::pulumi:pulumi:Stack${resource.Type}::{resource.Name}";
        if (_mocks is null)
        {
            // Nothing answers: every output stays unknown, as in a preview.
            resource.Urn = Output<string>.Unknown();
            if (resource is CustomResource custom)
            {
                custom.Id = custom.Options.Id?.ToOutput() is { IsKnown: true, Value: { Length: > 0 } } read ? read : Output<string>.Unknown();
            }
            SetOutputs(resource, state: null);
            return;
        }

        var readId = resource.Options.Id?.ToOutput() is { IsKnown: true, Value: { Length: > 0 } } id ? id.Value : null;
        ResourceOptions options = resource.Options;
        var (mockId, state) = _mocks.NewResourceAsync(new MockResourceArgs
        {
            Type = resource.Type,
            Name = resource.Name,
            Inputs = readId is null && resource.Args is not null ? SerializeArgs(resource.Args) : ImmutableDictionary<string, object>.Empty,
            // The engine's provider reference; the request field is a string, so "no explicit provider" is "".
            Provider = ProviderReference(options.Provider),
            // A string field on the wire too: a new resource's is "".
            Id = readId ?? (options as CustomResourceOptions)?.ImportId ?? "",
        }).GetAwaiter().GetResult();

        resource.Urn = Output.Create(urn);
        if (resource is CustomResource customResource)
        {
            string? finalId = mockId ?? readId;
            customResource.Id = string.IsNullOrEmpty(finalId) ? Output<string>.Unknown() : Output.Create(finalId);
        }
        SetOutputs(resource, state as IDictionary<string, object> ?? throw new NotSupportedException(
            "the stand-in reads a mock's state as IDictionary<string, object> only"));
    }

    /// <summary>A function call reaches the mocks with its arguments serialized like a resource's inputs, and the
    /// answer is mapped into the function's result type as the Pulumi SDK's converter does (wire names are the
    /// [OutputConstructor] parameter names; numbers become the parameter's numeric type). Outside a test there is no
    /// engine to ask.</summary>
    public async Task<T> InvokeAsync<T>(string token, InvokeArgs args, InvokeOptions? options)
    {
        if (_mocks is null)
            throw new NotSupportedException($"{token}: this program was built against tests/PulumiStandIn, which is NOT Pulumi and cannot invoke functions");
        object answer = await _mocks.CallAsync(new MockCallArgs { Token = token, Args = SerializeArgs(args), Provider = ProviderReference(options?.Provider) });
        return (T)Deserialize(Serialize(answer), typeof(T))!;
    }

    /// <summary>The output form: unknown without a call when an argument is unknown (or outside a test, where no
    /// engine answers), else the mapped answer, known and not secret.</summary>
    public Output<T> Invoke<T>(string token, InvokeArgs args, InvokeOptions? options)
    {
        if (_mocks is null || InputMembers(args.GetType()).Any(input => ValueOf(input.Member, args) is IOutputValue { IsKnown: false }))
        {
            return Output<T>.Unknown();
        }
        return Output.Create(InvokeAsync<T>(token, args, options).GetAwaiter().GetResult());
    }

    /// <summary>The engine's provider reference: a string on the wire, "" for the default provider.</summary>
    private static string ProviderReference(ProviderResource? provider) =>
        provider is null ? "" : $"{provider.Urn.Value}::{provider.Id.Value}";

    private static object? ValueOf(MemberInfo member, object owner) =>
        member is FieldInfo field ? field.GetValue(owner) : ((PropertyInfo)member).GetValue(owner);

    // ---- inputs: what the Pulumi SDK's serializer sends and MockMonitor hands to IMocks ----

    private static ImmutableDictionary<string, object> SerializeArgs(object args)
    {
        var inputs = ImmutableDictionary.CreateBuilder<string, object>();
        foreach (var (member, attribute) in InputMembers(args.GetType()))
        {
            object? value = ValueOf(member, args);
            if (value is null)
            {
                if (attribute.IsRequired)
                {
                    throw new ArgumentNullException(member.Name, $"[Input] {args.GetType().FullName}.{member.Name} is required but was not given a value");
                }
                continue;
            }
            if (value is IOutputValue { IsKnown: false })
            {
                continue;
            }
            if (Serialize(value) is not { } serialized)
            {
                continue;
            }
            inputs[attribute.Name] = attribute.Json ? ToJsonNode(serialized)?.ToJsonString() ?? "null" : serialized;
        }
        return inputs.ToImmutable();
    }

    private static IEnumerable<(MemberInfo Member, InputAttribute Attribute)> InputMembers(Type type)
    {
        for (Type? current = type; current is not null && current != typeof(object); current = current.BaseType)
        {
            foreach (MemberInfo member in current.GetMembers(AnyInstance | BindingFlags.DeclaredOnly))
            {
                if (member is FieldInfo or PropertyInfo && member.GetCustomAttribute<InputAttribute>() is { } attribute)
                {
                    yield return (member, attribute);
                }
            }
        }
    }

    private static object? Serialize(object? value) => value switch
    {
        null => null,
        IOutputValue output => output.IsKnown ? Serialize(output.UntypedValue) : null,
        string or bool => value,
        int or long or double or float => Convert.ToDouble(value, System.Globalization.CultureInfo.InvariantCulture),
        ResourceArgs nested => SerializeArgs(nested),
        IDictionary map => map.Keys.Cast<object>().ToImmutableDictionary(k => (string)k, k => Serialize(map[k])!),
        IEnumerable list => list.Cast<object?>().Select(Serialize).ToImmutableArray(),
        _ => throw new NotSupportedException($"the stand-in cannot serialize a {value.GetType()}"),
    };

    private static JsonNode? ToJsonNode(object? value) => value switch
    {
        null => null,
        ImmutableDictionary<string, object> map => new JsonObject(map.Select(kv => KeyValuePair.Create(kv.Key, ToJsonNode(kv.Value)))),
        ImmutableArray<object?> list => new JsonArray(list.Select(ToJsonNode).ToArray()),
        _ => JsonValue.Create(value),
    };

    // ---- outputs: the mock's state resolves the [Output] properties ----

    private void SetOutputs(Resource resource, IDictionary<string, object>? state)
    {
        foreach (PropertyInfo property in resource.GetType().GetProperties(AnyInstance))
        {
            // Urn and Id are resolved above, from the registration itself.
            if (property.DeclaringType!.Assembly == typeof(Resource).Assembly
                || property.GetCustomAttribute<OutputAttribute>() is not { } attribute || !property.PropertyType.IsGenericType
                || property.PropertyType.GetGenericTypeDefinition() != typeof(Output<>))
            {
                continue;
            }
            Type valueType = property.PropertyType.GetGenericArguments()[0];
            string key = attribute.Name ?? property.Name;
            // An output the engine did not return is unknown in a preview, and absent (default) in an update.
            bool known = state is not null && (state.ContainsKey(key) || !IsDryRun);
            object? value = known ? Deserialize(state!.TryGetValue(key, out object? raw) ? raw : null, valueType) : null;
            object output = typeof(StandInDeployment).GetMethod(nameof(MakeOutput), BindingFlags.Static | BindingFlags.NonPublic)!
                .MakeGenericMethod(valueType).Invoke(null, [value, known])!;
            property.SetValue(resource, output);
        }
    }

    private static Output<T> MakeOutput<T>(object? value, bool known) => known ? Output.Create((T)value!) : Output<T>.Unknown();

    private static object? Deserialize(object? raw, Type target)
    {
        if (Nullable.GetUnderlyingType(target) is { } underlying)
        {
            return raw is null ? null : Deserialize(raw, underlying);
        }
        if (target.IsGenericType && target.GetGenericTypeDefinition() == typeof(ImmutableArray<>))
        {
            Type element = target.GetGenericArguments()[0];
            IEnumerable<object?> items = raw is IEnumerable list and not string ? list.Cast<object?>() : [];
            return typeof(ImmutableArray).GetMethods().Single(m => m.Name == nameof(ImmutableArray.CreateRange) && m.GetParameters().Length == 1)
                .MakeGenericMethod(element).Invoke(null, [CastList(items.Select(item => Deserialize(item, element)), element)]);
        }
        if (target.IsGenericType && target.GetGenericTypeDefinition() == typeof(ImmutableDictionary<,>))
        {
            Type valueType = target.GetGenericArguments()[1];
            var builder = (IDictionary)typeof(ImmutableDictionary).GetMethods()
                .Single(m => m.Name == nameof(ImmutableDictionary.CreateBuilder) && m.GetParameters().Length == 0)
                .MakeGenericMethod(typeof(string), valueType).Invoke(null, null)!;
            if (raw is IDictionary map)
            {
                foreach (DictionaryEntry entry in map)
                {
                    builder[entry.Key] = Deserialize(entry.Value, valueType);
                }
            }
            return builder.GetType().GetMethod("ToImmutable")!.Invoke(builder, null);
        }
        if (raw is null)
        {
            return target.IsValueType ? Activator.CreateInstance(target) : null;
        }
        if (target.GetCustomAttribute<OutputTypeAttribute>() is not null)
        {
            var fields = (IDictionary<string, object>)raw;
            ConstructorInfo constructor = target.GetConstructors(AnyInstance).Single(c => c.GetCustomAttribute<OutputConstructorAttribute>() is not null);
            return constructor.Invoke(constructor.GetParameters()
                .Select(p => Deserialize(fields.TryGetValue(p.Name!, out object? v) ? v : null, p.ParameterType)).ToArray());
        }
        return target == typeof(string) ? (string)raw : Convert.ChangeType(raw, target, System.Globalization.CultureInfo.InvariantCulture);
    }

    private static IEnumerable CastList(IEnumerable<object?> items, Type element) =>
        (IEnumerable)typeof(Enumerable).GetMethod(nameof(Enumerable.Cast))!.MakeGenericMethod(element).Invoke(null, [items])!;

    private static IReadOnlyDictionary<string, string> ReadConfig()
    {
        var config = Environment.GetEnvironmentVariable("PULUMI_CONFIG") is { Length: > 0 } json
            ? JsonSerializer.Deserialize<Dictionary<string, string>>(json) ?? []
            : [];
        return config.ToDictionary(kv => CleanKey(kv.Key), kv => kv.Value);
    }

    private static string CleanKey(string key)
    {
        int colon = key.IndexOf(':');
        return colon > 0 && key[(colon + 1)..].StartsWith("config:", StringComparison.Ordinal)
            ? key[..colon] + ":" + key[(colon + 1 + "config:".Length)..]
            : key;
    }
}
