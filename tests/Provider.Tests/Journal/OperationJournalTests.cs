using ClusterScale.Provider.Journal;
using ClusterScale.Provider.Protocol;

namespace ClusterScale.Provider.Tests.Journal;

public sealed class OperationJournalTests : IDisposable
{
    private const string Urn = "urn:pulumi:prod::capacity::clusterscale:modelarts:SupernodeScale::gpu";
    private readonly DirectoryInfo _directory = Directory.CreateTempSubdirectory("clusterscale-journal-test-");
    private readonly OperationJournal _journal;

    public OperationJournalTests() => _journal = new OperationJournal(Path.Combine(_directory.FullName, "journal"));

    public void Dispose() => _directory.Delete(recursive: true);

    private static JournalEntry Entry(string basedOn, string record) => new(
        PropertyMap.Empty.With("step", PropertyValue.From(basedOn)),
        PropertyMap.Empty.With("step", PropertyValue.From(record)).With("ids", PropertyValue.From([PropertyValue.From("a"), PropertyValue.From("b")])));

    [Fact]
    public void An_entry_reads_back_as_written_and_is_kept_per_urn_and_id()
    {
        _journal.Write(Urn, "node-1", Entry("s1", "s2"));
        _journal.Write(Urn, "node-2", Entry("s1", "s3"));

        Assert.Equal(Entry("s1", "s2"), _journal.Read(Urn, "node-1"));
        Assert.Equal(Entry("s1", "s3"), _journal.Read(Urn, "node-2"));
        Assert.Null(_journal.Read(Urn + "-other", "node-1"));
    }

    [Fact]
    public void Writing_replaces_the_entry_and_leaves_no_partial_file()
    {
        _journal.Write(Urn, "node-1", Entry("s1", "s2"));
        _journal.Write(Urn, "node-1", Entry("s1", "s4"));

        Assert.Equal(Entry("s1", "s4"), _journal.Read(Urn, "node-1"));
        Assert.Single(Directory.GetFiles(_journal.Directory));
        Assert.Empty(Directory.GetFiles(_journal.Directory, "*.tmp"));
    }

    [Fact]
    public void A_removed_entry_is_gone_and_removing_a_missing_one_is_harmless()
    {
        _journal.Write(Urn, "node-1", Entry("s1", "s2"));
        _journal.Remove(Urn, "node-1");
        _journal.Remove(Urn, "node-1");

        Assert.Null(_journal.Read(Urn, "node-1"));
    }

    [Fact]
    public void A_journal_whose_directory_was_never_made_reads_nothing_and_removes_harmlessly()
    {
        // A fresh machine or CI runner: nothing was ever written, so the default directory does not exist.
        Assert.False(Directory.Exists(_journal.Directory));

        Assert.Null(_journal.Read(Urn, "node-1"));
        _journal.Remove(Urn, "node-1");
        Assert.Empty(_journal.List());
    }

    [Fact]
    public void List_names_every_entry_with_its_urn_id_and_when_it_was_written()
    {
        var before = DateTimeOffset.UtcNow.AddSeconds(-1);
        _journal.Write(Urn, "node-1", Entry("s1", "s2"));
        _journal.Write(Urn + "-b", "node-2", Entry("s1", "s3"));

        var listed = _journal.List().OrderBy(e => e.Id).ToList();

        Assert.Equal([(Urn, "node-1"), (Urn + "-b", "node-2")], listed.Select(e => (e.Urn, e.Id)));
        Assert.Equal(Entry("s1", "s3"), listed[1].Entry);
        Assert.All(listed, e => Assert.InRange(e.WrittenAt, before, DateTimeOffset.UtcNow.AddSeconds(1)));
    }

