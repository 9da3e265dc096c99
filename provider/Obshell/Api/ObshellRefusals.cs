using System.Net;
using System.Text.RegularExpressions;
using ClusterScale.Provider.Outcomes;

namespace ClusterScale.Provider.Obshell.Api;

/// <summary>
/// The answers by which an obshell agent proves it did NOT act on a change, whatever their HTTP status (spec
/// obshell-api.md §2 "KNOWN refusals arriving as 500"). Anything else that is a 5xx stays ambiguous for
/// <see cref="OutcomeClassifier"/>: the agent may have acted.
/// </summary>
public sealed partial class ObshellRefusals : IRefusalCatalogue
{
    public static readonly ObshellRefusals Instance = new();

    /// <summary>The classifier every mutating obshell send is judged by.</summary>
    public static readonly OutcomeClassifier Classifier = new(Instance);

    /// <summary>The lock errors (§2, §6): the transaction that would have inserted the DAG was rolled back.</summary>
    private static readonly HashSet<string> LockCodes =
        ["OB.Cluster.UnderMaintenanceWithDag", "OB.Cluster.UnderMaintenance", "Agent.UnderMaintenance"];

    /// <summary>Other documented refusals that arrive as 500 (§2): no DAG was created.</summary>
    private static readonly HashSet<string> RefusalCodes =
        ["Task.CreateFailed", ObshellErrors.AlreadyExists, "Agent.RPC.RequestFailed", "Agent.Binary.NotFound"];

    private static readonly string[] RefusalPrefixes = ["Agent.OceanBase.", "Task.Dag.Operator.", ObshellErrors.AuthPrefix];

    /// <summary>Before 4.3.1 obshell sent only an integer code (obshell@32187ba agent/errors/errorcode.go:55-71):
    /// 1010 ErrKnown and 2301 ErrTaskCreateFailed are raised on purpose and answer 500 (kind "known"), 10009
    /// ErrObclusterNotFound too; 1002 is ErrUnexpected, ambiguous unless it is the lock (see <see cref="IsLockConflict"/>) or scale_out's target check.</summary>
    private static readonly HashSet<int> LegacyRefusalCodes = [1010, 2301, 10009, ObshellErrors.UnauthorizedCode];

    private const int LegacyUnexpectedCode = 1002;

    /// <summary>Every legacy lock conflict says this, the rest varies (obshell@32187ba agent/service/task/status_maintainer.go:58).</summary>
    private const string LegacyLockText = "failed to start maintenance:";

    /// <summary>4.3.0.0's scale_out could not read the target's <c>/api/v1/info</c> and refused before anything started:
    /// ErrUnexpected "get &lt;ip:port&gt; status failed" (obshell@32187ba agent/executor/ob/scale_out.go:70-71), what
    /// 4.3.1+ answers as <c>Agent.RPC.RequestFailed</c>.</summary>
    [GeneratedRegex(@"\bget \S+ status failed\b", RegexOptions.CultureInvariant)]
    private static partial Regex LegacyTargetUnreachable();

    public bool IsKnownRefusal(IRemoteError error) =>
        IsLockConflict(error)
        || error.Code is null && error.LegacyCode == LegacyUnexpectedCode && LegacyTargetUnreachable().IsMatch(error.ServerMessage)
        || error.Code is { } code && (RefusalCodes.Contains(code) || RefusalPrefixes.Any(p => code.StartsWith(p, StringComparison.Ordinal)))
        || error.Code is null && error.LegacyCode is { } legacy && LegacyRefusalCodes.Contains(legacy);

    /// <summary>The cluster (or agent) maintenance lock is held by another DAG: wait for it, then try again.</summary>
    public static bool IsLockConflict(IRemoteError error) =>
        error.Code is { } code ? LockCodes.Contains(code)
            : error.LegacyCode == LegacyUnexpectedCode && error.Status == HttpStatusCode.InternalServerError
              && error.ServerMessage.Contains(LegacyLockText, StringComparison.Ordinal);
}
