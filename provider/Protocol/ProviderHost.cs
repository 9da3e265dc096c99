namespace ClusterScale.Provider.Protocol;

/// <summary>
/// Everything the gRPC service shares across calls: the modules and their resources, configuration, the schema,
/// plugin-wide cancellation and the engine log. Built from a list of modules so tests can host fake resources and the
/// real program hosts <see cref="Modules.All"/>.
/// </summary>
public sealed class ProviderHost : IDisposable
{
    public ProviderHost(IEnumerable<IProviderModule> modules, DebugLog? debug = null, TimeProvider? time = null)
    {
        var list = modules.ToList();
        Debug = debug ?? DebugLog.Off;
        Time = time ?? TimeProvider.System;
        Registry = new TokenRegistry<IResource>(list.SelectMany(m => m.Resources), r => r.Token, "resource type");
        Functions = new TokenRegistry<IFunction>(list.SelectMany(m => m.Functions), f => f.Token, "function");
        Configuration = new ProviderConfiguration(list);
        EngineLog = new EngineLog(Debug);
        _schema = new Lazy<string>(() => PackageSchema.Build(list));
    }

    private readonly Lazy<string> _schema;

    public TokenRegistry<IResource> Registry { get; }
    public TokenRegistry<IFunction> Functions { get; }
    public ProviderConfiguration Configuration { get; }
    public PluginCancellation Cancellation { get; } = new();
    public EngineLog EngineLog { get; }
    public DebugLog Debug { get; }
    public TimeProvider Time { get; }

    /// <summary>Built on first GetSchema only: the engine rarely asks, and startup time is measured.</summary>
    public string Schema => _schema.Value;

    public void Dispose() => EngineLog.Dispose();
}
