namespace ClusterScale.Simulators.ModelArts.Api;

/// <summary>One request the simulator answered: method, raw path and query, status, and the error code if any.</summary>
public sealed record RecordedRequest(string Method, string PathAndQuery, int Status, string? ErrorCode);

/// <summary>Every request in arrival order, for tests to assert what a client sent (and that it sent nothing).</summary>
internal sealed class RequestJournal
{
    private readonly object gate = new();
    private readonly List<RecordedRequest> requests = [];

    public void Record(RecordedRequest request)
    {
        lock (gate)
            requests.Add(request);
    }

    public IReadOnlyList<RecordedRequest> Snapshot()
    {
        lock (gate)
            return requests.ToList();
    }
}
