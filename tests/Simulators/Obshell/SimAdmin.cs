using System.Text;
using System.Text.RegularExpressions;
using ClusterScale.Simulators.Obshell.Cluster;
using ClusterScale.Simulators.Obshell.Faults;
using Microsoft.AspNetCore.Http;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;

namespace ClusterScale.Simulators.Obshell;

/// <summary>
/// The simulator's admin routes, on its admin listener only (never on an agent's: real obshell serves no such path),
/// for whoever drives the simulator from outside the process: an operator acting out of band, a campaign, a test.
/// Each route does what a same-named <see cref="ObshellSimulator"/> / <see cref="ObshellFaults"/> method does:
/// <list type="bullet">
/// <item><c>GET|POST|DELETE /__sim/faults</c>: act-then-fail faults (<c>{"route","answer","count"}</c>); DELETE disarms all.</item>
/// <item><c>POST /__sim/faults/dag</c> <c>{"node": N, "count": 1}</c>: the next scale DAGs to reach node N fail there (and stay FAILED for later).</item>
/// <item><c>GET /__sim/ledger</c>: every accepted mutating request.</item>
/// <item><c>POST /__sim/agents/{ip:port}/observer</c> <c>{"running": false|true}</c>: the agent's observer stops or starts.</item>
/// <item><c>POST /__sim/agents/{ip:port}/refuse-delete</c> <c>{"reason": "..."}</c>: OceanBase refuses to delete that server (null or "" lifts it).</item>
/// </list>
/// </summary>
internal sealed partial class SimAdmin(ObshellSimulator simulator)
{
    public const string FaultsPath = "/__sim/faults";

    public async Task HandleAsync(HttpContext context)
    {
        var request = context.Request;
        var path = request.Path.Value ?? "";
        var body = await new StreamReader(request.Body).ReadToEndAsync(context.RequestAborted).ConfigureAwait(false);
        var (status, answer) = Route(request.Method, path, body);
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json; charset=utf-8";
        await context.Response.WriteAsync(answer.ToString(Formatting.None), Encoding.UTF8).ConfigureAwait(false);
    }

    private (int Status, JToken Answer) Route(string method, string path, string body)
    {
        try
        {
            var agentRoute = AgentRoute().Match(path);
            return (method, path) switch
            {
                ("GET", FaultsPath) => Ok(FaultsView()),
                ("DELETE", FaultsPath) => Ok(ClearFaults()),
                ("POST", FaultsPath) => Ok(ArmActThenFail(Parse(body))),
                ("POST", FaultsPath + "/dag") => Ok(FailDagAtNode(Parse(body))),
                ("GET", "/__sim/ledger") => Ok(new JArray(simulator.Ledger.Select(e => JObject.FromObject(Cluster.Ledger.ToJson(e))))),
                ("POST", _) when agentRoute.Success && agentRoute.Groups["action"].Value == "observer" =>
                    Ok(SetObserver(agentRoute.Groups["agent"].Value, Parse(body))),
                ("POST", _) when agentRoute.Success && agentRoute.Groups["action"].Value == "refuse-delete" =>
                    Ok(RefuseDelete(agentRoute.Groups["agent"].Value, Parse(body))),
                _ => (StatusCodes.Status404NotFound, Error($"no route {method} {path}: see the simulator README, 'Admin routes'")),
            };
        }
        catch (AdminRequestException e)
        {
            return (StatusCodes.Status400BadRequest, Error(e.Message));
        }
        catch (ArgumentException e)
        {
            return (StatusCodes.Status404NotFound, Error(e.Message)); // an agent the simulator does not have
        }
    }

    private static (int, JToken) Ok(JToken answer) => (StatusCodes.Status200OK, answer);

    private JObject ClearFaults()
    {
        simulator.Faults.Clear();
        return FaultsView();
    }

    private JObject ArmActThenFail(JObject json)
    {
        var routeName = json.Value<string>("route") ?? "";
        var answerName = json.Value<string>("answer") ?? "";
        if (!ActThenFailNames.TryParseRoute(routeName, out var route))
        {
            throw new AdminRequestException($"route '{routeName}' is not one of {string.Join(", ", ActThenFailNames.RouteNames)}");
        }

        if (!ActThenFailNames.TryParseAnswer(answerName, out var answer))
        {
            throw new AdminRequestException($"answer '{answerName}' is not one of {string.Join(", ", ActThenFailNames.AnswerNames)}");
        }

        simulator.Faults.ActThenFail(route, answer, Count(json, "count", minimum: 0));
        return FaultsView();
    }

    private JObject FailDagAtNode(JObject json)
    {
        var node = Count(json, "node", minimum: 1, fallback: null);
        var count = Count(json, "count", minimum: 1);
        simulator.Faults.FailDagAtNode(node, count);
        return new JObject { ["node"] = node, ["count"] = count };
    }

    private JObject SetObserver(string agent, JObject json)
    {
        var running = json["running"] is { Type: JTokenType.Boolean } given ? given.Value<bool>() : throw new AdminRequestException("running must be true or false");
        simulator.SetObserverRunning(agent, running);
        return new JObject { ["agent"] = agent, ["running"] = running };
    }

    private JObject RefuseDelete(string agent, JObject json)
    {
        var reason = json["reason"] switch
        {
            null or { Type: JTokenType.Null } => null,
            { Type: JTokenType.String } given => given.Value<string>() is { Length: > 0 } text ? text : null,
            _ => throw new AdminRequestException("reason must be a string (null or \"\" lifts the refusal)"),
        };
        simulator.RefuseDelete(agent, reason);
        return new JObject { ["agent"] = agent, ["reason"] = reason };
    }

    private JObject FaultsView() => new()
    {
        ["armed"] = new JArray(simulator.Faults.ArmedActThenFail.Select(a => new JObject
        {
            ["route"] = ActThenFailNames.NameOf(a.Route),
            ["answer"] = ActThenFailNames.NameOf(a.Answer),
            ["remaining"] = a.Remaining,
        })),
        ["actThenFailAnswers"] = simulator.Faults.ActThenFailAnswers,
    };

    private static JObject Parse(string body)
    {
        try
        {
            return JToken.Parse(body) as JObject ?? throw new AdminRequestException("the body is not a JSON object");
        }
        catch (JsonReaderException e)
        {
            throw new AdminRequestException($"the body is not a JSON object: {e.Message}");
        }
    }

    // An integer field of at least minimum; absent: the fallback (null: required).
    private static int Count(JObject json, string name, int minimum, int? fallback = 1) => json[name] switch
    {
        null when fallback is { } value => value,
        { Type: JTokenType.Integer } given when given.Value<long>() >= minimum && given.Value<long>() <= int.MaxValue => given.Value<int>(),
        _ => throw new AdminRequestException($"{name} must be an integer of at least {minimum}"),
    };

    private static JObject Error(string message) => new() { ["error"] = message };

    [GeneratedRegex("^/__sim/agents/(?<agent>[^/]+)/(?<action>[^/]+)$")]
    private static partial Regex AgentRoute();

    private sealed class AdminRequestException(string message) : Exception(message);
}
