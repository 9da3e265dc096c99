using System.Collections;
using System.Collections.Immutable;
using System.Reflection;
using System.Text.Json;
using Pulumi.Testing;

namespace Pulumi.ClusterScale.Sdk.Tests;

/// <summary>
/// Compares the C# SDK with a package schema through what the Pulumi .NET SDK makes public, so it holds against the
/// Pulumi package as well as the stand-in: tokens from <see cref="ResourceTypeAttribute"/>, wire names from
/// <see cref="OutputAttribute"/> and the <see cref="InputAttribute"/> constructor arguments (attribute metadata;
/// the attribute's own properties are internal in the Pulumi SDK), secret inputs with
/// <see cref="Output.IsSecretAsync{T}"/>, and defaults, secret outputs and resource options by registering each
/// resource under <see cref="Deployment.TestAsync(IMocks, TestOptions, Action)"/>. Every difference is one line
/// naming the resource or type and the property.
/// </summary>
internal sealed class SchemaConformance
{
    private const BindingFlags AnyInstance = BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic;

    private readonly JsonElement _schema;
    private readonly Assembly _sdk;
    private readonly List<string> _mismatches = [];
    private readonly NullabilityInfoContext _nullability = new();
    private readonly GenSdkNames _names;

    private SchemaConformance(JsonElement schema, Assembly sdk)
    {
        _schema = schema;
        _sdk = sdk;
        _names = new GenSdkNames(schema, sdk);
    }

    public static IReadOnlyList<string> Compare(JsonElement schema, Assembly sdk)
    {
        var conformance = new SchemaConformance(schema, sdk);
        conformance.CompareNaming();
        conformance.CompareResources();
        conformance.CompareNestedTypes();
        return conformance._mismatches;
    }

    private string PackageName => _schema.GetProperty("name").GetString()!;

    private void Mismatch(string message) => _mismatches.Add(message);

    // ---- names gen-sdk derives from language.csharp ----

    private void CompareNaming()
    {
        if (_sdk.GetName().Name != _names.PackageNamespace)
        {
            Mismatch($"the SDK assembly is {_sdk.GetName().Name}, gen-sdk would name it {_names.PackageNamespace}");
        }
        if (_sdk.GetType(_names.ResourceTypeAttributeName) is not { } attribute || !typeof(ResourceTypeAttribute).IsAssignableFrom(attribute))
        {
            Mismatch($"the SDK has no {_names.ResourceTypeAttributeName} deriving from Pulumi.ResourceTypeAttribute");
        }
    }

    // ---- resources (the provider is one, with token pulumi:providers:<package>) ----

    private sealed record ResourceSpec(string Token, string ClassName, JsonElement Spec, bool IsProvider)
    {
        public List<JsonProperty> Inputs => Objects(Spec, "inputProperties");
        public HashSet<string> RequiredInputs => Names(Spec, "requiredInputs");
    }

    private IEnumerable<ResourceSpec> SchemaResources()
    {
        yield return new ResourceSpec($"pulumi:providers:{PackageName}", _names.ProviderClassName, _schema.GetProperty("provider"), IsProvider: true);
        foreach (JsonProperty resource in Objects(_schema, "resources"))
        {
            yield return new ResourceSpec(resource.Name, _names.ClassNameOf(resource.Name, ""), resource.Value, IsProvider: false);
        }
    }

    private void CompareResources()
    {
        List<ResourceSpec> specs = SchemaResources().ToList();
        foreach (Type type in _sdk.GetTypes())
        {
            if (type.GetCustomAttribute<ResourceTypeAttribute>() is { } attribute && specs.All(s => s.Token != attribute.Type))
            {
                Mismatch($"SDK class {type.FullName} declares resource {attribute.Type}, which the schema does not have");
            }
        }
        foreach (ResourceSpec spec in specs)
        {
            CompareResource(spec);
        }
    }

