using System.Text.Json;
using System.Text.Json.Nodes;
using Pulumi.ClusterScale.Obshell;

namespace Pulumi.ClusterScale.Sdk.Tests;

/// <summary>
/// The comparison itself must catch each kind of difference, or a green conformance test proves nothing: each case
/// changes one thing in the real schema and expects exactly the line that names it.
/// </summary>
public sealed class SchemaConformanceTests
{
    private const string ObserverNode = "clusterscale:obshell:ObserverNode";
    private const string SupernodeScale = "clusterscale:modelarts:SupernodeScale";

    private static IReadOnlyList<string> CompareWith(Action<JsonNode> change)
    {
        JsonNode schema = JsonNode.Parse(SdkMatchesSchemaTests.LoadSchema().GetRawText())!;
        change(schema);
        return SchemaConformance.Compare(JsonDocument.Parse(schema.ToJsonString()).RootElement, typeof(ObserverNode).Assembly);
    }

    private static JsonNode Resource(JsonNode schema, string token) => schema["resources"]![token]!;

    [Fact]
    public void A_renamed_input_is_reported_on_both_sides()
    {
        IReadOnlyList<string> mismatches = CompareWith(schema =>
        {
            JsonObject inputs = Resource(schema, ObserverNode)["inputProperties"]!.AsObject();
            JsonNode zone = inputs["zone"]!;
            inputs.Remove("zone");
            inputs["zoneName"] = zone;
        });

        Assert.Contains($"{ObserverNode}: input 'zoneName' is in the schema but not in the SDK", mismatches);
        Assert.Contains($"{ObserverNode}: input 'zone' is in the SDK but not in the schema", mismatches);
    }

    [Fact]
    public void A_missing_output_is_reported()
    {
        IReadOnlyList<string> mismatches = CompareWith(schema =>
            Resource(schema, SupernodeScale)["properties"]!.AsObject()["poolId"] = new JsonObject { ["type"] = "string" });

        Assert.Equal([$"{SupernodeScale}: output 'poolId' is in the schema but not in the SDK"], mismatches);
    }

    [Fact]
    public void A_changed_input_type_is_reported()
    {
        IReadOnlyList<string> mismatches = CompareWith(schema =>
            Resource(schema, ObserverNode)["inputProperties"]!["obshellPort"]!["type"] = "string");

        Assert.Contains($"{ObserverNode}: input 'obshellPort' is Input<int> in the SDK, the schema says Input<string>", mismatches);
    }

    [Fact]
    public void Requiredness_of_inputs_and_outputs_is_compared()
    {
        IReadOnlyList<string> mismatches = CompareWith(schema =>
        {
            Resource(schema, ObserverNode)["requiredInputs"]!.AsArray().Add("obshellPort");
            Resource(schema, ObserverNode)["required"]!.AsArray().Add("rpcPort");
        });

        Assert.Contains($"{ObserverNode}: input 'obshellPort' is optional in the SDK, required in the schema", mismatches);
        Assert.Contains($"{ObserverNode}: output 'rpcPort' is Output<int?> in the SDK, the schema says Output<int>", mismatches);
    }

    [Fact]
    public void A_secret_flag_is_compared_on_inputs_and_outputs()
    {
        IReadOnlyList<string> mismatches = CompareWith(schema =>
        {
            Resource(schema, SupernodeScale)["inputProperties"]!["userdata"]!.AsObject().Remove("secret");
            Resource(schema, SupernodeScale)["properties"]!["imageId"]!["secret"] = true;
        });

        Assert.Contains($"{SupernodeScale}: input 'userdata' is secret in the SDK, not secret in the schema", mismatches);
        Assert.Contains($"{SupernodeScale}: output 'imageId' is not in AdditionalSecretOutputs, but the schema says secret: true", mismatches);
    }

    [Fact]
    public void ReplaceOnChanges_is_compared_both_ways()
    {
        IReadOnlyList<string> mismatches = CompareWith(schema =>
        {
            Resource(schema, SupernodeScale)["properties"]!["supernodeId"]!["replaceOnChanges"] = true;
            Resource(schema, ObserverNode)["properties"]!["zone"]!.AsObject().Remove("replaceOnChanges");
            Resource(schema, ObserverNode)["inputProperties"]!["zone"]!.AsObject().Remove("replaceOnChanges");
        });

        Assert.Equal([
            $"{SupernodeScale}: 'supernodeId' is not in ReplaceOnChanges, but the schema says replaceOnChanges: true",
            $"{ObserverNode}: ReplaceOnChanges names 'zone', which the schema does not mark replaceOnChanges",
        ], mismatches);
    }

