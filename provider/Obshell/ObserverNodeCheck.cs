using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text.RegularExpressions;
using ClusterScale.Provider.Protocol;

namespace ClusterScale.Provider.Obshell;

/// <summary>
/// Check for ObserverNode: validates inputs before anything reaches a cluster and applies defaults. Secrets stay
/// wrapped (targetAgentPassword is wrapped even when given plain), unknown preview values are kept and not validated.
/// Failures name the top-level property (the protocol's rule); a problem inside obConfigs names the key in the reason.
/// </summary>
public static partial class ObserverNodeCheck
{
    /// <summary>obConfigs keys that are ports: the agent expects integers, and both spellings with different values
    /// are rejected by it, so either spelling alone is accepted here.</summary>
    private static readonly (string Snake, string Camel)[] PortKeys = [("rpc_port", "rpcPort"), ("mysql_port", "mysqlPort")];

    /// <summary>Capacity parameters: a number with an optional unit (K, M, G, T, P; optional trailing B).</summary>
    private static readonly HashSet<string> SizeKeys =
        ["memory_limit", "system_memory", "datafile_size", "datafile_maxsize", "datafile_next", "log_disk_size"];

    /// <summary>Keys the agent overwrites for every node; accepting them would silently ignore the user's value.</summary>
    private static readonly Dictionary<string, string> ServerOwnedKeys = new()
    {
        ["homePath"] = "the agent sets it to its own home path",
        ["zone"] = "use the zone property",
        ["cluster"] = "the node joins the agent's cluster",
        ["cluster_id"] = "the node joins the agent's cluster",
    };

    public static CheckResult Check(PropertyMap news)
    {
        var failures = new List<CheckFailure>();
        var inputs = news;
        foreach (var key in news.Keys.Where(k => !ObserverNodeArgs.InputKeys.Contains(k)))
            failures.Add(new CheckFailure(key, $"unknown property '{key}'; ObserverNode takes {string.Join(", ", ObserverNodeArgs.InputKeys)}"));

        CheckIp(news.Get(ObserverNodeArgs.IpKey), failures);
        inputs = WithDefault(inputs, ObserverNodeArgs.ObshellPortKey, PropertyValue.From(ObserverNodeArgs.DefaultObshellPort));
        CheckPort(ObserverNodeArgs.ObshellPortKey, inputs.Get(ObserverNodeArgs.ObshellPortKey), failures);
        CheckZone(news.Get(ObserverNodeArgs.ZoneKey), failures);
        inputs = WithDefault(inputs, ObserverNodeArgs.ObConfigsKey, PropertyValue.From(PropertyMap.Empty));
        CheckObConfigs(inputs.Get(ObserverNodeArgs.ObConfigsKey), failures);
        inputs = WithDefault(inputs, ObserverNodeArgs.ForceKillKey, PropertyValue.From(false));
        CheckKind(ObserverNodeArgs.ForceKillKey, inputs.Get(ObserverNodeArgs.ForceKillKey), PropertyKind.Bool, "a boolean", failures);
        inputs = WithDefault(inputs, ObserverNodeArgs.FailurePolicyKey, PropertyValue.From(FailurePolicies.Rollback));
        CheckFailurePolicy(inputs.Get(ObserverNodeArgs.FailurePolicyKey), failures);

        var password = news.Get(ObserverNodeArgs.TargetAgentPasswordKey);
        if (!password.IsNull)
        {
            CheckKind(ObserverNodeArgs.TargetAgentPasswordKey, password, PropertyKind.String, "a string", failures);
            inputs = inputs.With(ObserverNodeArgs.TargetAgentPasswordKey, password.IsSecret ? password : PropertyValue.Secret(password));
        }
        return new CheckResult(inputs, failures);
    }

    private static PropertyMap WithDefault(PropertyMap inputs, string key, PropertyValue value) =>
        inputs.Get(key).IsNull ? inputs.With(key, value) : inputs;

    /// <summary>The plain value, or null when unknown (previews): unknowns are not validated.</summary>
    private static PropertyValue? Known(PropertyValue value) => value.ContainsUnknowns ? null : value.Unwrapped();

    private static void CheckIp(PropertyValue raw, List<CheckFailure> failures)
    {
        if (raw.IsNull)
        {
            failures.Add(new CheckFailure(ObserverNodeArgs.IpKey, "required: the IP address of the node's obshell agent"));
            return;
        }
        if (Known(raw) is not { } value) return;
        var ok = value.Kind == PropertyKind.String && IPAddress.TryParse(value.StringValue, out var address)
            && (address.AddressFamily == AddressFamily.InterNetworkV6 ? value.StringValue.Contains(':') : Ipv4Literal().IsMatch(value.StringValue));
        if (!ok) failures.Add(new CheckFailure(ObserverNodeArgs.IpKey, $"'{value}' is not an IPv4 or IPv6 address literal (host names are not accepted: obshell identifies agents by IP)"));
    }

