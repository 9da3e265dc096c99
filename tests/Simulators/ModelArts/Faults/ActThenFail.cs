namespace ClusterScale.Simulators.ModelArts.Faults;

/// <summary>The routes that change a supernode; a fault can be armed on one or both.</summary>
[Flags]
public enum ScaleRoutes
{
    None = 0,
    LiveScaleUp = 1,
    LiveScaleDown = 2,
    Both = LiveScaleUp | LiveScaleDown,
}

/// <summary>
/// What the client gets instead of the answer, after the request was handled in full. Each leaves the client unable
/// to tell whether the change was made (issue 10 item 6; spec section 7: a scale POST after a timeout or 5xx must be
/// followed by a re-read, never a blind resend).
/// </summary>
public enum AfterActing
{
    /// <summary>HTTP 500 with a ModelArts body whose code is no known refusal (`ModelArts.0001`).</summary>
    InternalError500,

    /// <summary>HTTP 504 with API Gateway's body `{error_code, error_msg, request_id}`: the backend took too long.</summary>
    GatewayTimeout504,

    /// <summary>The connection is reset without any answer.</summary>
    ConnectionReset,

    /// <summary>No answer until the client gives up (or the simulator stops); then the connection is dropped.</summary>
    Stall,
}

/// <summary>The names the admin route and the command line use for <see cref="ScaleRoutes"/> and <see cref="AfterActing"/>.</summary>
public static class FaultNames
{
    public const string RouteNames = "live-scale-up, live-scale-down or both";
    public const string AnswerNames = "500, 504, reset or stall";

    public static ScaleRoutes ParseRoutes(string name) => name switch
    {
        "live-scale-up" => ScaleRoutes.LiveScaleUp,
        "live-scale-down" => ScaleRoutes.LiveScaleDown,
        "both" => ScaleRoutes.Both,
        _ => throw new ArgumentException($"route {name} is not one of {RouteNames}", nameof(name)),
    };

    public static AfterActing ParseAnswer(string name) => name switch
    {
        "500" => AfterActing.InternalError500,
        "504" => AfterActing.GatewayTimeout504,
        "reset" => AfterActing.ConnectionReset,
        "stall" => AfterActing.Stall,
        _ => throw new ArgumentException($"answer {name} is not one of {AnswerNames}", nameof(name)),
    };
}
