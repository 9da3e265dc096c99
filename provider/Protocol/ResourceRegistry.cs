namespace ClusterScale.Provider.Protocol;

/// <summary>Finds the resource for a request's type token among all modules' resources.</summary>
public sealed class ResourceRegistry
{
    private readonly Dictionary<string, IResource> _byToken = new(StringComparer.Ordinal);

    public ResourceRegistry(IEnumerable<IProviderModule> modules)
    {
        foreach (var resource in modules.SelectMany(m => m.Resources))
            if (!_byToken.TryAdd(resource.Token, resource))
                throw new InvalidOperationException($"two modules register the resource type {resource.Token}");
    }

    public IEnumerable<IResource> All => _byToken.Values.OrderBy(r => r.Token, StringComparer.Ordinal);

    public IResource Find(string token) => _byToken.TryGetValue(token, out var resource)
        ? resource
        : throw new ProviderInputException(
            $"unknown resource type '{token}': this provider implements {(_byToken.Count == 0 ? "no resources" : string.Join(", ", _byToken.Keys.Order(StringComparer.Ordinal)))}");
}
