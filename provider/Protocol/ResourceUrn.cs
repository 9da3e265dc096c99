namespace ClusterScale.Provider.Protocol;

/// <summary>
/// Reads a resource URN, <c>urn:pulumi:stack::project::parent$type::name</c>. Requests carry <c>type</c> and
/// <c>name</c> fields on newer engines; older ones send only the URN, so both are derived from it as a fallback.
/// </summary>
public static class ResourceUrn
{
    /// <summary>The type token: the request's <paramref name="type"/> when set, else the last type in the URN's
    /// qualified type (parents are prefixed with <c>$</c>).</summary>
    public static string TypeOf(string urn, string? type)
    {
        if (!string.IsNullOrEmpty(type)) return type;
        var parts = urn.Split("::", 4);
        if (parts.Length < 4) throw new ProviderInputException($"'{urn}' is not a resource URN (urn:pulumi:stack::project::type::name)");
        return parts[2][(parts[2].LastIndexOf('$') + 1)..];
    }

    /// <summary>The resource name: the request's <paramref name="name"/> when set, else the URN's last part
    /// (names may themselves contain <c>::</c>, so everything after the third separator).</summary>
    public static string NameOf(string urn, string? name)
    {
        if (!string.IsNullOrEmpty(name)) return name;
        var parts = urn.Split("::", 4);
        return parts.Length == 4 ? parts[3] : "";
    }
}
