using ClusterScale.Harness;

namespace ClusterScale.Conformance.Tests.Reliability.OpenWorld;

/// <summary>
/// A machine that runs <c>pulumi</c> (a <see cref="TestMachine"/>: its own HOME, nothing made in it in advance, so the
/// plugin keeps its operation journal where it does by default), whose journal disk the campaign can fill.
/// </summary>
internal sealed class RunnerMachine
{
    public TestMachine Machine { get; } = new();

    public static RunnerMachine Fresh() => new();

    /// <summary>
    /// The journal's disk fills now, until the returned handle is disposed. Emulated without mounts and as root
    /// (permission bits do not stop root): the journal directory is moved aside and a regular file takes its path, so
    /// every journal write fails (creating the directory or a file in it: "Not a directory", an IOException as on a
    /// full disk) — entries written before are out of reach meanwhile, which a full disk would not do; the campaign
    /// fills the disk only after a run's operations have started, when they have read their entries. Disposing
    /// frees the disk: the file goes, the old entries come back.
    /// </summary>
    public IDisposable FillDisk() => new FullDisk(Machine.JournalDirectory);

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
