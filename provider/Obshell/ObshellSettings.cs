using System.Globalization;
using ClusterScale.Provider.Protocol;
using Newtonsoft.Json;

namespace ClusterScale.Provider.Obshell;

/// <summary>The obshell slice of provider configuration, after environment fallbacks. One provider process = one
/// cluster (a program with several clusters uses several explicit providers).</summary>
public sealed record ObshellSettings(IReadOnlyList<string> Endpoints, string? RootPassword, string? AgentPassword, bool UseTls)
{
    public const string EndpointsKey = "obshellEndpoints";
    public const string RootPasswordKey = "obshellRootPassword";
    public const string AgentPasswordKey = "obshellAgentPassword";
    public const string UseTlsKey = "obshellUseTls";

    public static readonly IReadOnlyDictionary<string, string> EnvironmentVariables = new Dictionary<string, string>
    {
        [EndpointsKey] = "OBSHELL_ENDPOINTS",
        [RootPasswordKey] = "OBSHELL_ROOT_PASSWORD",
        [AgentPasswordKey] = "OBSHELL_AGENT_PASSWORD",
        [UseTlsKey] = "OBSHELL_USE_TLS",
    };

    public static readonly ObshellSettings Unconfigured = new([], null, null, false);

    /// <summary>A key identifying the cluster inside this process (for the per-cluster operation lock).</summary>
    public string ClusterKey => string.Join(",", Endpoints.Order(StringComparer.Ordinal));

    /// <summary>Reads config (values as the engine sends them: strings, JSON-encoded non-strings, secrets wrapped),
    /// falling back to the environment. Throws <see cref="ConfigValueException"/> naming the key on a bad value.</summary>
    public static ObshellSettings From(PropertyMap config, Func<string, string?> environment)
    {
        string? Raw(string key)
        {
            var value = config.Get(key).Unwrapped();
            return value.Kind switch
            {
                PropertyKind.String => value.StringValue,
                PropertyKind.Bool => value.BoolValue ? "true" : "false",
                PropertyKind.Array => Http.WireJson.Serialize(value.ArrayValue.Select(v => v.Kind == PropertyKind.String ? v.StringValue : v.ToString())),
                PropertyKind.Null => environment(EnvironmentVariables[key]),
                _ => value.ToString(),
            };
        }

        return new ObshellSettings(ParseEndpoints(Raw(EndpointsKey)), Raw(RootPasswordKey), Raw(AgentPasswordKey), ParseBool(UseTlsKey, Raw(UseTlsKey)));
    }

    /// <summary>A JSON array (how the engine encodes the array config) or a comma-separated list (the env var).</summary>
    internal static IReadOnlyList<string> ParseEndpoints(string? raw)
    {
        if (string.IsNullOrWhiteSpace(raw)) return [];
        string[] items;
        try
        {
            items = raw.TrimStart().StartsWith('[') ? Http.WireJson.Deserialize<string[]>(raw) ?? [] : raw.Split(',');
        }
        catch (JsonException)
        {
            throw new ConfigValueException(EndpointsKey, "expected a list of host:port, got malformed JSON");
        }
        var endpoints = items.Select(e => e.Trim()).Where(e => e.Length > 0).ToList();
        foreach (var endpoint in endpoints)
            if (!IsHostPort(endpoint))
                throw new ConfigValueException(EndpointsKey, $"'{endpoint}' is not host:port (port 1-65535)");
        return endpoints;
    }

    private static bool IsHostPort(string endpoint)
    {
        var colon = endpoint.LastIndexOf(':');
        return colon > 0 && Uri.CheckHostName(endpoint[..colon].Trim('[', ']')) != UriHostNameType.Unknown
            && int.TryParse(endpoint[(colon + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out var port) && port is > 0 and <= 65535;
    }

    private static bool ParseBool(string key, string? raw) => raw?.Trim().ToLowerInvariant() switch
    {
        null or "" or "false" or "0" => false,
        "true" or "1" => true,
        _ => throw new ConfigValueException(key, "expected true or false"),
    };

    /// <summary>Never the passwords.</summary>
    public override string ToString() => $"obshell endpoints [{string.Join(", ", Endpoints)}], tls={UseTls}";
}

/// <summary>A configuration value that cannot be used; <see cref="Key"/> names it.</summary>
public sealed class ConfigValueException(string key, string reason) : Exception($"{key}: {reason}")
{
    public string Key { get; } = key;
}
