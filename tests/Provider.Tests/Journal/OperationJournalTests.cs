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
