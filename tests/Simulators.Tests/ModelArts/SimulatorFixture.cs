using ClusterScale.Simulators.ModelArts;
using Microsoft.Extensions.Time.Testing;

namespace ClusterScale.Simulators.Tests.ModelArts;

/// <summary>A simulator per test on a fake clock (started at the real time so signatures stay fresh), and a client.</summary>
public abstract class SimulatorTest : IAsyncLifetime
{
    // FlavorN has N sub-nodes (spec section 6: kat3ne-{8N} has N).
    protected const string Flavor1 = "kat3ne-8-800t.48xlarge.8.matrix";
    protected const string Flavor2 = "kat3ne-16-800t.96xlarge.8.matrix";
    protected const string Flavor4 = "kat3ne-32-800t.192xlarge.8.matrix";
    protected const string Flavor8 = "kat3ne-64-800t.384xlarge.8.matrix";
    protected const string Flavor48 = "kat3ne-384-800t.2304xlarge.8.matrix";
    protected const string FlavorOverCap = "kat3ne-392-800t.2352xlarge.8.matrix";
    protected const string ResourceFlavor = "kat3ne-8.48xlarge.8.800t.matrix";
    protected const string ImageId = "f4059eb4-c2f5-46a8-9b33-6cbed5d3fc81";

    protected FakeTimeProvider Clock { get; } = new(DateTimeOffset.UtcNow);
    private protected ModelArtsSimulator Simulator { get; private set; } = null!;
    private protected SimClient Client { get; private set; } = null!;

    protected virtual ModelArtsSimulatorOptions Configure(ModelArtsSimulatorOptions options) => options;

    public async Task InitializeAsync()
    {
        Simulator = await ModelArtsSimulator.StartAsync(Configure(new ModelArtsSimulatorOptions
        {
            Time = Clock,
            ServerCreateDuration = TimeSpan.FromSeconds(30),
            ServerDeleteDuration = TimeSpan.FromSeconds(10),
        }));
        Client = new SimClient(Simulator);
    }

    public async Task DisposeAsync()
    {
        Client.Dispose();
        await Simulator.DisposeAsync();
    }

    protected static object ScaleUpBody(string flavor) => new { flavor, image_id = ImageId, key_pair_name = "KeyPair-42c4", root_volume = new { size = 200, type = "ESSD" } };
}
