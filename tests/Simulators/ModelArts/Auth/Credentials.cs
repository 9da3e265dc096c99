using System.Collections.Concurrent;

namespace ClusterScale.Simulators.ModelArts.Auth;

/// <summary>
/// The access keys API Gateway knows, each with its secret key and its own lockout (the lock is per AK:
/// devg-apisign/api-sign-0001.html "AK access failed to reach the limit"). The options' pair is known from the start;
/// more can be added so that a second stack (another user of the same project) signs with its own key, and the truth
/// ledger can tell whose request created or removed a server.
/// </summary>
internal sealed class Credentials
{
    private readonly ConcurrentDictionary<string, KnownKey> keys = new(StringComparer.Ordinal);
    private readonly TimeProvider time;

    public Credentials(ModelArtsSimulatorOptions options)
    {
        time = options.Time;
        Add(options.AccessKey, options.SecretKey);
    }

    /// <summary>Adds a key pair; adding the same pair again does nothing. An AK already known with another SK, an
    /// empty value, one that cannot travel in the Authorization header, or a ledger actor name is refused.</summary>
    public void Add(string accessKey, string secretKey)
    {
        if (accessKey.Length == 0 || accessKey.Any(c => char.IsWhiteSpace(c) || c is ',' or '='))
            throw new ArgumentException("ak must be non-empty, without spaces, ',' or '='", nameof(accessKey));
        if (accessKey is Supernodes.Actors.Console or Supernodes.Actors.Initial)
            throw new ArgumentException($"ak {accessKey} would be mistaken for the ledger's actor of that name", nameof(accessKey));
        if (secretKey.Length == 0)
            throw new ArgumentException("sk must be non-empty", nameof(secretKey));
        var known = keys.GetOrAdd(accessKey, _ => new KnownKey(secretKey, new AccessKeyLockout(time)));
        if (known.SecretKey != secretKey)
            throw new ArgumentException("ak is already known with another sk", nameof(accessKey));
    }

    public KnownKey? Find(string accessKey) => keys.GetValueOrDefault(accessKey);
}

internal sealed record KnownKey(string SecretKey, AccessKeyLockout Lockout);
