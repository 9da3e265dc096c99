using System.Security.Cryptography;
using System.Text;
using ClusterScale.Provider.Protocol;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;

namespace ClusterScale.Provider.Journal;

/// <summary>
/// A durable, machine-local record of what a resource operation has started in a cloud but not yet reported to the
/// engine. The engine records a resource's state only when Create or Update returns, so a plugin killed in between
/// (kill -9, OOM, a runner torn down) would otherwise take the only record of a change ModelArts had accepted with it,
/// and the next run would not know the servers it added were its own.
/// <para>
/// Each entry is keyed by URN and resource id and carries the engine state it started from (<see cref="JournalEntry.BasedOn"/>).
/// It is trusted only while the engine still presents exactly that state: once the engine holds anything else (it
/// recorded the operation's result, or the stack moved on from another machine), the entry is stale and is dropped.
/// Entries are written before a change is sent, never hold secrets, and are replaced atomically (write, fsync, rename)
/// so a kill leaves either the old entry or the new one.
/// </para>
/// <para>
/// The directory is made by the first write, not before: on a fresh machine or CI runner it does not exist, and every
/// operation here treats that as "no entries". Several plugin processes may share one directory (two stacks, or
/// <c>CLUSTERSCALE_STATE_DIR</c> on storage runners share): entries are per URN, and each process writes under its own
/// temporary name, so no process can rename another's half-written file into place.
/// </para>
/// </summary>
/// <param name="processId">Names this process's temporary files; tests pass another to act as a second process.</param>
public sealed class OperationJournal(string directory, int? processId = null)
{
    private const string EntrySuffix = ".json";
    private readonly string _temporarySuffix = $".{processId ?? Environment.ProcessId}.tmp";

    public const string DirectoryVariable = "CLUSTERSCALE_STATE_DIR";

    public string Directory => directory;