    private void CompareResource(ResourceSpec resource)
    {
        Type? type = _sdk.GetType(resource.ClassName);
        Type? argsType = _sdk.GetType(resource.ClassName + "Args");
        if (type is null || argsType is null)
        {
            Mismatch($"{resource.Token}: the SDK has no class {(type is null ? resource.ClassName : resource.ClassName + "Args")}");
            return;
        }
        ResourceTypeAttribute? attribute = type.GetCustomAttribute<ResourceTypeAttribute>();
        if (attribute?.Type != resource.Token)
        {
            Mismatch($"{resource.Token}: SDK class {type.FullName} declares resource type '{attribute?.Type}'");
        }
        string version = _schema.GetProperty("version").GetString()!;
        if (attribute?.Version != version)
        {
            Mismatch($"{resource.Token}: SDK class {type.FullName} declares version '{attribute?.Version}', the schema '{version}'");
        }
        CompareOutputs(resource.Token, type, Objects(resource.Spec, "properties"), Names(resource.Spec, "required"));
        bool inputsMatch = CompareInputs(resource.Token, argsType, resource.Inputs, resource.RequiredInputs, resource.IsProvider);
        if (inputsMatch)
        {
            CompareRegistration(resource, type, argsType);
        }
    }

    private void CompareOutputs(string owner, Type type, List<JsonProperty> properties, HashSet<string> required)
    {
        // Urn and Id are the Pulumi base classes' own outputs, not the schema's.
        Dictionary<string, PropertyInfo> outputs = type.GetProperties(BindingFlags.Instance | BindingFlags.Public)
            .Where(p => p.DeclaringType!.Assembly == _sdk && p.GetCustomAttribute<OutputAttribute>() is not null)
            .ToDictionary(p => p.GetCustomAttribute<OutputAttribute>()!.Name ?? p.Name);
        CompareNames(owner, "output", properties.Select(p => p.Name), outputs.Keys);
        foreach (JsonProperty property in properties.Where(p => outputs.ContainsKey(p.Name)))
        {
            PropertyInfo output = outputs[property.Name];
            string expected = $"Output<{_names.OutputValueType(property.Value, optional: !required.Contains(property.Name))}>";
            string actual = _names.Render(output.PropertyType, _nullability.Create(output));
            if (actual != expected)
            {
                Mismatch($"{owner}: output '{property.Name}' is {actual} in the SDK, the schema says {expected}");
            }
        }
    }

    /// <returns>Whether the input names and types match, so that samples can be assigned to register it.</returns>
    private bool CompareInputs(string owner, Type argsType, List<JsonProperty> properties, HashSet<string> required, bool isProvider)
    {
        int before = _mismatches.Count;
        if (!typeof(ResourceArgs).IsAssignableFrom(argsType))
        {
            Mismatch($"{owner}: {argsType.FullName} does not derive from Pulumi.ResourceArgs");
        }
        Dictionary<string, InputSpec> inputs = InputMembers(argsType);
        CompareNames(owner, "input", properties.Select(p => p.Name), inputs.Keys);
        bool assignable = _mismatches.Count == before;
        foreach (JsonProperty property in properties.Where(p => inputs.ContainsKey(p.Name)))
        {
            InputSpec input = inputs[property.Name];
            if (input.Required != required.Contains(property.Name))
            {
                Mismatch($"{owner}: input '{property.Name}' is {(input.Required ? "required" : "optional")} in the SDK, " +
                         $"{(required.Contains(property.Name) ? "required" : "optional")} in the schema");
            }
            string expected = _names.InputType(property.Value);
            string actual = _names.Render(MemberType(input.Member), nullability: null);
            if (actual != expected)
            {
                Mismatch($"{owner}: input '{property.Name}' is {actual} in the SDK, the schema says {expected}");
                assignable = false;
                continue;
            }
            // Provider configuration travels as strings; gen-sdk marks every non-string provider input json.
            bool expectedJson = isProvider && GenSdkNames.TypeName(property.Value) != "string";
            if (input.Json != expectedJson)
            {
                Mismatch($"{owner}: input '{property.Name}' has json: {input.Json.ToString().ToLowerInvariant()}, expected {expectedJson.ToString().ToLowerInvariant()}");
            }
            if (PublicProperty(argsType, property.Name) is null)
            {
                Mismatch($"{owner}: input '{property.Name}' has no public settable property {GenSdkNames.PascalCase(property.Name)}");
                assignable = false;
                continue;
            }
            CompareSecretInput(owner, argsType, property);
        }
        return assignable;
    }

