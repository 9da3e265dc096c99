using System.Text.RegularExpressions;
using ClusterScale.Simulators.Obshell.Cluster;
using ClusterScale.Simulators.Obshell.Faults;
using Microsoft.AspNetCore.Http;

namespace ClusterScale.Simulators.Obshell.Api;

/// <summary>A request as a handler sees it: the body is already decrypted.</summary>
internal sealed record ApiRequest(SimulatedAgent Agent, IReadOnlyDictionary<string, string> RouteValues, IQueryCollection Query, string Body)
{
    /// <summary><c>show_details</c> defaults to true, as in obshell; false spellings as Go's strconv.ParseBool takes them.</summary>
    public bool ShowDetails => Query["show_details"].ToString() is not ("false" or "False" or "FALSE" or "f" or "F" or "0");
}

/// <summary>A handler's answer: <see cref="Data"/> goes to the envelope's <c>data</c>; 204 has no body.</summary>
internal sealed record ApiResult(int Status, object? Data)
{
    public static ApiResult Ok(object? data) => new(StatusCodes.Status200OK, data);

    public static ApiResult NoContent { get; } = new(StatusCodes.Status204NoContent, null);

    /// <summary>obshell wraps array data as {"contents": [...]}.</summary>
    public static ApiResult Contents<T>(IEnumerable<T> items) => Ok(new { contents = items.ToList() });
}

/// <summary>
/// Routes by method and path template (<c>{name}</c> matches one segment). Routes added first win, so exact
/// paths go before templates. A path or method no route takes is 404, as gin answers by default.
/// </summary>
internal sealed partial class Router
{
    private readonly List<Route> routes = [];

    /// <summary>
    /// Adds a route; an agent older than <paramref name="since"/> does not have it (404). A route that changes the
    /// cluster names itself with <paramref name="mutates"/> (act-then-fail faults target it).
    /// </summary>
    public Router Map(string method, string template, bool requiresAuth, Func<ApiRequest, ApiResult> handler, Version? since = null, MutatingRoute? mutates = null)
    {
        var pattern = "^" + Placeholder().Replace(Regex.Escape(template).Replace(@"\{", "{"), "(?<$1>[^/]+)") + "$";
        routes.Add(new Route(method, new Regex(pattern, RegexOptions.CultureInvariant), requiresAuth, handler, since, mutates));
        return this;
    }

    public (Route Route, Dictionary<string, string> Values)? Match(string method, string path)
    {
        foreach (var route in routes)
        {
            var match = route.Pattern.Match(path);
            if (match.Success && string.Equals(route.Method, method, StringComparison.OrdinalIgnoreCase))
            {
                var values = route.Pattern.GetGroupNames().Where(g => !int.TryParse(g, out _))
                    .ToDictionary(g => g, g => match.Groups[g].Value);
                return (route, values);
            }
        }

        return null;
    }

    [GeneratedRegex(@"\{(\w+)\}")]
    private static partial Regex Placeholder();

    internal sealed record Route(string Method, Regex Pattern, bool RequiresAuth, Func<ApiRequest, ApiResult> Handler, Version? Since, MutatingRoute? Mutates);
}
