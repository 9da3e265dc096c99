using ClusterScale.Harness;
using Xunit.Abstractions;

namespace ClusterScale.Conformance.Tests.Reliability;

/// <summary>
/// Test output that also lands in <c>artifacts/reliability.log</c>: <c>make test</c> runs quietly and shows no
/// output of passing tests, but the campaign's counts (lifecycles, faults, failures, inputs swept) must be visible.
/// </summary>
internal sealed class TeeOutput(ITestOutputHelper inner, string test) : ITestOutputHelper
{
    private static readonly object FileGate = new();
    private static readonly string LogFile = Path.Combine(RepoPaths.Root, "artifacts", "reliability.log");

    public void WriteLine(string message)
    {
        inner.WriteLine(message);
        Append($"{DateTime.UtcNow:u} {test}: {message}");
    }

    private static void Append(string line)
    {
        lock (FileGate)
        {
            Directory.CreateDirectory(Path.GetDirectoryName(LogFile)!);
            File.AppendAllText(LogFile, line + Environment.NewLine);
        }
    }

    /// <summary>A summary line written to the log exactly as given (no time or test prefix), for readers that match it.</summary>
    public void WriteSummary(string line)
    {
        inner.WriteLine(line);
        Append(line);
    }

    public void WriteLine(string format, params object[] args) => WriteLine(string.Format(System.Globalization.CultureInfo.InvariantCulture, format, args));
}
