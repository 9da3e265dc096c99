// NOT Pulumi: a compile-time stand-in (see README.md). Same names and signatures as the Pulumi .NET SDK.
namespace Pulumi;

/// <summary>Writes to the engine's log; here to stderr.</summary>
public static class Log
{
    public static void Debug(string message, Resource? resource = null, int? streamId = null, bool? ephemeral = null) =>
        Write("debug", message, resource);

    public static void Info(string message, Resource? resource = null, int? streamId = null, bool? ephemeral = null) =>
        Write("info", message, resource);

    public static void Warn(string message, Resource? resource = null, int? streamId = null, bool? ephemeral = null) =>
        Write("warning", message, resource);

    public static void Error(string message, Resource? resource = null, int? streamId = null, bool? ephemeral = null) =>
        Write("error", message, resource);

    private static void Write(string severity, string message, Resource? resource) =>
        Console.Error.WriteLine(resource is null ? $"{severity}: {message}" : $"{severity}: {resource.Name}: {message}");
}