    private static void CheckPort(string property, PropertyValue raw, List<CheckFailure> failures)
    {
        if (Known(raw) is not { } value) return;
        if (value.Kind != PropertyKind.Number || value.NumberValue != Math.Floor(value.NumberValue) || value.NumberValue is < 1025 or > 65535)
            failures.Add(new CheckFailure(property, $"'{value}' is not a port: an integer from 1025 to 65535"));
    }

    private static void CheckZone(PropertyValue raw, List<CheckFailure> failures)
    {
        if (raw.IsNull)
        {
            failures.Add(new CheckFailure(ObserverNodeArgs.ZoneKey, "required: the zone the node joins (created if new)"));
            return;
        }
        if (Known(raw) is not { } value) return;
        if (value.Kind != PropertyKind.String || !ZoneName().IsMatch(value.StringValue))
            failures.Add(new CheckFailure(ObserverNodeArgs.ZoneKey, $"'{value}' is not a zone name: a letter or '_' then up to 127 letters, digits or '_'"));
    }

    private static void CheckKind(string property, PropertyValue raw, PropertyKind kind, string expected, List<CheckFailure> failures)
    {
        if (Known(raw) is { } value && value.Kind != kind)
            failures.Add(new CheckFailure(property, $"must be {expected}"));
    }

    private static void CheckFailurePolicy(PropertyValue raw, List<CheckFailure> failures)
    {
        if (Known(raw) is not { } value) return;
        if (value.Kind != PropertyKind.String || value.StringValue is not (FailurePolicies.Rollback or FailurePolicies.Leave))
            failures.Add(new CheckFailure(ObserverNodeArgs.FailurePolicyKey, $"'{value}' is not a failure policy: use '{FailurePolicies.Rollback}' or '{FailurePolicies.Leave}'"));
    }

    private static void CheckObConfigs(PropertyValue raw, List<CheckFailure> failures)
    {
        const string property = ObserverNodeArgs.ObConfigsKey;
        if (raw.Kind == PropertyKind.Computed || raw.Kind == PropertyKind.Output && raw.OutputValue.Value is null) return;
        var value = raw.Kind == PropertyKind.Secret ? raw.SecretValue : raw;
        if (value.Kind != PropertyKind.Object)
        {
            failures.Add(new CheckFailure(property, "must be a map of observer parameter names to string values"));
            return;
        }
        var configs = value.ObjectValue;
        foreach (var (key, entry) in configs)
        {
            if (ServerOwnedKeys.TryGetValue(key, out var why))
            {
                failures.Add(new CheckFailure(property, $"key '{key}' cannot be set: {why}"));
                continue;
            }
            if (Known(entry) is not { } known) continue;
            if (known.Kind != PropertyKind.String)
            {
                failures.Add(new CheckFailure(property, $"key '{key}': value {known} must be a string (quote it)"));
                continue;
            }
            var text = known.StringValue;
            if (PortKeys.Any(p => p.Snake == key || p.Camel == key) && !IsPort(text))
                failures.Add(new CheckFailure(property, $"key '{key}': '{text}' is not a port from 1025 to 65535"));
            else if (SizeKeys.Contains(key) && !Size().IsMatch(text))
                failures.Add(new CheckFailure(property, $"key '{key}': '{text}' is not a size such as 16G or 512M"));
            else if (key == "cpu_count" && !(int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var cpus) && cpus > 0))
                failures.Add(new CheckFailure(property, $"key '{key}': '{text}' is not a positive integer"));
        }
        foreach (var (snake, camel) in PortKeys.Where(p => configs.ContainsKey(p.Snake) && configs.ContainsKey(p.Camel)))
            failures.Add(new CheckFailure(property, $"keys '{snake}' and '{camel}' are two spellings of one setting: use only '{snake}'"));
    }

    private static bool IsPort(string text) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var port) && port is >= 1025 and <= 65535;

    [GeneratedRegex(@"^\d{1,3}(\.\d{1,3}){3}$")]
    private static partial Regex Ipv4Literal();

    [GeneratedRegex("^[a-zA-Z_][a-zA-Z0-9_]{0,127}$")]
    private static partial Regex ZoneName();

    [GeneratedRegex("^[0-9]+([KMGTP]B?)?$", RegexOptions.IgnoreCase)]
    private static partial Regex Size();
}