    /// <summary><c>$CLUSTERSCALE_STATE_DIR</c>, else <c>$PULUMI_HOME/clusterscale/journal</c>, else
    /// <c>~/.pulumi/clusterscale/journal</c>: next to the engine's own files on the machine that runs <c>pulumi</c>.</summary>
    public static OperationJournal FromEnvironment(Func<string, string?> variable)
    {
        if (variable(DirectoryVariable) is { Length: > 0 } configured) return new OperationJournal(configured);
        var pulumiHome = variable("PULUMI_HOME") is { Length: > 0 } home ? home
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".pulumi");
        return new OperationJournal(Path.Combine(pulumiHome, "clusterscale", "journal"));
    }

    public JournalEntry? Read(string urn, string id)
    {
        var path = PathOf(urn, id);
        if (!File.Exists(path)) return null;
        try
        {
            return Parse(path) is { } stored && stored.Urn == urn && stored.Id == id ? stored.Entry : null;
        }
        catch (Exception e) when (IsUnreadable(e))
        {
            // Guessing here could mean scaling twice or forgetting servers: stop and let a person look.
            throw new OperationFailedException($"the operation journal entry {path} for {urn} cannot be read ({e.Message}); " +
                "it records a change an interrupted run started: inspect it, then delete it to continue");
        }
    }

    /// <summary>Every entry on this machine, for telling the user what interrupted runs left behind. A file that cannot
    /// be read is passed over here: the resource it belongs to meets it in <see cref="Read"/>, which stops there.</summary>
    public IReadOnlyList<StoredJournalEntry> List()
    {
        if (!System.IO.Directory.Exists(directory)) return [];
        var entries = new List<StoredJournalEntry>();
        foreach (var path in System.IO.Directory.EnumerateFiles(directory, "*" + EntrySuffix))
        {
            try
            {
                if (Parse(path) is { } stored) entries.Add(stored);
            }
            catch (Exception e) when (IsUnreadable(e) || e is FileNotFoundException or DirectoryNotFoundException)
            {
                // Unreadable, or removed by another process between the listing and the read.
            }
        }
        return entries;
    }

    /// <summary>Replaces the entry before a change is sent: a failure here refuses the operation, which is safe because
    /// nothing has been sent yet.</summary>
    public void Write(string urn, string id, JournalEntry entry)
    {
        if (!TryRecord(urn, id, entry, out var problem))
            throw new OperationFailedException($"cannot record the change about to be sent for {urn} in the operation journal " +
                $"({problem}); nothing was sent. Set {DirectoryVariable} to a writable directory");
    }

    /// <summary>Replaces the entry after the remote accepted a change. Never throws: by now the change is under way, so
    /// the caller must report what the remote accepted (partial state) whatever the disk does, and say that it could not
    /// be recorded (<paramref name="problem"/>, naming the file).</summary>
    public bool TryRecord(string urn, string id, JournalEntry entry, out string problem)
    {
        var path = PathOf(urn, id);
        var json = new JObject
        {
            ["urn"] = urn,
            ["id"] = id,
            ["writtenAt"] = DateTimeOffset.UtcNow.ToString("O"),
            ["basedOn"] = PropertyJson.ToJson(PropertyValue.From(entry.BasedOn)),
            ["record"] = PropertyJson.ToJson(PropertyValue.From(entry.Record)),
        };
        var temporary = path + _temporarySuffix;
        try
        {
            System.IO.Directory.CreateDirectory(directory);
            using (var file = new FileStream(temporary, FileMode.Create, FileAccess.Write, FileShare.None))
            {
                file.Write(Encoding.UTF8.GetBytes(json.ToString(Formatting.Indented)));
                file.Flush(flushToDisk: true);
            }
            File.Move(temporary, path, overwrite: true);
            problem = "";
            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            TryDelete(temporary);
            problem = $"{path}: {e.Message}";
            return false;
        }
    }

    /// <summary>Removes the entry; removing one that is not there (or from a directory never made) is harmless.</summary>
    public void Remove(string urn, string id) => TryDelete(PathOf(urn, id));

    /// <summary>Where the entry of <paramref name="urn"/> and <paramref name="id"/> is kept: what a user deletes to
    /// drop it on purpose.</summary>
    public string EntryPath(string urn, string id) => PathOf(urn, id);

    /// <summary>One file per resource; URNs hold characters no file name may, so the name is a hash.</summary>
    private string PathOf(string urn, string id) =>
        Path.Combine(directory, Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(urn + "\n" + id)))[..32] + EntrySuffix);

    private static StoredJournalEntry? Parse(string path)
    {
        // Strings stay strings: a recorded value that looks like a date is still the value that was recorded.
        using var reader = new JsonTextReader(new StringReader(File.ReadAllText(path))) { DateParseHandling = DateParseHandling.None };
        var json = JObject.Load(reader);
        if (json.Value<string>("urn") is not { } urn || json.Value<string>("id") is not { } id) return null;
        var writtenAt = json.Value<string>("writtenAt") is { } written
            ? DateTimeOffset.Parse(written, System.Globalization.CultureInfo.InvariantCulture)
            : File.GetLastWriteTimeUtc(path);
        return new StoredJournalEntry(urn, id, writtenAt, new JournalEntry(Map(json["basedOn"]), Map(json["record"])));
    }

    private static bool IsUnreadable(Exception e) =>
        e is IOException or JsonException or UnauthorizedAccessException or ArgumentException or InvalidCastException or FormatException;

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (DirectoryNotFoundException)
        {
            // Nothing was ever written on this machine.
        }
    }

    private static PropertyMap Map(JToken? token) =>
        token is JObject ? PropertyJson.FromJson(token).ObjectValue : throw new InvalidCastException("not a JSON object");
}

/// <param name="BasedOn">The engine's state the operation started from (only the fields the resource compares).</param>
/// <param name="Record">What the operation has reached: the state the engine should have had it returned.</param>
public sealed record JournalEntry(PropertyMap BasedOn, PropertyMap Record);

/// <summary>An entry as found on disk: whose it is and since when it stands.</summary>
public sealed record StoredJournalEntry(string Urn, string Id, DateTimeOffset WrittenAt, JournalEntry Entry);
