namespace ClusterScale.Simulators.Obshell.Faults;

/// <summary>The agent routes that change the cluster: the targets of act-then-fail faults.</summary>
public enum MutatingRoute
{
    /// <summary><c>POST /api/v1/ob/scale_out</c>.</summary>
    ScaleOut,

    /// <summary><c>POST /api/v1/ob/scale_in</c> and <c>DELETE /api/v1/observer</c> (one handler in obshell).</summary>
    ScaleIn,

    /// <summary><c>POST /api/v1/task/dag/{id}</c> (RETRY, ROLLBACK, CANCEL, PASS).</summary>
    DagOperator,

    /// <summary><c>PATCH /api/v1/obcluster/parameters</c>.</summary>
    SetParameters,

    /// <summary><c>DELETE /api/v1/zone/{name}</c>.</summary>
    DeleteZone,
}

/// <summary>
/// What the client gets from a request that was fully processed (the DAG exists, the operator or parameter is
/// applied): every one of them leaves the client unable to tell whether anything happened.
/// </summary>
public enum AfterActing
{
    /// <summary>HTTP 500 with an obshell envelope carrying <c>Common.Unexpected</c> (no known refusal code).</summary>
    InternalError,

    /// <summary>HTTP 504 from a gateway in front of the agent: an HTML page, no obshell envelope.</summary>
    GatewayTimeout,

    /// <summary>The connection is reset instead of answered.</summary>
    ResetConnection,

    /// <summary>No answer until the client gives up (or the agent stops): a client timeout hides the change.</summary>
    Stall,
}

/// <summary>The names the admin route and the command line use for routes and answers.</summary>
public static class ActThenFailNames
{
    private static readonly Dictionary<string, MutatingRoute> Routes = new(StringComparer.OrdinalIgnoreCase)
    {
        ["scale_out"] = MutatingRoute.ScaleOut,
        ["scale_in"] = MutatingRoute.ScaleIn,
        ["dag_operator"] = MutatingRoute.DagOperator,
        ["parameters"] = MutatingRoute.SetParameters,
        ["delete_zone"] = MutatingRoute.DeleteZone,
    };

    private static readonly Dictionary<string, AfterActing> Answers = new(StringComparer.OrdinalIgnoreCase)
    {
        ["500"] = AfterActing.InternalError,
        ["504"] = AfterActing.GatewayTimeout,
        ["reset"] = AfterActing.ResetConnection,
        ["stall"] = AfterActing.Stall,
    };

    public static IEnumerable<string> RouteNames => Routes.Keys;

    public static IEnumerable<string> AnswerNames => Answers.Keys;

    public static bool TryParseRoute(string name, out MutatingRoute route) => Routes.TryGetValue(name, out route);

    public static bool TryParseAnswer(string name, out AfterActing answer) => Answers.TryGetValue(name, out answer);

    public static string NameOf(MutatingRoute route) => Routes.First(r => r.Value == route).Key;

    public static string NameOf(AfterActing answer) => Answers.First(a => a.Value == answer).Key;
}