    /// <summary>Sets the public property to a plain value and asks the Pulumi API whether what it holds is secret.</summary>
    private void CompareSecretInput(string owner, Type argsType, JsonProperty property)
    {
        bool expectedSecret = IsSecret(property.Value);
        if (!IsScalar(property.Value))
        {
            if (expectedSecret)
            {
                Mismatch($"{owner}: input '{property.Name}' is a secret non-scalar, which this test cannot check");
            }
            return;
        }
        PropertyInfo setter = PublicProperty(argsType, property.Name)!;
        object args = Activator.CreateInstance(argsType)!;
        setter.SetValue(args, ToInput(setter.PropertyType, Sample(setter.PropertyType, property.Value)));
        bool actualSecret = IsSecretInput(setter.GetValue(args)!);
        if (actualSecret != expectedSecret)
        {
            Mismatch($"{owner}: input '{property.Name}' is {(actualSecret ? "secret" : "not secret")} in the SDK, " +
                     $"{(expectedSecret ? "secret" : "not secret")} in the schema");
        }
    }

    /// <summary>
    /// Registers the resource with only its required inputs set and compares what the SDK sends and which options it
    /// adds: every optional input is the schema's <c>default</c> (or absent), each <c>defaultInfo.environment</c>
    /// variable supplies its value when set, secret outputs are <c>AdditionalSecretOutputs</c>, properties marked
    /// <c>replaceOnChanges</c> are <c>ReplaceOnChanges</c>, and the version and
    /// plugin download URL are the schema's.
    /// </summary>
    private void CompareRegistration(ResourceSpec resource, Type type, Type argsType)
    {
        Dictionary<string, InputSpec> inputs = InputMembers(argsType);
        List<JsonProperty> optional = resource.Inputs.Where(p => !resource.RequiredInputs.Contains(p.Name)).ToList();
        using (EnvironmentVariables.Cleared(optional.SelectMany(p => EnvironmentOf(p.Value))))
        {
            if (Register(resource, type, argsType, customize: null) is not var (sent, options))
            {
                return;
            }
            foreach (JsonProperty property in optional)
            {
                string expected = property.Value.TryGetProperty("default", out JsonElement value) ? JsonSerializer.Serialize(value) : "null";
                string actual = SentJson(sent, property.Name, inputs[property.Name].Json);
                if (actual != expected)
                {
                    Mismatch($"{resource.Token}: input '{property.Name}' defaults to {actual} in the SDK, the schema says {expected}");
                }
            }
            CompareOptions(resource, options);
            foreach (JsonProperty property in optional)
            {
                foreach (string variable in EnvironmentOf(property.Value))
                {
                    (string text, string expected) = EnvironmentSample(property);
                    using (EnvironmentVariables.Set(variable, text))
                    {
                        if (Register(resource, type, argsType, customize: null) is var (withVariable, _)
                            && SentJson(withVariable, property.Name, inputs[property.Name].Json) is var actual && actual != expected)
                        {
                            Mismatch($"{resource.Token}: input '{property.Name}' is {actual} with {variable}={text}, expected {expected} (defaultInfo.environment)");
                        }
                    }
                }
            }
        }
    }

