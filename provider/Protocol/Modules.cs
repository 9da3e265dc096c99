namespace ClusterScale.Provider.Protocol;

/// <summary>The modules the plugin binary hosts. Kept in one place so adding a module is one line.</summary>
public static class Modules
{
    // The lead wires in ClusterScale.Provider.Obshell.ObshellModule and ClusterScale.Provider.ModelArts.ModelArtsModule
    // at merge; on the host branch the plugin serves the protocol with no resources.
    public static IReadOnlyList<IProviderModule> All() => [];
}
