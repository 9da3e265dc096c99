namespace ClusterScale.Provider.Protocol;

/// <summary>The modules the plugin binary hosts. Kept in one place so adding a module is one line.</summary>
public static class Modules
{
    public static IReadOnlyList<IProviderModule> All(DebugLog debug) => [new Obshell.ObshellModule(debug), new ModelArts.ModelArtsModule(debug)];
}