    private void CompareOptions(ResourceSpec resource, CustomResourceOptions options)
    {
        List<JsonProperty> outputs = Objects(resource.Spec, "properties");
        HashSet<string> declared = options.AdditionalSecretOutputs.ToHashSet();
        foreach (JsonProperty property in outputs.Where(p => IsSecret(p.Value) != declared.Contains(p.Name)))
        {
            Mismatch($"{resource.Token}: output '{property.Name}' is {(declared.Contains(property.Name) ? "" : "not ")}in AdditionalSecretOutputs, " +
                     $"but the schema says secret: {IsSecret(property.Value).ToString().ToLowerInvariant()}");
        }
        foreach (string name in declared.Where(n => outputs.All(p => p.Name != n)))
        {
            Mismatch($"{resource.Token}: AdditionalSecretOutputs names '{name}', which is not an output in the schema");
        }
        // gen-sdk lists the schema's replaceOnChanges properties in the default options (gen.go:1106-1117).
        var replaceOnChanges = outputs.Concat(resource.Inputs)
            .Where(p => p.Value.TryGetProperty("replaceOnChanges", out JsonElement flag) && flag.GetBoolean())
            .Select(p => p.Name).ToHashSet();
        foreach (string name in replaceOnChanges.Except(options.ReplaceOnChanges).Order(StringComparer.Ordinal))
        {
            Mismatch($"{resource.Token}: '{name}' is not in ReplaceOnChanges, but the schema says replaceOnChanges: true");
        }
        foreach (string name in options.ReplaceOnChanges.Except(replaceOnChanges).Order(StringComparer.Ordinal))
        {
            Mismatch($"{resource.Token}: ReplaceOnChanges names '{name}', which the schema does not mark replaceOnChanges");
        }
        if (options.Version != _schema.GetProperty("version").GetString())
        {
            Mismatch($"{resource.Token}: registered with version '{options.Version}', the schema says '{_schema.GetProperty("version").GetString()}'");
        }
        string? downloadUrl = _schema.TryGetProperty("pluginDownloadURL", out JsonElement url) ? url.GetString() : null;
        if (options.PluginDownloadURL != downloadUrl)
        {
            Mismatch($"{resource.Token}: registered with PluginDownloadURL '{options.PluginDownloadURL}', the schema says '{downloadUrl}'");
        }
    }

    /// <summary>Declares the resource under Deployment.TestAsync and returns what IMocks received and the options
    /// the resource registered with (seen by a resource transformation, the Pulumi API's window on them).</summary>
    private (MockResourceArgs Sent, CustomResourceOptions Options)? Register(ResourceSpec resource, Type type, Type argsType, Action<object>? customize)
    {
        var mocks = new RecordingMocks();
        CustomResourceOptions? registered = null;
        try
        {
            Deployment.TestAsync(mocks, new TestOptions { IsPreview = false }, () =>
            {
                object args = NewArgs(argsType, resource.Inputs, resource.RequiredInputs);
                customize?.Invoke(args);
                var options = new CustomResourceOptions
                {
                    ResourceTransformations = { transformation => { registered = (CustomResourceOptions)transformation.Options; return null; } },
                };
                Activator.CreateInstance(type, ["schema-conformance", args, options]);
            }).GetAwaiter().GetResult();
        }
        catch (RunException error)
        {
            Mismatch($"{resource.Token}: registering it with its required inputs failed: {error.Message}");
            return null;
        }
        return (Assert.Single(mocks.Registered), registered!);
    }

    /// <summary>The JSON of what was sent for <paramref name="key"/> ("null" when absent); provider inputs marked
    /// json travel as JSON text and are parsed first.</summary>
    private static string SentJson(MockResourceArgs sent, string key, bool json) =>
        !sent.Inputs.TryGetValue(key, out object? value) ? "null"
        : json ? JsonSerializer.Serialize(JsonDocument.Parse((string)value).RootElement)
        : JsonSerializer.Serialize(value);

    // ---- nested types ----

