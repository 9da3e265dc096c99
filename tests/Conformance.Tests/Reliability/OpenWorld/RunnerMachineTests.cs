namespace ClusterScale.Conformance.Tests.Reliability.OpenWorld;

/// <summary>The campaign's full journal disk: every write fails while it lasts, and the entries come back after.</summary>
public sealed class RunnerMachineTests
{
    [Fact]
    public void While_the_disk_is_full_no_journal_entry_can_be_written_and_the_old_ones_come_back_after()
    {
        var machine = RunnerMachine.Fresh();
        var journal = machine.Machine.JournalDirectory;
        Directory.CreateDirectory(journal);
        File.WriteAllText(Path.Combine(journal, "old.json"), "{}");

        using (machine.FillDisk())
        {
            Assert.ThrowsAny<IOException>(() => File.WriteAllText(Path.Combine(journal, "new.json"), "{}"));
            Assert.ThrowsAny<IOException>(() => Directory.CreateDirectory(journal));
        }

        Assert.Equal(["old.json"], Directory.GetFiles(journal).Select(Path.GetFileName));
    }

    [Fact]
    public void A_disk_filled_before_the_journal_was_ever_made_leaves_none_behind()
    {
        var machine = RunnerMachine.Fresh();

        machine.FillDisk().Dispose();

        Assert.False(Path.Exists(machine.Machine.JournalDirectory));
    }
}
