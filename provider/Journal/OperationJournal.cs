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
/// </summary>
public sealed class OperationJournal(string directory)
{
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
            var json = JObject.Parse(File.ReadAllText(path));
            if (json.Value<string>("urn") != urn || json.Value<string>("id") != id) return null;
            return new JournalEntry(Map(json["basedOn"]), Map(json["record"]));
        }
        catch (Exception e) when (e is IOException or JsonException or UnauthorizedAccessException or ArgumentException or InvalidCastException)
        {
            // Guessing here could mean scaling twice or forgetting servers: stop and let a person look.
            throw new OperationFailedException($"the operation journal entry {path} for {urn} cannot be read ({e.Message}); " +
                "it records a change an interrupted run started: inspect it, then delete it to continue");
        }
    }

    /// <summary>Replaces the entry. A failure here happens before the change is sent, so refusing is safe.</summary>
    public void Write(string urn, string id, JournalEntry entry)
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
        try
        {
            System.IO.Directory.CreateDirectory(directory);
            var temporary = path + ".tmp";
            using (var file = new FileStream(temporary, FileMode.Create, FileAccess.Write, FileShare.None))
            {
                file.Write(Encoding.UTF8.GetBytes(json.ToString(Formatting.Indented)));
                file.Flush(flushToDisk: true);
            }
            File.Move(temporary, path, overwrite: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new OperationFailedException($"cannot record the change about to be sent for {urn} in the operation journal " +
                $"({path}: {e.Message}); nothing was sent. Set {DirectoryVariable} to a writable directory");
        }
    }

    public void Remove(string urn, string id) => File.Delete(PathOf(urn, id));

    /// <summary>One file per resource; URNs hold characters no file name may, so the name is a hash.</summary>
    private string PathOf(string urn, string id) =>
        Path.Combine(directory, Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(urn + "\n" + id)))[..32] + ".json");

    private static PropertyMap Map(JToken? token) =>
        token is JObject ? PropertyJson.FromJson(token).ObjectValue : throw new InvalidCastException("not a JSON object");
}

/// <param name="BasedOn">The engine's state the operation started from (only the fields the resource compares).</param>
/// <param name="Record">What the operation has reached: the state the engine should have had it returned.</param>
public sealed record JournalEntry(PropertyMap BasedOn, PropertyMap Record);
