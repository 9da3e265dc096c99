namespace ClusterScale.Provider.Obshell.Auth;

/// <summary>
/// Which password goes into the auth header. The agent password wins when set (it is what the agent checks first,
/// <c>X-OCS-Agent-Header</c>); otherwise the root@sys password in <c>X-OCS-Header</c>, possibly empty: obshell
/// rejects a request without any header even when no password is set.
/// </summary>
public sealed class ObshellCredentials(string? rootPassword, string? agentPassword)
{
    public const string AgentHeader = "X-OCS-Agent-Header";
    public const string RootHeader = "X-OCS-Header";

    public string HeaderName => string.IsNullOrEmpty(agentPassword) ? RootHeader : AgentHeader;
    internal string Password => (string.IsNullOrEmpty(agentPassword) ? rootPassword : agentPassword) ?? "";

    /// <summary>Never the passwords.</summary>
    public override string ToString() => $"obshell credentials ({HeaderName})";
}
