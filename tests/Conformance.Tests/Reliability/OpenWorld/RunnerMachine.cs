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
            // The plugin may write an entry, making the directory again, between the move and the file taking its
            // place (one long campaign run met that race): its entries join the others aside, and the file is tried again.
            while (true)
            {
                SetAside();
                try
                {
                    using (new FileStream(journal, FileMode.CreateNew)) return;
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException && Directory.Exists(journal))
                {
                }
            }
        }

        private void SetAside()
        {
            if (!Directory.Exists(_journal)) return;
            if (!Directory.Exists(_aside))
            {
                Directory.Move(_journal, _aside);
                return;
            }
            foreach (var entry in Directory.GetFiles(_journal))
                File.Move(entry, Path.Combine(_aside, Path.GetFileName(entry)), overwrite: true);
            Directory.Delete(_journal, recursive: true);
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