    [Fact]
    public void List_passes_over_files_it_cannot_read_and_unfinished_writes()
    {
        _journal.Write(Urn, "node-1", Entry("s1", "s2"));
        File.WriteAllText(Path.Combine(_journal.Directory, "0123456789abcdef0123456789abcdef.json"), "{ not json");
        File.WriteAllText(Path.Combine(_journal.Directory, "fedcba9876543210fedcba9876543210.json.4242.tmp"), "{");

        Assert.Equal(["node-1"], _journal.List().Select(e => e.Id));
    }

    [Fact]
    public async Task Two_writers_of_one_directory_never_share_a_temporary_file()
    {
        // Two plugin processes (two stacks, or a resumed run beside a live one) may share CLUSTERSCALE_STATE_DIR; each
        // writes its entries under its own temporary name, so neither can rename the other's half-written file.
        var other = new OperationJournal(_journal.Directory, processId: Environment.ProcessId + 1);
        var writes = new[] { _journal, other }.Select(journal => Task.Run(() =>
        {
            for (var i = 0; i < 100; i++) journal.Write(Urn, "node-1", Entry("s1", $"s{i}"));
        }));

        await Task.WhenAll(writes);

        Assert.StartsWith("s", _journal.Read(Urn, "node-1")!.Record.Fields["step"].StringValue);
        Assert.Empty(Directory.GetFiles(_journal.Directory, "*.tmp"));
        Assert.Single(_journal.List());
    }

    [Fact]
    public void Recording_after_the_remote_accepted_never_throws_and_never_claims_nothing_was_sent()
    {
        File.WriteAllText(_journal.Directory, "a file where the directory should be");

        Assert.False(_journal.TryRecord(Urn, "node-1", Entry("s1", "s2"), out var problem));
        Assert.Contains(_journal.Directory, problem);
        Assert.DoesNotContain("nothing was sent", problem);
        Assert.True(new OperationJournal(Path.Combine(_directory.FullName, "other")).TryRecord(Urn, "node-1", Entry("s1", "s2"), out _));
    }

    [Fact]
    public void An_unreadable_entry_stops_the_operation_and_names_the_file()
    {
        _journal.Write(Urn, "node-1", Entry("s1", "s2"));
        var file = Directory.GetFiles(_journal.Directory).Single();
        File.WriteAllText(file, "{ not json");

        var error = Assert.Throws<OperationFailedException>(() => _journal.Read(Urn, "node-1"));
        Assert.Contains(file, error.Message);
        Assert.Contains("delete it", error.Message);
    }

    [Fact]
    public void An_unwritable_journal_refuses_before_anything_is_sent_and_says_how_to_fix_it()
    {
        File.WriteAllText(_journal.Directory, "a file where the directory should be");

        var error = Assert.Throws<OperationFailedException>(() => _journal.Write(Urn, "node-1", Entry("s1", "s2")));
        Assert.Contains("nothing was sent", error.Message);
        Assert.Contains(OperationJournal.DirectoryVariable, error.Message);
    }

    [Fact]
    public void Secrets_are_never_written()
    {
        var entry = new JournalEntry(PropertyMap.Empty, PropertyMap.Empty.With("userdata", PropertyValue.Secret(PropertyValue.From("#!/bin/sh"))));

        Assert.Throws<ArgumentException>(() => _journal.Write(Urn, "node-1", entry));
        Assert.False(Directory.Exists(_journal.Directory) && Directory.EnumerateFiles(_journal.Directory).Any());
    }

    [Theory]
    [InlineData("/state", "/pulumi", "/state")]
    [InlineData(null, "/pulumi", "/pulumi/clusterscale/journal")]
    [InlineData("", "", "~/.pulumi/clusterscale/journal")]
    public void The_directory_comes_from_the_environment(string? stateDir, string? pulumiHome, string expected)
    {
        var variables = new Dictionary<string, string?> { [OperationJournal.DirectoryVariable] = stateDir, ["PULUMI_HOME"] = pulumiHome };

        var journal = OperationJournal.FromEnvironment(name => variables.GetValueOrDefault(name));

        var home = Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
        Assert.Equal(expected.Replace("~", home, StringComparison.Ordinal), journal.Directory);
    }
}
