using Newtonsoft.Json.Linq;

namespace ClusterScale.Simulators.Tests.ModelArts;

/// <summary>
/// The simulator's answers against Huawei's own SDK models (huaweicloud-sdk-python-v3@343a486,
/// huaweicloudsdkmodelarts/v1/model/): every field it sends is one the SDK deserialises, and every enumerated value is
/// one the model documents. Found by driving the simulator with that SDK (see the simulator README, "Checked against
/// Huawei's SDK").
/// </summary>
public class SdkModelTests : SimulatorTest
{
    // The attribute maps of the SDK's response models (wire names), per JSON object of the supernode detail.
    private static readonly string[] SupernodeFields = // server_hyperinstance_response.py
        ["create_at", "hps_cluster_id", "hps_id", "id", "name", "order_id", "status", "servers", "update_at"];
    private static readonly string[] ServerFields = // server_response.py
        ["create_at", "update_at", "charging_mode", "cloud_server", "endpoints_response", "flavor", "id", "key_pair_name",
         "name", "order_id", "status", "vpc_id", "endpoints", "volumes", "image", "category", "server_hps", "subnet_id"];
    private static readonly string[] CloudServerFields = ["id", "type", "hps_id", "hps_ecs_id"]; // cloud_server.py
    private static readonly string[] ServerHpsFields = ["id", "name"]; // server_hps_info.py
    private static readonly string[] ImageFields = ["arch", "image_id", "name", "server_type", "status"]; // server_image_response.py
    private static readonly string[] VolumeFields = ["size", "type", "evs_type", "evs_id"]; // server_volume.py
    private static readonly string[] EndpointFields = ["dev_service", "service", "uri", "key_pair_names"]; // endpoints_res.py

    private static readonly string[] EvsTypes = ["ESSD", "GPSSD", "SAS", "SATA", "SSD"];

    [Fact]
    public async Task Every_field_of_the_detail_is_one_the_sdk_model_maps()
    {
        var id = Simulator.CreateSupernode(Flavor2);
        var scaled = await Client.PostAsync($"/hyperinstance/{id}/live-scale-up",
            new { flavor = Flavor4, image_id = ImageId, key_pair_name = "k", data_volume = new { size = 500, type = "SSD", count = 1 } });
        Assert.Equal(200, scaled.Status);

        var detail = (JObject)(await Client.GetAsync("/hyperinstance/" + id)).Body;

        AssertKnown(detail, SupernodeFields);
        foreach (var server in detail["servers"]!.Cast<JObject>())
        {
            AssertKnown(server, ServerFields);
            AssertKnown((JObject)server["cloud_server"]!, CloudServerFields);
            AssertKnown((JObject)server["server_hps"]!, ServerHpsFields);
            AssertKnown((JObject)server["image"]!, ImageFields);
            foreach (var volume in server["volumes"]!.Cast<JObject>())
                AssertKnown(volume, VolumeFields);
            foreach (var endpoint in server["endpoints"]!.Cast<JObject>())
                AssertKnown(endpoint, EndpointFields);
        }
    }

    [Fact]
    public async Task Volume_type_is_ROOT_or_DATA_and_the_disk_class_is_evs_type()
    {
        // server_volume.py:38: type "ROOT: system disk, DATA: data disk"; the simulator used to send "SYSTEM".
        var id = Simulator.CreateSupernode(Flavor1);
        var scaled = await Client.PostAsync($"/hyperinstance/{id}/live-scale-up",
            new { flavor = Flavor2, image_id = ImageId, key_pair_name = "k", data_volume = new { size = 500, type = "SAS", count = 2 } });
        Assert.Equal(200, scaled.Status);

        var detail = (await Client.GetAsync("/hyperinstance/" + id)).Body;

        foreach (var server in detail["servers"]!)
        {
            var volumes = server["volumes"]!.ToList();
            Assert.Equal("ROOT", volumes[0]["type"]!.Value<string>());
            Assert.All(volumes.Skip(1), volume => Assert.Equal("DATA", volume["type"]!.Value<string>()));
            Assert.All(volumes, volume => Assert.Contains(volume["evs_type"]!.Value<string>(), EvsTypes));
        }
        Assert.Equal(["ROOT", "DATA", "DATA"], detail["servers"]![1]!["volumes"]!.Select(volume => volume["type"]!.Value<string>()));
    }

    [Fact]
    public async Task Image_arch_is_ARM_or_X86()
    {
        // server_image_response.py:38: arch "ARM" or "X86"; the simulator used to send "aarch64".
        var id = Simulator.CreateSupernode(Flavor2);

        var detail = (await Client.GetAsync("/hyperinstance/" + id)).Body;
        var server = (await Client.GetAsync("/" + detail["servers"]![0]!["id"]!.Value<string>())).Body;

        Assert.All(detail["servers"]!, each => Assert.Equal("ARM", each["image"]!["arch"]!.Value<string>()));
        Assert.Equal("ARM", server["image"]!["arch"]!.Value<string>());
    }

    [Fact]
    public async Task Other_enumerated_server_fields_hold_documented_values()
    {
        var id = Simulator.CreateSupernode(Flavor2);

        var server = (await Client.GetAsync("/hyperinstance/" + id)).Body["servers"]![0]!;

        Assert.Contains(server["cloud_server"]!["type"]!.Value<string>(), new[] { "BMS", "ECS", "HPS" }); // cloud_server.py
        Assert.Contains(server["image"]!["server_type"]!.Value<string>(), new[] { "BMS", "ECS", "HPS" }); // server_image_response.py
        Assert.All(server["endpoints"]!, endpoint => Assert.Contains(endpoint["service"]!.Value<string>(), new[] { "NOTEBOOK", "SSH" })); // endpoints_res.py
        Assert.Contains(server["category"]!.Value<string>(), new[] { "HPS", "SPOD", "SERVER" }); // server_response.py
        Assert.Contains(server["charging_mode"]!.Value<string>(), new[] { "COMMON", "POST_PAID", "PRE_PAID" }); // server_response.py
    }

    private static void AssertKnown(JObject json, string[] modelFields)
    {
        var unknown = json.Properties().Select(property => property.Name).Except(modelFields).ToList();
        Assert.True(unknown.Count == 0, $"fields the SDK model does not map (it would drop them): {string.Join(", ", unknown)}");
    }
}
