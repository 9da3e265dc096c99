// NOT Pulumi: a compile-time stand-in (see README.md). Same names and signatures as the Pulumi .NET SDK.
namespace Pulumi;

/// <summary>Runs a Pulumi program. Here: runs it against <see cref="StandInDeployment"/>, which deploys nothing.</summary>
public sealed class Deployment
{
    private Deployment()
    {
    }

    private static readonly DeploymentInstance StandInInstance = new();

    /// <summary>The running deployment; like the real SDK, only inside <see cref="RunAsync(Action)"/>.</summary>
    public static DeploymentInstance Instance => StandInDeployment.IsRunning
        ? StandInInstance
        : throw new InvalidOperationException("Trying to acquire Deployment.Instance before 'Run' was called.");

    public static Task<int> RunAsync(Action action) =>
        RunAsync(() =>
        {
            action();
            return Task.FromResult<IDictionary<string, object?>>(new Dictionary<string, object?>());
        });

    public static Task<int> RunAsync(Func<IDictionary<string, object?>> func) => RunAsync(() => Task.FromResult(func()));

    public static Task<int> RunAsync(Func<Task> func) =>
        RunAsync(async () =>
        {
            await func();
            return (IDictionary<string, object?>)new Dictionary<string, object?>();
        });

    public static Task<int> RunAsync(Func<Task<IDictionary<string, object?>>> func) => StandInDeployment.RunAsync(func);
}
