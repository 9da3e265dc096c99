using Xunit.Abstractions;
using Xunit.Sdk;

[assembly: TestCollectionOrderer("ClusterScale.Conformance.Tests.Reliability.CampaignOrder", "Conformance.Tests")]

namespace ClusterScale.Conformance.Tests.Reliability;

/// <summary>
/// The two campaigns each have a collection that xUnit runs after every parallel collection, one at a time (so they
/// never compete for the suite's few cores), the open-world campaign last, so its line is the last campaign line of
/// <c>artifacts/reliability.log</c>. Every other collection keeps xUnit's default order.
/// </summary>
public sealed class CampaignOrder : ITestCollectionOrderer
{
    public const string FaultCampaign = "fault campaign";
    public const string OpenWorldCampaign = "open-world campaign";

    public IEnumerable<ITestCollection> OrderTestCollections(IEnumerable<ITestCollection> testCollections) =>
        new DefaultTestCollectionOrderer().OrderTestCollections(testCollections)
            .OrderBy(c => c.DisplayName == OpenWorldCampaign ? 1 : 0);
}

[CollectionDefinition(CampaignOrder.FaultCampaign, DisableParallelization = true)]
public sealed class FaultCampaignCollection;

[CollectionDefinition(CampaignOrder.OpenWorldCampaign, DisableParallelization = true)]
public sealed class OpenWorldCampaignCollection;
