using System.Text;
using ClusterScale.Provider.Protocol;

namespace ClusterScale.Conformance.Tests.Reliability;

/// <summary>Distinctive secret values and the forms in which a leak of them could show (plain and base64).</summary>
internal sealed class SecretMarkers
{
    public string RootPassword { get; } = Marker("ROOT");
    public string AgentPassword { get; } = Marker("AGENT");
    public string TargetAgentPassword { get; } = Marker("TARGET");
    public string AccessKey { get; } = Marker("ACCESSKEY").ToUpperInvariant().Replace("-", "");
    public string SecretKey { get; } = Marker("SECRETKEY");
    public string SecurityToken { get; } = Marker("TOKEN");
    public string UserdataScript { get; } = "#!/bin/bash\necho " + Marker("USERDATA");
    public string Userdata => Convert.ToBase64String(Encoding.UTF8.GetBytes(UserdataScript));

    /// <summary>Every form to look for: each value, its base64, and (for userdata) the decoded script.</summary>
    public IReadOnlyList<string> Forms(params string[] extra) =>
        new[] { RootPassword, AgentPassword, TargetAgentPassword, AccessKey, SecretKey, SecurityToken, UserdataScript.Split(' ')[^1], Userdata }
            .Concat(extra)
            .SelectMany(v => new[] { v, Convert.ToBase64String(Encoding.UTF8.GetBytes(v)) })
            .ToList();

    /// <summary>The markers found in <paramref name="text"/>.</summary>
    public IEnumerable<string> FoundIn(string text, params string[] extra) => Forms(extra).Where(f => text.Contains(f, StringComparison.Ordinal));

    /// <summary>Every string reachable without passing through a secret: what state and the console show in clear.</summary>
    public static IEnumerable<string> PlainStrings(PropertyValue value) => value.Kind switch
    {
        PropertyKind.Secret => [],
        PropertyKind.Output when value.OutputValue.Secret => [],
        PropertyKind.Output => value.OutputValue.Value is { } inner ? PlainStrings(inner) : [],
        PropertyKind.String => [value.StringValue],
        PropertyKind.Array => value.ArrayValue.SelectMany(PlainStrings),
        PropertyKind.Object => value.ObjectValue.SelectMany(kv => PlainStrings(kv.Value).Append(kv.Key)),
        _ => [],
    };

    private static string Marker(string what) => $"{what}-mk-{Guid.NewGuid():N}"[..Math.Min(what.Length + 20, 40)];
}
