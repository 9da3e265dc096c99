using Microsoft.AspNetCore.Http;

namespace ClusterScale.Simulators.ModelArts.Api;

/// <summary>One request the simulator answered: method, raw path and query, status (0 when the client got no answer:
/// a reset or a stall), and the error code if any.</summary>
public sealed record RecordedRequest(string Method, string PathAndQuery, int Status, string? ErrorCode);

/// <summary>Every request in arrival order, for tests to assert what a client sent (and that it sent nothing).</summary>
internal sealed class RequestJournal
{
    private const string UnansweredKey = "modelarts.unanswered";
    private readonly object gate = new();
    private readonly List<RecordedRequest> requests = [];

    /// <summary>The connection was dropped instead of answering: recorded with status 0.</summary>
    public static void MarkUnanswered(HttpContext context) => context.Items[UnansweredKey] = true;

    public static int AnsweredStatus(HttpContext context) =>
        context.Items.ContainsKey(UnansweredKey) ? 0 : context.Response.StatusCode;

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
