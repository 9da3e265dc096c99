using Newtonsoft.Json;

namespace ClusterScale.Simulators.ModelArts.Supernodes;

/// <summary>Who acts on a supernode besides the access keys that sign API requests.</summary>
public static class Actors
{
    /// <summary>Someone in the console (or any other actor the tests drive from outside the client).</summary>
    public const string Console = "console";

    /// <summary>The servers the supernode was bought with.</summary>
    public const string Initial = "initial";
}

/// <summary>
/// One server in the truth ledger: who created it (the access key of the accepted live-scale-up, "console" or
/// "initial"), when (`create_at`, ms on the cloud's clock), and who removed it (the access key of the accepted
/// live-scale-down, or "console"; null until a removal is accepted).
/// </summary>
public sealed record LedgerEntry(
    string ServerId,
    string CreatedBy,
    long CreateAt,
    [property: JsonProperty(NullValueHandling = NullValueHandling.Include)] string? RemovedBy);

/// <summary>
/// What the cloud knows and no client can read: which actor's accepted request created and removed each server of one
/// supernode. It outlives the supernode, so a test can judge a client after the supernode is gone.
/// </summary>
internal sealed class SupernodeLedger
{
    private readonly List<Row> rows = [];

    public void Created(string serverId, string actor, DateTimeOffset createAt) =>
        rows.Add(new Row(serverId, actor, createAt.ToUnixTimeMilliseconds()));

    /// <summary>A removal was accepted; the first one counts (a server being deleted is not removed twice).</summary>
    public void Removed(string serverId, string actor)
    {
        var row = rows.Single(row => row.ServerId == serverId);
        row.RemovedBy ??= actor;
    }

    public IReadOnlyList<LedgerEntry> Entries() => rows.Select(row => new LedgerEntry(row.ServerId, row.CreatedBy, row.CreateAt, row.RemovedBy)).ToList();

    private sealed class Row(string serverId, string createdBy, long createAt)
    {
        public string ServerId { get; } = serverId;
        public string CreatedBy { get; } = createdBy;
        public long CreateAt { get; } = createAt;
        public string? RemovedBy { get; set; }
    }
}
