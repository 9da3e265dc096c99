using System.Globalization;
using ClusterScale.Simulators.Obshell.Faults;

namespace ClusterScale.Simulators.Obshell;

/// <summary>
/// The standalone program's flags: <c>--agents N --zones N --spares N --stage-ms MS --clock-offset-ms MS --root-password P
/// --agent-password P --spare-agent-password P --obshell-version V --ob-version V --admin-port N
/// --act-then-fail route:answer[:count]</c> (repeatable). The admin listener is on unless <c>--admin-port -1</c>.
/// </summary>
public sealed record CommandLine(ObshellSimulatorOptions Options, IReadOnlyList<ArmedActThenFail> ActThenFail)
{
    public const string Usage =
        "usage: ObshellSimulator [--agents N] [--zones N] [--spares N] [--stage-ms MS] [--clock-offset-ms MS] [--root-password P] [--agent-password P] " +
        "[--spare-agent-password P] [--obshell-version V] [--ob-version V] [--admin-port N|-1] [--act-then-fail route:answer[:count]]...";

    /// <summary>The parsed flags, or null when they are malformed (the caller prints <see cref="Usage"/>).</summary>
    public static CommandLine? Parse(IReadOnlyList<string> args)
    {
        var options = new ObshellSimulatorOptions { AdminPort = 0 };
        var actThenFail = new List<ArmedActThenFail>();
        for (var i = 0; i < args.Count; i += 2)
        {
            if (i + 1 >= args.Count)
            {
                return null;
            }

            var value = args[i + 1];
            var isNumber = int.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var number);
            if (args[i] == "--act-then-fail")
            {
                if (ParseActThenFail(value) is not { } armed)
                {
                    return null;
                }

                actThenFail.Add(armed);
                continue;
            }

            options = args[i] switch
            {
                "--agents" when isNumber => options with { ClusterAgents = number },
                "--zones" when isNumber => options with { ZoneCount = number },
                "--spares" when isNumber => options with { SpareAgents = number },
                "--stage-ms" when isNumber && number >= 0 => options with { StageDuration = TimeSpan.FromMilliseconds(number) },
                "--clock-offset-ms" when isNumber => options with { ClockOffset = TimeSpan.FromMilliseconds(number) },
                "--admin-port" when isNumber && number >= -1 => options with { AdminPort = number < 0 ? null : number },
                "--root-password" => options with { RootPassword = value },
                "--agent-password" => options with { AgentPassword = value },
                "--spare-agent-password" => options with { SpareAgentPassword = value },
                "--obshell-version" => options with { ObshellVersion = value },
                "--ob-version" => options with { ObVersion = value },
                _ => null,
            };
            if (options is null)
            {
                return null;
            }
        }

        return new CommandLine(options, actThenFail);
    }

    // route:answer[:count], e.g. scale_out:500 or dag_operator:stall:3
    private static ArmedActThenFail? ParseActThenFail(string spec)
    {
        var parts = spec.Split(':');
        var count = 1;
        return parts.Length is 2 or 3
               && ActThenFailNames.TryParseRoute(parts[0], out var route)
               && ActThenFailNames.TryParseAnswer(parts[1], out var answer)
               && (parts.Length == 2 || (int.TryParse(parts[2], NumberStyles.None, CultureInfo.InvariantCulture, out count) && count >= 0))
            ? new ArmedActThenFail(route, answer, count)
            : null;
    }
}
