// Scales a ModelArts Lite Server supernode up to the flavor in config. Raising `flavor` scales it up again (each
// scale-up is recorded in scaleSteps); lowering it to a flavor this stack scaled through earlier removes the servers
// added after that step; `pulumi destroy` removes every server this stack added and nothing else.
//
// The provider is the default one, configured from stack config or the environment:
//   pulumi config set clusterscale:huaweiRegion cn-southwest-2
//   pulumi config set clusterscale:huaweiProjectId <project id>
//   pulumi config set --secret clusterscale:huaweiAccessKey <AK>
//   pulumi config set --secret clusterscale:huaweiSecretKey <SK>
// (or HW_REGION_NAME, HW_PROJECT_ID, HW_ACCESS_KEY, HW_SECRET_KEY in the environment).
using System.Text;
using Pulumi;
using Pulumi.ClusterScale.ModelArts;
using Pulumi.ClusterScale.ModelArts.Inputs;

return await Deployment.RunAsync(SupernodeStack.Define);

/// <summary>The program; a static method so a unit test can run it under <c>Deployment.TestAsync</c>.</summary>
public static class SupernodeStack
{
    public static IDictionary<string, object?> Define()
    {
        var config = new Config();

        // The user data carries a secret: building it inside Apply keeps the result secret, and the SDK marks userdata
        // secret anyway, so it is encrypted in state and masked in every diff.
        string bootstrap = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "bootstrap.sh"));
        Output<string> userdata = config.RequireSecret("joinToken")
            .Apply(token => Convert.ToBase64String(Encoding.UTF8.GetBytes(bootstrap.Replace("__JOIN_TOKEN__", token))));

        var capacity = new SupernodeScale("training-capacity", new SupernodeScaleArgs
        {
            SupernodeId = config.Require("supernodeId"),
            Flavor = config.Require("flavor"),
            ImageId = config.Require("imageId"),
            KeyPairName = config.Require("keyPairName"),
            RootVolume = new RootVolumeArgs { Size = 200, Type = "SSD" },
            DataVolume = new DataVolumeArgs { Size = 1024, Type = "SSD", Count = 2 },
            Userdata = userdata,
        }, new CustomResourceOptions
        {
            // A live scale-up waits for new hardware to be provisioned and the supernode to settle.
            CustomTimeouts = new CustomTimeouts
            {
                Create = TimeSpan.FromHours(1),
                Update = TimeSpan.FromHours(1),
                Delete = TimeSpan.FromHours(1),
            },
        });

        return new Dictionary<string, object?>
        {
            ["addedServerIds"] = capacity.AddedServerIds,
            ["supernodeStatus"] = capacity.SupernodeStatus,
        };
    }
}
