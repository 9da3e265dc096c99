using System.Reflection;
using System.Text.Json;
using Pulumi;

namespace ClusterScale.Sdk.Tests;

/// <summary>
/// Compares the C# SDK with a package schema by reflection, reading the SDK the way the Pulumi .NET runtime does:
/// tokens from <see cref="ResourceTypeAttribute"/>, wire names from <see cref="InputAttribute"/>,
/// <see cref="OutputAttribute"/> and <see cref="OutputConstructorAttribute"/> parameters. Secret flags and defaults
/// are checked by behaviour (constructing args and resources against the stand-in), not by reading source text.
/// Every difference is one line naming the resource or type and the property.
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
        conformance.CompareResources();
        conformance.CompareNestedTypes();
        return conformance._mismatches;
    }

    private string PackageName => _schema.GetProperty("name").GetString()!;

    private void Mismatch(string message) => _mismatches.Add(message);

    // ---- resources (the provider is one, with token pulumi:providers:<package>) ----

    private sealed record ResourceSpec(string Token, string ClassName, JsonElement Spec, bool IsProvider);

    private IEnumerable<ResourceSpec> SchemaResources()
    {
        yield return new ResourceSpec($"pulumi:providers:{PackageName}", $"{GenSdkNames.RootNamespace}.Provider",
            _schema.GetProperty("provider"), IsProvider: true);
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
        CompareInputs(resource.Token, argsType, Objects(resource.Spec, "inputProperties"), Names(resource.Spec, "requiredInputs"), resource.IsProvider);
        CompareSecretOutputs(resource.Token, type, argsType, Objects(resource.Spec, "properties"));
        CompareDefaults(resource.Token, argsType, Objects(resource.Spec, "inputProperties"));
    }

    private void CompareOutputs(string owner, Type type, List<JsonProperty> properties, HashSet<string> required)
    {
        Dictionary<string, PropertyInfo> outputs = type.GetProperties(BindingFlags.Instance | BindingFlags.Public)
            .Where(p => p.GetCustomAttribute<OutputAttribute>() is not null)
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

    private void CompareInputs(string owner, Type argsType, List<JsonProperty> properties, HashSet<string> required, bool isProvider)
    {
        if (!typeof(ResourceArgs).IsAssignableFrom(argsType))
        {
            Mismatch($"{owner}: {argsType.FullName} does not derive from Pulumi.ResourceArgs");
        }
        Dictionary<string, (MemberInfo Member, InputAttribute Attribute)> inputs = InputMembers(argsType);
        CompareNames(owner, "input", properties.Select(p => p.Name), inputs.Keys);
        foreach (JsonProperty property in properties.Where(p => inputs.ContainsKey(p.Name)))
        {
            (MemberInfo member, InputAttribute attribute) = inputs[property.Name];
            if (attribute.IsRequired != required.Contains(property.Name))
            {
                Mismatch($"{owner}: input '{property.Name}' is {(attribute.IsRequired ? "required" : "optional")} in the SDK, " +
                         $"{(required.Contains(property.Name) ? "required" : "optional")} in the schema");
            }
            string expected = _names.InputType(property.Value);
            string actual = _names.Render(MemberType(member), nullability: null);
            bool typeMatches = actual == expected;
            if (!typeMatches)
            {
                Mismatch($"{owner}: input '{property.Name}' is {actual} in the SDK, the schema says {expected}");
            }
            // Provider configuration travels as strings; gen-sdk marks every non-string provider input json.
            bool expectedJson = isProvider && GenSdkNames.TypeName(property.Value) != "string";
            if (attribute.Json != expectedJson)
            {
                Mismatch($"{owner}: input '{property.Name}' has json: {attribute.Json.ToString().ToLowerInvariant()}, expected {expectedJson.ToString().ToLowerInvariant()}");
            }
            if (typeMatches)
            {
                CompareSecretInput(owner, argsType, property, member);
            }
        }
    }

    /// <summary>Sets the public property to a plain value and checks the stored input comes back secret exactly when the schema says so.</summary>
    private void CompareSecretInput(string owner, Type argsType, JsonProperty property, MemberInfo member)
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
        PropertyInfo? setter = argsType.GetProperty(GenSdkNames.PascalCase(property.Name), BindingFlags.Instance | BindingFlags.Public);
        if (setter?.SetMethod is null)
        {
            Mismatch($"{owner}: input '{property.Name}' has no public settable property {GenSdkNames.PascalCase(property.Name)}");
            return;
        }
        object args = Activator.CreateInstance(argsType)!;
        setter.SetValue(args, ToInput(setter.PropertyType, SampleValue(property.Value)));
        bool actualSecret = ValueOf(member, args) is IOutputValue { IsSecret: true };
        if (actualSecret != expectedSecret)
        {
            Mismatch($"{owner}: input '{property.Name}' is {(actualSecret ? "secret" : "not secret")} in the SDK, " +
                     $"{(expectedSecret ? "secret" : "not secret")} in the schema");
        }
    }

    /// <summary>Declares the resource against the stand-in and compares its AdditionalSecretOutputs with the schema's secret outputs.</summary>
    private void CompareSecretOutputs(string owner, Type type, Type argsType, List<JsonProperty> properties)
    {
        var resource = (Resource)Activator.CreateInstance(type, ["schema-conformance", Activator.CreateInstance(argsType), null])!;
        var declared = ((CustomResourceOptions)resource.Options).AdditionalSecretOutputs.ToHashSet();
        foreach (JsonProperty property in properties)
        {
            if (IsSecret(property.Value) != declared.Contains(property.Name))
            {
                Mismatch($"{owner}: output '{property.Name}' is {(declared.Contains(property.Name) ? "" : "not ")}in AdditionalSecretOutputs, " +
                         $"but the schema says secret: {IsSecret(property.Value).ToString().ToLowerInvariant()}");
            }
        }
        foreach (string name in declared.Where(n => properties.All(p => p.Name != n)))
        {
            Mismatch($"{owner}: AdditionalSecretOutputs names '{name}', which is not an output in the schema");
        }
    }

    /// <summary>
    /// A fresh args object holds the schema's <c>default</c> (or nothing), and each <c>defaultInfo.environment</c>
    /// variable, when set, supplies the value.
    /// </summary>
    private void CompareDefaults(string owner, Type argsType, List<JsonProperty> properties)
    {
        Dictionary<string, (MemberInfo Member, InputAttribute Attribute)> inputs = InputMembers(argsType);
        List<JsonProperty> present = properties.Where(p => inputs.ContainsKey(p.Name)).ToList();
        using (EnvironmentVariables.Cleared(present.SelectMany(p => EnvironmentOf(p.Value))))
        {
            object args = Activator.CreateInstance(argsType)!;
            foreach (JsonProperty property in present)
            {
                string expected = property.Value.TryGetProperty("default", out JsonElement value) ? value.GetRawText() : "null";
                string actual = JsonSerializer.Serialize(UnwrappedValueOf(inputs[property.Name].Member, args));
                if (actual != expected)
                {
                    Mismatch($"{owner}: input '{property.Name}' defaults to {actual} in the SDK, the schema says {expected}");
                }
            }
        }
        foreach (JsonProperty property in present)
        {
            foreach (string variable in EnvironmentOf(property.Value))
            {
                (string text, string expected) = EnvironmentSample(property);
                using (EnvironmentVariables.Set(variable, text))
                {
                    string actual = JsonSerializer.Serialize(UnwrappedValueOf(inputs[property.Name].Member, Activator.CreateInstance(argsType)!));
                    if (actual != expected)
                    {
                        Mismatch($"{owner}: input '{property.Name}' is {actual} with {variable}={text}, expected {expected} (defaultInfo.environment)");
                    }
                }
            }
        }
    }

    // ---- nested types ----

    private void CompareNestedTypes()
    {
        var inputTypes = new HashSet<string>();
        var outputTypes = new HashSet<string>();
        foreach (ResourceSpec resource in SchemaResources())
        {
            CollectReferences(Objects(resource.Spec, "inputProperties").Select(p => p.Value), inputTypes);
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
            CompareInputs($"type {token} ({className})", type, Objects(spec, "properties"), Names(spec, "required"), isProvider: false);
            CompareDefaults($"type {token} ({className})", type, Objects(spec, "properties"));
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

    // ---- helpers ----

    private static bool IsScalar(JsonElement spec) => GenSdkNames.TypeName(spec) is "string" or "integer" or "boolean" or "number";

    private static Dictionary<string, (MemberInfo, InputAttribute)> InputMembers(Type argsType) =>
        argsType.GetMembers(AnyInstance)
            .Where(m => m is FieldInfo or PropertyInfo && m.GetCustomAttribute<InputAttribute>() is not null)
            .ToDictionary(m => m.GetCustomAttribute<InputAttribute>()!.Name, m => (m, m.GetCustomAttribute<InputAttribute>()!));

    private static Type MemberType(MemberInfo member) => member is FieldInfo field ? field.FieldType : ((PropertyInfo)member).PropertyType;

    private static object? ValueOf(MemberInfo member, object target) =>
        member is FieldInfo field ? field.GetValue(target) : ((PropertyInfo)member).GetValue(target);

    private static object? UnwrappedValueOf(MemberInfo member, object target) =>
        ValueOf(member, target) is IOutputValue output ? output.UntypedValue : null;

    private static object ToInput(Type inputType, object value) =>
        inputType.GetMethods(BindingFlags.Public | BindingFlags.Static)
            .Single(m => m.Name == "op_Implicit" && m.ReturnType == inputType && m.GetParameters()[0].ParameterType == value.GetType())
            .Invoke(null, [value])!;

    private static object SampleValue(JsonElement spec) => GenSdkNames.TypeName(spec) switch
    {
        "integer" => 7,
        "boolean" => true,
        "number" => 1.5,
        _ => "sample",
    };

    /// <summary>A value for an environment variable and the JSON of the input it must produce.</summary>
    private static (string Text, string ExpectedJson) EnvironmentSample(JsonProperty property) => GenSdkNames.TypeName(property.Value) switch
    {
        "boolean" => ("true", "true"),
        "integer" => ("7", "7"),
        "array" => ("a:1,b:2", "[\"a:1\",\"b:2\"]"),
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
