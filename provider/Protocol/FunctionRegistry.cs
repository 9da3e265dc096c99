namespace ClusterScale.Provider.Protocol;

/// <summary>Finds the function for an Invoke's token among all modules' functions.</summary>
public sealed class FunctionRegistry
{
    private readonly Dictionary<string, IFunction> _byToken = new(StringComparer.Ordinal);

    public FunctionRegistry(IEnumerable<IProviderModule> modules)
    {
        foreach (var function in modules.SelectMany(m => m.Functions))
            if (!_byToken.TryAdd(function.Token, function))
                throw new InvalidOperationException($"two modules register the function {function.Token}");
    }

    public IFunction Find(string token) => _byToken.TryGetValue(token, out var function)
        ? function
        : throw new ProviderInputException(
            $"unknown function '{token}': this provider implements {(_byToken.Count == 0 ? "no functions" : string.Join(", ", _byToken.Keys.Order(StringComparer.Ordinal)))}");
}
