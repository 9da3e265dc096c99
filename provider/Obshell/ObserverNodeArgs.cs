using System.Net;
using ClusterScale.Provider.Obshell.Api;
using ClusterScale.Provider.Protocol;

namespace ClusterScale.Provider.Obshell;

/// <summary>The inputs of an ObserverNode, read from checked (known) inputs. The password stays out of
/// <see cref="ToString"/>.</summary>
public sealed record ObserverNodeArgs(
    string Ip, int ObshellPort, string Zone, IReadOnlyDictionary<string, string> ObConfigs,
    string TargetAgentPassword, bool ForceKill, FailurePolicy FailurePolicy)
{
    public const string IpKey = "ip";
    public const string ObshellPortKey = "obshellPort";
    public const string ZoneKey = "zone";
    public const string ObConfigsKey = "obConfigs";
    public const string TargetAgentPasswordKey = "targetAgentPassword";
    public const string ForceKillKey = "forceKill";
    public const string FailurePolicyKey = "failurePolicy";
    public const int DefaultObshellPort = 2886;

    public static readonly IReadOnlyList<string> InputKeys =
        [IpKey, ObshellPortKey, ZoneKey, ObConfigsKey, TargetAgentPasswordKey, ForceKillKey, FailurePolicyKey];

    public AgentAddress Agent => new(Ip, ObshellPort);

    /// <summary>The resource id and import id: <c>ip:port</c> (<c>[v6]:port</c> for IPv6).</summary>
    public string Id => Agent.ToString();

    public static ObserverNodeArgs From(PropertyMap inputs)
    {
        var configs = inputs.Get(ObConfigsKey).Unwrapped();
        return new ObserverNodeArgs(
            inputs.Get(IpKey).Unwrapped().StringValue,
            (int)inputs.Get(ObshellPortKey).Unwrapped().NumberValue,
            inputs.Get(ZoneKey).Unwrapped().StringValue,
            configs.Kind == PropertyKind.Object
                ? configs.ObjectValue.ToDictionary(kv => kv.Key, kv => kv.Value.StringValue, StringComparer.Ordinal)
                : new Dictionary<string, string>(),
            inputs.Get(TargetAgentPasswordKey).Unwrapped() is { Kind: PropertyKind.String } password ? password.StringValue : "",
            inputs.Get(ForceKillKey).Unwrapped() is { Kind: PropertyKind.Bool } force && force.BoolValue,
            FailurePolicies.Parse(inputs.Get(FailurePolicyKey).Unwrapped() is { Kind: PropertyKind.String } policy ? policy.StringValue : null));
    }

    /// <summary>Parses an id <c>ip:port</c>; null when it is not one.</summary>
    public static AgentAddress? ParseId(string id)
    {
        var colon = id.LastIndexOf(':');
        if (colon <= 0 || !int.TryParse(id[(colon + 1)..], out var port) || port is < 1 or > 65535) return null;
        var ip = id[..colon].Trim('[', ']');
        return IPAddress.TryParse(ip, out _) ? new AgentAddress(ip, port) : null;
    }

    public override string ToString() => $"{Id} in {Zone}";
}

/// <summary>What to do when the scale-out (or scale-in) DAG fails. A failed DAG keeps the cluster-wide maintenance
/// lock, so leaving it blocks every other operation on the cluster until someone acts.</summary>
public enum FailurePolicy
{
    /// <summary>Roll the DAG back (undo, release the lock) and fail cleanly. The default.</summary>
    Rollback,
    /// <summary>Leave the failed DAG for an operator to inspect; the next <c>pulumi up</c> retries it.</summary>
    Leave,
}

public static class FailurePolicies
{
    public const string Rollback = "rollback";
    public const string Leave = "leave";

    public static FailurePolicy Parse(string? value) => value switch
    {
        null or Rollback => FailurePolicy.Rollback,
        Leave => FailurePolicy.Leave,
        _ => throw new ArgumentException($"failurePolicy must be '{Rollback}' or '{Leave}'"),
    };
}
