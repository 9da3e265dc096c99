namespace ClusterScale.Provider.Outcomes;

/// <summary>The refusals one remote documents: answers that prove it did not act, even when they arrive as HTTP 5xx
/// (obshell sends its lock conflict as 500). Written from that remote's spec tables.</summary>
public interface IRefusalCatalogue
{
    bool IsKnownRefusal(IRemoteError error);
}
