using ClusterScale.Provider.Obshell.Api;
using ClusterScale.Provider.Obshell.Functions;

namespace ClusterScale.Provider.Tests.Obshell.Functions;

/// <summary>The lock rule of spec obshell-api.md §6, as getCluster's underMaintenance reports it.</summary>
public sealed class MaintenanceLockTests
{
    private static DagDetail Dag(string name, string state, int stage, int? maintenanceType = 2) =>
        new() { Id = "11", Name = name, State = state, Stage = stage, MaintenanceType = maintenanceType };

    [Theory]
    [InlineData("Cluster scale out", "RUNNING", 3, 2, true)]
    [InlineData("Cluster scale out", "READY", 1, 2, true)]
    [InlineData("Cluster scale out", "FAILED", 4, 2, true)]
    [InlineData("Cluster scale out", "RUNNING", 3, null, true)]
    [InlineData("Cluster scale in", "FAILED", 2, 2, true)]
    [InlineData("Cluster scale in", "FAILED", 1, 2, false)]
    [InlineData("Some task", "RUNNING", 1, 1, false)]
    [InlineData("Cluster scale out", "SUCCEED", 9, 2, false)]
    public void Held_by(string name, string state, int stage, int? maintenanceType, bool held) =>
        Assert.Equal(held, MaintenanceLock.IsHeldBy(Dag(name, state, stage, maintenanceType)));
}
