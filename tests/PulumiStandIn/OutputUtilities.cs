// NOT Pulumi: a compile-time stand-in (see README.md). Same names and signatures as the Pulumi .NET SDK
// (pulumi-dotnet sdk/Pulumi/Core/OutputUtilities.cs).
namespace Pulumi.Utilities;

/// <summary>What the Pulumi SDK offers tests to look inside an output.</summary>
public static class OutputUtilities
{
    public static Task<bool> GetIsKnownAsync<T>(Output<T> output) => Task.FromResult(output.IsKnown);

    /// <summary>The value; the default of <typeparamref name="T"/> while it is unknown, as in the Pulumi SDK.</summary>
    public static Task<T> GetValueAsync<T>(Output<T> output) => Task.FromResult(output.IsKnown ? output.Value : default!);
}