    private void CompareNestedTypes()
    {
        var inputTypes = new HashSet<string>();
        var outputTypes = new HashSet<string>();
        foreach (ResourceSpec resource in SchemaResources())
        {
            CollectReferences(resource.Inputs.Select(p => p.Value), inputTypes);
            CollectReferences(Objects(resource.Spec, "properties").Select(p => p.Value), outputTypes);
        }
        // Function results are output types too (gen-sdk puts them in Outputs/ like a resource's).
        foreach (JsonProperty function in Objects(_schema, "functions"))
        {
            CollectReferences(Objects(function.Value.GetProperty("outputs"), "properties").Select(p => p.Value), outputTypes);
        }
        foreach (string token in inputTypes)
        {
            JsonElement spec = TypeSpec(token);
            string className = _names.ClassNameOf(token, "Inputs.") + "Args";
            if (_sdk.GetType(className) is not { } type)
            {
                Mismatch($"type {token}: the SDK has no input class {className}");
                continue;
            }
            string owner = $"type {token} ({className})";
            if (CompareInputs(owner, type, Objects(spec, "properties"), Names(spec, "required"), isProvider: false))
            {
                CompareNestedDefaults(owner, token, type, spec);
            }
        }
        foreach (string token in outputTypes)
        {
            CompareOutputType(token, TypeSpec(token));
        }
        var expectedClasses = inputTypes.Select(t => _names.ClassNameOf(t, "Inputs.") + "Args")
            .Concat(outputTypes.Select(t => _names.ClassNameOf(t, "Outputs."))).ToHashSet();
        foreach (Type type in _sdk.GetTypes().Where(t => t.Namespace?.EndsWith(".Inputs") == true || t.Namespace?.EndsWith(".Outputs") == true))
        {
            if (!type.IsNested && !expectedClasses.Contains(type.FullName!))
            {
                Mismatch($"SDK type {type.FullName} matches no type the schema's resources use");
            }
        }
    }

    /// <summary>A nested input type's defaults, as sent inside the first resource input that refers to it.</summary>
    private void CompareNestedDefaults(string owner, string token, Type nestedType, JsonElement spec)
    {
        foreach (ResourceSpec resource in SchemaResources())
        {
            if (resource.Inputs.FirstOrDefault(p => p.Value.TryGetProperty("$ref", out JsonElement r) && GenSdkNames.TokenOf(r) == token) is not { Value.ValueKind: JsonValueKind.Object } reference
                || _sdk.GetType(resource.ClassName) is not { } type || _sdk.GetType(resource.ClassName + "Args") is not { } argsType)
            {
                continue;
            }
            object nested = NewArgs(nestedType, Objects(spec, "properties"), Names(spec, "required"));
            PropertyInfo setter = PublicProperty(argsType, reference.Name)!;
            if (Register(resource, type, argsType, args => setter.SetValue(args, ToInput(setter.PropertyType, nested))) is not var (sent, _))
            {
                return;
            }
            var fields = (IDictionary<string, object>)sent.Inputs[reference.Name];
            foreach (JsonProperty property in Objects(spec, "properties").Where(p => !Names(spec, "required").Contains(p.Name)))
            {
                string expected = property.Value.TryGetProperty("default", out JsonElement value) ? JsonSerializer.Serialize(value) : "null";
                string actual = fields.TryGetValue(property.Name, out object? sentValue) ? JsonSerializer.Serialize(sentValue) : "null";
                if (actual != expected)
                {
                    Mismatch($"{owner}: input '{property.Name}' defaults to {actual} in the SDK, the schema says {expected}");
                }
            }
            return;
        }
    }

    private void CompareOutputType(string token, JsonElement spec)
    {
        string className = _names.ClassNameOf(token, "Outputs.");
        string owner = $"type {token} ({className})";
        Type? type = _sdk.GetType(className);
        if (type is null)
        {
            Mismatch($"type {token}: the SDK has no output class {className}");
            return;
        }
        if (type.GetCustomAttribute<OutputTypeAttribute>() is null)
        {
            Mismatch($"{owner}: not marked [OutputType]");
        }
        ConstructorInfo[] constructors = type.GetConstructors(AnyInstance).Where(c => c.GetCustomAttribute<OutputConstructorAttribute>() is not null).ToArray();
        if (constructors.Length != 1)
        {
            Mismatch($"{owner}: has {constructors.Length} [OutputConstructor] constructors, needs exactly one");
            return;
        }
        Dictionary<string, ParameterInfo> parameters = constructors[0].GetParameters().ToDictionary(p => p.Name!);
        List<JsonProperty> properties = Objects(spec, "properties");
        HashSet<string> required = Names(spec, "required");
        CompareNames(owner, "property", properties.Select(p => p.Name), parameters.Keys);
        foreach (JsonProperty property in properties.Where(p => parameters.ContainsKey(p.Name)))
        {
            string expected = _names.OutputValueType(property.Value, optional: !required.Contains(property.Name));
            string actual = _names.Render(parameters[property.Name].ParameterType, _nullability.Create(parameters[property.Name]));
            if (actual != expected)
            {
                Mismatch($"{owner}: property '{property.Name}' is {actual} in the SDK, the schema says {expected}");
            }
        }
    }

