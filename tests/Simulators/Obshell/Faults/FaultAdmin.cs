using System.Text;
using Microsoft.AspNetCore.Http;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;

namespace ClusterScale.Simulators.Obshell.Faults;

/// <summary>
/// Act-then-fail faults switched from outside the process, on the simulator's admin listener (never on an agent's
/// listener: real obshell serves no such path). <c>GET /__sim/faults</c> shows the armed faults and how many
/// answers they replaced; <c>POST /__sim/faults</c> <c>{"route":"scale_out","answer":"500","count":2}</c> arms one
/// and answers the same view; <c>DELETE /__sim/faults</c> disarms all (<see cref="ObshellFaults.Clear"/>).
/// </summary>
internal sealed class FaultAdmin(ObshellFaults faults)
{
    public const string Path = "/__sim/faults";

    public async Task HandleAsync(HttpContext context)
    {
        var request = context.Request;
        if (request.Path != Path)
        {
            await WriteAsync(context, StatusCodes.Status404NotFound, Error($"no route {request.Path}: the admin listener serves {Path}")).ConfigureAwait(false);
            return;
        }

        switch (request.Method)
        {
            case "GET":
                break;
            case "DELETE":
                faults.Clear();
                break;
            case "POST":
                var body = await new StreamReader(request.Body).ReadToEndAsync(context.RequestAborted).ConfigureAwait(false);
                if (Arm(body) is { } problem)
                {
                    await WriteAsync(context, StatusCodes.Status400BadRequest, Error(problem)).ConfigureAwait(false);
                    return;
                }

                break;
            default:
                await WriteAsync(context, StatusCodes.Status405MethodNotAllowed, Error($"{request.Method} is not served: use GET, POST or DELETE")).ConfigureAwait(false);
                return;
        }

        await WriteAsync(context, StatusCodes.Status200OK, View()).ConfigureAwait(false);
    }

    // Returns what is wrong with the body, or null once the fault is armed.
    private string? Arm(string body)
    {
        JObject json;
        try
        {
            json = JObject.Parse(body);
        }
        catch (JsonReaderException e)
        {
            return $"the body is not a JSON object: {e.Message}";
        }

        var routeName = json.Value<string>("route") ?? "";
        var answerName = json.Value<string>("answer") ?? "";
        var count = json["count"] is { Type: JTokenType.Integer } given ? given.Value<int>() : json["count"] is null ? 1 : -1;
        if (!ActThenFailNames.TryParseRoute(routeName, out var route))
        {
            return $"route '{routeName}' is not one of {string.Join(", ", ActThenFailNames.RouteNames)}";
        }

        if (!ActThenFailNames.TryParseAnswer(answerName, out var answer))
        {
            return $"answer '{answerName}' is not one of {string.Join(", ", ActThenFailNames.AnswerNames)}";
        }

        if (count < 0)
        {
            return "count must be a non-negative integer";
        }

        faults.ActThenFail(route, answer, count);
        return null;
    }

    private JObject View() => new()
    {
        ["armed"] = new JArray(faults.ArmedActThenFail.Select(a => new JObject
        {
            ["route"] = ActThenFailNames.NameOf(a.Route),
            ["answer"] = ActThenFailNames.NameOf(a.Answer),
            ["remaining"] = a.Remaining,
        })),
        ["actThenFailAnswers"] = faults.ActThenFailAnswers,
    };

    private static JObject Error(string message) => new() { ["error"] = message };

    private static Task WriteAsync(HttpContext context, int status, JObject body)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json; charset=utf-8";
        return context.Response.WriteAsync(body.ToString(Formatting.None), Encoding.UTF8);
    }
}