    [Fact]
    public void Names_follow_the_schema_csharp_settings()
    {
        IReadOnlyList<string> mismatches = CompareWith(schema => schema["language"]!["csharp"]!["namespaces"]!.AsObject().Remove("clusterscale"));

        Assert.Contains("the SDK assembly is Pulumi.ClusterScale, gen-sdk would name it Pulumi.Clusterscale", mismatches);
        Assert.Contains("the SDK has no Pulumi.Clusterscale.ClusterscaleResourceTypeAttribute deriving from Pulumi.ResourceTypeAttribute", mismatches);
        Assert.Contains($"{ObserverNode}: the SDK has no class Pulumi.Clusterscale.Obshell.ObserverNode", mismatches);
    }

    [Fact]
    public void The_plugin_download_url_of_every_resource_is_compared()
    {
        IReadOnlyList<string> mismatches = CompareWith(schema => schema["pluginDownloadURL"] = "https://example.invalid/${VERSION}");

        Assert.Contains($"{SupernodeScale}: registered with PluginDownloadURL 'https://github.com/clusterscale/pulumi-clusterscale/releases/download/v${{VERSION}}', " +
                        "the schema says 'https://example.invalid/${VERSION}'", mismatches);
        Assert.Equal(3, mismatches.Count);
    }

    [Fact]
    public void A_secret_provider_key_is_compared()
    {
        IReadOnlyList<string> mismatches = CompareWith(schema =>
            schema["provider"]!["inputProperties"]!["huaweiRegion"]!["secret"] = true);

        Assert.Equal(["pulumi:providers:clusterscale: input 'huaweiRegion' is not secret in the SDK, secret in the schema"], mismatches);
    }

    [Fact]
    public void Defaults_and_environment_defaults_are_compared()
    {
        IReadOnlyList<string> mismatches = CompareWith(schema =>
        {
            Resource(schema, ObserverNode)["inputProperties"]!["obshellPort"]!["default"] = 2887;
            schema["provider"]!["inputProperties"]!["huaweiRegion"]!["defaultInfo"] = JsonNode.Parse("""{"environment":["HW_REGION"]}""");
        });

        Assert.Contains($"{ObserverNode}: input 'obshellPort' defaults to 2886 in the SDK, the schema says 2887", mismatches);
        Assert.Contains("pulumi:providers:clusterscale: input 'huaweiRegion' is null with HW_REGION=env-huaweiRegion, expected \"env-huaweiRegion\" (defaultInfo.environment)", mismatches);
    }

    [Fact]
    public void Nested_types_are_compared_on_the_input_and_the_output_side()
    {
        IReadOnlyList<string> mismatches = CompareWith(schema =>
        {
            schema["types"]!["clusterscale:modelarts:DataVolume"]!["properties"]!.AsObject().Remove("count");
            schema["types"]!["clusterscale:modelarts:ScaleStep"]!["properties"]!["flavor"]!["type"] = "integer";
        });

        Assert.Contains("type clusterscale:modelarts:DataVolume (Pulumi.ClusterScale.ModelArts.Inputs.DataVolumeArgs): input 'count' is in the SDK but not in the schema", mismatches);
        Assert.Contains("type clusterscale:modelarts:DataVolume (Pulumi.ClusterScale.ModelArts.Outputs.DataVolume): property 'count' is in the SDK but not in the schema", mismatches);
        Assert.Contains("type clusterscale:modelarts:ScaleStep (Pulumi.ClusterScale.ModelArts.Outputs.ScaleStep): property 'flavor' is string in the SDK, the schema says int", mismatches);
    }

    [Fact]
    public void A_resource_token_or_package_version_difference_is_reported()
    {
        IReadOnlyList<string> mismatches = CompareWith(schema =>
        {
            JsonObject resources = schema["resources"]!.AsObject();
            JsonNode node = resources[ObserverNode]!;
            resources.Remove(ObserverNode);
            resources["clusterscale:obshell:ObServer"] = node;
            schema["version"] = "0.2.0";
        });

        Assert.Contains("SDK class Pulumi.ClusterScale.Obshell.ObserverNode declares resource clusterscale:obshell:ObserverNode, which the schema does not have", mismatches);
        Assert.Contains("clusterscale:obshell:ObServer: the SDK has no class Pulumi.ClusterScale.Obshell.ObServer", mismatches);
        Assert.Contains($"{SupernodeScale}: SDK class Pulumi.ClusterScale.ModelArts.SupernodeScale declares version '0.1.0', the schema '0.2.0'", mismatches);
    }
}