    private void CollectReferences(IEnumerable<JsonElement> specs, HashSet<string> tokens)
    {
        foreach (JsonElement spec in specs)
        {
            if (spec.TryGetProperty("$ref", out JsonElement reference) && tokens.Add(GenSdkNames.TokenOf(reference)))
            {
                CollectReferences(Objects(TypeSpec(GenSdkNames.TokenOf(reference)), "properties").Select(p => p.Value), tokens);
            }
            foreach (string nested in new[] { "items", "additionalProperties" })
            {
                if (spec.TryGetProperty(nested, out JsonElement inner))
                {
                    CollectReferences([inner], tokens);
                }
            }
        }
    }

    private JsonElement TypeSpec(string token) => _schema.GetProperty("types").GetProperty(token);

    // ---- samples: values the public setters accept ----

    /// <summary>A fresh args object with every required input set to a sample.</summary>
    private object NewArgs(Type argsType, List<JsonProperty> properties, HashSet<string> required)
    {
        object args = Activator.CreateInstance(argsType)!;
        foreach (JsonProperty property in properties.Where(p => required.Contains(p.Name)))
        {
            PropertyInfo setter = PublicProperty(argsType, property.Name)!;
            setter.SetValue(args, ToInput(setter.PropertyType, Sample(setter.PropertyType, property.Value)));
        }
        return args;
    }

    /// <summary>A plain value for an input of type Input&lt;T&gt;, InputList&lt;T&gt; or InputMap&lt;T&gt;.</summary>
    private object Sample(Type inputType, JsonElement spec)
    {
        Type element = InputValueType(inputType);
        if (inputType.GetGenericTypeDefinition() == typeof(InputList<>))
        {
            Type item = element.GetGenericArguments()[0];
            return typeof(SchemaConformance).GetMethod(nameof(ArrayOf), BindingFlags.Static | BindingFlags.NonPublic)!
                .MakeGenericMethod(item).Invoke(null, [Sample(typeof(Input<>).MakeGenericType(item), spec.GetProperty("items"))])!;
        }
        if (inputType.GetGenericTypeDefinition() == typeof(InputMap<>))
        {
            Type value = element.GetGenericArguments()[1];
            return typeof(SchemaConformance).GetMethod(nameof(MapOf), BindingFlags.Static | BindingFlags.NonPublic)!
                .MakeGenericMethod(value).Invoke(null, [Sample(typeof(Input<>).MakeGenericType(value), spec.GetProperty("additionalProperties"))])!;
        }
        return GenSdkNames.TypeName(spec) switch
        {
            "ref" => NewArgs(element, Objects(TypeSpec(GenSdkNames.TokenOf(spec.GetProperty("$ref"))), "properties"),
                Names(TypeSpec(GenSdkNames.TokenOf(spec.GetProperty("$ref"))), "required")),
            "integer" => 7,
            "boolean" => true,
            "number" => 1.5,
            _ => "sample",
        };
    }

    private static ImmutableArray<T> ArrayOf<T>(T item) => [item];

    private static ImmutableDictionary<string, T> MapOf<T>(T value) => ImmutableDictionary<string, T>.Empty.Add("key", value);

    /// <summary>T of an Input&lt;T&gt; (ImmutableArray&lt;T&gt; for an InputList).</summary>
    private static Type InputValueType(Type inputType)
    {
        for (Type? type = inputType; type is not null; type = type.BaseType)
        {
            if (type.IsGenericType && type.GetGenericTypeDefinition() == typeof(Input<>))
            {
                return type.GetGenericArguments()[0];
            }
        }
        throw new ArgumentException($"{inputType} is not an Input<T>");
    }

