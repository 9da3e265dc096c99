namespace ClusterScale.Conformance.Tests.Reliability.OpenWorld;

/// <summary>
/// A machine that runs <c>pulumi</c>, as a user's or a CI runner's: its own HOME, nothing created inside it, no
/// CLUSTERSCALE_STATE_DIR and no PULUMI_HOME, so the plugin keeps its operation journal where it does by default
/// (<c>~/.pulumi/clusterscale/journal</c>, which may not exist yet).
/// </summary>
internal sealed class RunnerMachine : IDisposable
{
    private RunnerMachine(string home) => Home = home;

    public string Home { get; }

    /// <summary>Where the plugin's default journal lives on this machine (it may not exist).</summary>
    public string JournalDirectory => Path.Combine(Home, ".pulumi", "clusterscale", "journal");

    /// <summary>The plugin's environment on this machine (empty values: the plugin treats them as unset).</summary>
    public IReadOnlyDictionary<string, string> Environment => new Dictionary<string, string>
    {
        ["HOME"] = Home, ["CLUSTERSCALE_STATE_DIR"] = "", ["PULUMI_HOME"] = "",
    };

    public static RunnerMachine Fresh() => new(Directory.CreateTempSubdirectory("clusterscale-home-").FullName);

    /// <summary>
    /// The journal's disk fills now, until the returned handle is disposed. Emulated without mounts and as root
    /// (permission bits do not stop root): the journal directory is moved aside and a regular file takes its path, so
    /// every journal write fails (creating the directory or a file in it: "Not a directory", an IOException as on a
    /// full disk) — entries written before are out of reach meanwhile, which a full disk would not do; the campaign
    /// fills the disk only after a run's operations have started, when they have read their entries. Disposing
    /// frees the disk: the file goes, the old entries come back.
    /// </summary>
    public IDisposable FillDisk() => new FullDisk(JournalDirectory);

    public void Dispose()
    {
        try
        {
            Directory.Delete(Home, recursive: true);
        }
        catch (IOException)
        {
            // A plugin of this machine may still be writing as it dies; the temp directory is left for the OS.
        }
    }

    private sealed class FullDisk : IDisposable
    {
        private readonly string _journal;
        private readonly string _aside;

        public FullDisk(string journal)
        {
            _journal = journal;
            _aside = journal + ".aside";
            Directory.CreateDirectory(Path.GetDirectoryName(journal)!);
            if (Directory.Exists(journal)) Directory.Move(journal, _aside);
            File.WriteAllText(journal, "");
        }

        public void Dispose()
        {
            File.Delete(_journal);
            if (Directory.Exists(_aside))
            {
                // Entries written elsewhere meanwhile cannot exist (every write failed); put the old ones back.
                Directory.Move(_aside, _journal);
            }
        }
    }
}
