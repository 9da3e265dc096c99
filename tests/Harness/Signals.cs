using System.Runtime.InteropServices;

namespace ClusterScale.Harness;

/// <summary>POSIX signals: the engine stops a plugin with SIGINT before it kills it, and .NET's Process can only kill.</summary>
internal static class Signals
{
    private const int SigInt = 2;
    private const int NoSuchProcess = 3; // ESRCH: it already exited

    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int Kill(int pid, int signal);

    public static void Interrupt(int pid)
    {
        if (Kill(pid, SigInt) != 0 && Marshal.GetLastPInvokeError() != NoSuchProcess)
            throw new InvalidOperationException($"kill -INT {pid} failed with errno {Marshal.GetLastPInvokeError()}");
    }
}
