namespace ClusterScale.Provider.ModelArts.Auth;

/// <summary>AK/SK, plus the security token of temporary credentials. <see cref="ToString"/> hides all three so a
/// stray log line or exception message cannot leak them.</summary>
public sealed record HuaweiCredentials(string AccessKey, string SecretKey, string? SecurityToken)
{
    public override string ToString() => "HuaweiCredentials { [secret] }";
}
