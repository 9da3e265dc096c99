namespace ClusterScale.Harness;

/// <summary>
/// A user's machine as the plugin meets it: a home directory of its own and nothing made for the plugin in advance
/// (no <c>~/.pulumi</c>, no journal directory, no <c>CLUSTERSCALE_STATE_DIR</c>, no <c>PULUMI_HOME</c>). Plugins
/// started on the same machine share what the earlier ones wrote there, as restarted plugins on one runner do; a new
/// machine is a CI runner that starts empty, or a run resumed elsewhere.
/// </summary>
public sealed class TestMachine
{
    private static readonly Lazy<TestMachine> First = new(() => new TestMachine());

    public TestMachine()
    {
        Home = Directory.CreateTempSubdirectory("clusterscale-home-").FullName;
        AppDomain.CurrentDomain.ProcessExit += (_, _) => Directory.Delete(Home, recursive: true);
    }

    /// <summary>The machine every plugin of this test process runs on unless a test names another.</summary>
    public static TestMachine Default => First.Value;

    /// <summary>The user's home directory (HOME): it exists, as a home does; nothing is inside it at first.</summary>
    public string Home { get; }

    /// <summary>Where the plugin keeps its operation journal by default on this machine. It may not exist: the plugin
    /// makes it on its first write.</summary>
    public string JournalDirectory => Path.Combine(Home, ".pulumi", "clusterscale", "journal");

    /// <summary>The variables a plugin started here sees in place of the test process's own: HOME is this machine's,
    /// and the variables that would move the journal elsewhere are unset (a launch's Environment may set them again).</summary>
    public void ApplyTo(IDictionary<string, string?> environment)
    {
        environment["HOME"] = Home;
        environment.Remove("CLUSTERSCALE_STATE_DIR");
        environment.Remove("PULUMI_HOME");
    }
}
