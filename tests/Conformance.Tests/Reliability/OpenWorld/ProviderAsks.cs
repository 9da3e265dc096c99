using System.Text.RegularExpressions;

namespace ClusterScale.Conformance.Tests.Reliability.OpenWorld;

/// <summary>A question the provider put to the user: adopt these servers (or this DAG) through this input.</summary>
/// <param name="Property">The input the message tells the user to set (e.g. <c>adoptServerIds</c>), if it names one.</param>
/// <param name="HeldWhenShown">The servers the stack's resources held when the ask was shown: not at stake then, so never
/// "left out" by it, even if the user later gives their resource up (that message names them).</param>
internal sealed record ProviderAsk(string Resource, string Text, IReadOnlyList<string> ServerIds, IReadOnlyList<string> DagIds, string? Property,
    IReadOnlySet<string>? HeldWhenShown = null);

/// <summary>
/// Recognises the provider's questions in what the user is shown (failures and warnings), in ONE place: an ask is a
/// message that names the input through which the user adopts explicitly (SupernodeScale's <c>adoptServerIds</c>:
/// any camelCase input name beginning with "adopt"). What it names is read from the text: server ids (the
/// simulator's are GUIDs; the supernode's own id, a GUID too, is left out by the checker) and DAG ids ("DAG 1234",
/// "dagId 1234", "dag_id=1234").
/// </summary>
internal static partial class ProviderAsks
{
    public static ProviderAsk? Find(string resource, string text)
    {
        if (!AskPhrase().IsMatch(text)) return null;
        var servers = ServerId().Matches(text).Select(m => m.Value).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
        var dags = DagId().Matches(text).Select(m => m.Groups["id"].Value).Distinct(StringComparer.Ordinal).ToList();
        var property = AdoptionInput().Match(text) is { Success: true } input ? input.Value : null;
        return new ProviderAsk(resource, text, servers, dags, property);
    }

    /// <summary>The GUIDs a message names (what it reports by id).</summary>
    public static IEnumerable<string> NamedServerIds(string text) => ServerId().Matches(text).Select(m => m.Value);

    [GeneratedRegex(@"\badopt[A-Z]\w*")]
    private static partial Regex AskPhrase();

    [GeneratedRegex(@"\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b", RegexOptions.IgnoreCase)]
    private static partial Regex ServerId();

    [GeneratedRegex(@"\b(DAG|dagId|dag_id|dag id)[ =:'""]*(?<id>[0-9]{2,})\b", RegexOptions.IgnoreCase)]
    private static partial Regex DagId();

    /// <summary>An input name in camelCase beginning with "adopt" (e.g. adoptServerIds, adoptDagId).</summary>
    [GeneratedRegex(@"\badopt[A-Z]\w*")]
    private static partial Regex AdoptionInput();
}
