namespace ClusterScale.Provider.Protocol;

/// <summary>
/// The plugin's command line as the engine writes it: optional glog-style flags (<c>--logtostderr</c>, <c>-v=9</c>,
/// <c>--logflow</c>, <c>--tracing &lt;endpoint&gt;</c>) and the engine address as the last positional argument.
/// Parsing is lenient because engine versions add flags: anything unrecognised is ignored rather than failing the
/// launch. No positional argument means attach mode (the engine calls Attach with its address later).
/// </summary>
public sealed record LaunchArgs(string? EngineAddress, bool Verbose)
{
    /// <summary>Flags that take their value as the next argument; that value is not the engine address.</summary>
    private static readonly HashSet<string> FlagsWithValue = ["--tracing", "-tracing", "--v", "-v", "--root", "-root"];

    public static LaunchArgs Parse(IReadOnlyList<string> args)
    {
        string? engine = null;
        var verbose = false;
        for (var i = 0; i < args.Count; i++)
        {
            var arg = args[i];
            if (!arg.StartsWith('-'))
            {
                engine = arg; // the last positional wins, as in the engine's own plugin launcher
                continue;
            }
            var name = arg.Split('=', 2)[0];
            if (name is "--logtostderr" or "-logtostderr" || (name is "-v" or "--v" && VerbosityOf(arg, args, i) > 0)) verbose = true;
            if (!arg.Contains('=') && FlagsWithValue.Contains(name)) i++;
        }
        return new LaunchArgs(engine, verbose);
    }

    private static int VerbosityOf(string arg, IReadOnlyList<string> args, int index)
    {
        var text = arg.Contains('=') ? arg.Split('=', 2)[1] : index + 1 < args.Count ? args[index + 1] : "";
        return int.TryParse(text, out var level) ? level : 0;
    }
}
