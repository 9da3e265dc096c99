namespace ClusterScale.Provider.Protocol;

/// <summary>Finds what a request's token names (a resource type, a function) among everything the modules register.</summary>
/// <param name="kind">What a token names, for messages: "resource type", "function".</param>
public sealed class TokenRegistry<T>(IEnumerable<T> registered, Func<T, string> tokenOf, string kind)
{
    private readonly Dictionary<string, T> _byToken = registered.Aggregate(new Dictionary<string, T>(StringComparer.Ordinal), (byToken, item) =>
        byToken.TryAdd(tokenOf(item), item) ? byToken : throw new InvalidOperationException($"two modules register the {kind} {tokenOf(item)}"));

    public T Find(string token) => _byToken.TryGetValue(token, out var found)
        ? found
        : throw new ProviderInputException($"unknown {kind} '{token}': this provider implements " +
            (_byToken.Count == 0 ? "none" : string.Join(", ", _byToken.Keys.Order(StringComparer.Ordinal))));
}