    private static object ToInput(Type inputType, object value) =>
        inputType.GetMethods(BindingFlags.Public | BindingFlags.Static)
            .Single(m => m.Name == "op_Implicit" && m.ReturnType == inputType && m.GetParameters()[0].ParameterType == value.GetType())
            .Invoke(null, [value])!;

    /// <summary>Whether an Input holds a secret, asked through the public API (InputExtensions.ToOutput, Output.IsSecretAsync).</summary>
    private static bool IsSecretInput(object input)
    {
        Type value = InputValueType(input.GetType());
        object output = typeof(InputExtensions).GetMethod(nameof(InputExtensions.ToOutput))!.MakeGenericMethod(value).Invoke(null, [input])!;
        var secret = (Task<bool>)typeof(Output).GetMethod(nameof(Output.IsSecretAsync))!.MakeGenericMethod(value).Invoke(null, [output])!;
        return secret.GetAwaiter().GetResult();
    }

    // ---- helpers ----

    private sealed record InputSpec(MemberInfo Member, bool Required, bool Json);

    /// <summary>The [Input] members by wire name, read from the attribute's constructor arguments (name, required, json).</summary>
    private static Dictionary<string, InputSpec> InputMembers(Type argsType) =>
        argsType.GetMembers(AnyInstance)
            .Where(m => m is FieldInfo or PropertyInfo)
            .Select(m => (Member: m, Data: m.GetCustomAttributesData().FirstOrDefault(a => a.AttributeType == typeof(InputAttribute))))
            .Where(m => m.Data is not null)
            .ToDictionary(m => (string)m.Data!.ConstructorArguments[0].Value!,
                m => new InputSpec(m.Member, (bool)m.Data!.ConstructorArguments[1].Value!, (bool)m.Data.ConstructorArguments[2].Value!));

    private static PropertyInfo? PublicProperty(Type argsType, string wireName) =>
        argsType.GetProperty(GenSdkNames.PascalCase(wireName), BindingFlags.Instance | BindingFlags.Public) is { SetMethod.IsPublic: true } property ? property : null;

    private static Type MemberType(MemberInfo member) => member is FieldInfo field ? field.FieldType : ((PropertyInfo)member).PropertyType;

    private static bool IsScalar(JsonElement spec) => GenSdkNames.TypeName(spec) is "string" or "integer" or "boolean" or "number";

    /// <summary>A value for an environment variable and the JSON of the input it must produce.</summary>
    private static (string Text, string ExpectedJson) EnvironmentSample(JsonProperty property) => GenSdkNames.TypeName(property.Value) switch
    {
        "boolean" => ("true", "true"),
        "integer" => ("7", "7"),
        _ => ($"env-{property.Name}", $"\"env-{property.Name}\""),
    };

    private static IEnumerable<string> EnvironmentOf(JsonElement spec) =>
        spec.TryGetProperty("defaultInfo", out JsonElement info) && info.TryGetProperty("environment", out JsonElement variables)
            ? variables.EnumerateArray().Select(v => v.GetString()!)
            : [];

    private static bool IsSecret(JsonElement spec) => spec.TryGetProperty("secret", out JsonElement secret) && secret.GetBoolean();

    private static List<JsonProperty> Objects(JsonElement element, string name) =>
        element.TryGetProperty(name, out JsonElement value) ? value.EnumerateObject().ToList() : [];

    private static HashSet<string> Names(JsonElement element, string name) =>
        element.TryGetProperty(name, out JsonElement value) ? value.EnumerateArray().Select(v => v.GetString()!).ToHashSet() : [];

    private void CompareNames(string owner, string kind, IEnumerable<string> schemaNames, IEnumerable<string> sdkNames)
    {
        HashSet<string> inSchema = schemaNames.ToHashSet();
        HashSet<string> inSdk = sdkNames.ToHashSet();
        foreach (string name in inSchema.Except(inSdk).Order())
        {
            Mismatch($"{owner}: {kind} '{name}' is in the schema but not in the SDK");
        }
        foreach (string name in inSdk.Except(inSchema).Order())
        {
            Mismatch($"{owner}: {kind} '{name}' is in the SDK but not in the schema");
        }
    }
}
