// NOT Pulumi: a compile-time stand-in (see README.md). Same names and signatures as the Pulumi .NET SDK
// (pulumi-dotnet sdk/Pulumi/Deployment/Deployment_Run.cs, DeploymentInstance.cs).
using System.Collections.Immutable;
using Pulumi.Testing;

namespace Pulumi;

/// <summary>Runs a Pulumi program: <c>RunAsync</c> against nothing (it deploys nothing), <c>TestAsync</c> against
/// <see cref="IMocks"/>, as the Pulumi SDK's unit-testing entry point does.</summary>
public sealed class Deployment
{
    private Deployment()
    {
    }

    public static DeploymentInstance Instance => new(StandInDeployment.Current);

    public static Task<int> RunAsync(Action action) => RunAsync(() =>
    {
        action();
        return Task.FromResult<IDictionary<string, object?>>(new Dictionary<string, object?>());
    });

    public static Task<int> RunAsync(Func<IDictionary<string, object?>> func) => RunAsync(() => Task.FromResult(func()));

    public static Task<int> RunAsync(Func<Task> func) => RunAsync(async () =>
    {
        await func();
        return (IDictionary<string, object?>)new Dictionary<string, object?>();
    });

    public static Task<int> RunAsync(Func<Task<IDictionary<string, object?>>> func) => StandInDeployment.RunAsync(func);

    public static async Task<ImmutableArray<Resource>> TestAsync(IMocks testMocks, TestOptions testOptions, Action createResources) =>
        (await StandInDeployment.TestAsync(testMocks, testOptions, () =>
        {
            createResources();
            return Task.FromResult<IDictionary<string, object?>>(new Dictionary<string, object?>());
        })).Resources;

    public static async Task<ImmutableArray<Resource>> TestAsync(IMocks testMocks, TestOptions testOptions, Func<Task> createResources) =>
        (await StandInDeployment.TestAsync(testMocks, testOptions, async () =>
        {
            await createResources();
            return (IDictionary<string, object?>)new Dictionary<string, object?>();
        })).Resources;

    public static Task<(ImmutableArray<Resource> Resources, IDictionary<string, object?> Outputs)> TestAsync(
        IMocks testMocks, TestOptions testOptions, Func<IDictionary<string, object?>> createResources) =>
        StandInDeployment.TestAsync(testMocks, testOptions, () => Task.FromResult(createResources()));

    public static Task<(ImmutableArray<Resource> Resources, IDictionary<string, object?> Outputs)> TestAsync(
        IMocks testMocks, TestOptions testOptions, Func<Task<IDictionary<string, object?>>> createResources) =>
        StandInDeployment.TestAsync(testMocks, testOptions, createResources);
}

/// <summary>The running deployment, as a program sees it.</summary>
public sealed class DeploymentInstance
{
    private readonly StandInDeployment _deployment;

    internal DeploymentInstance(StandInDeployment deployment) => _deployment = deployment;

    public string ProjectName => _deployment.ProjectName;
    public string StackName => _deployment.StackName;
    public bool IsDryRun => _deployment.IsDryRun;

    /// <summary>Calls a provider function; under <see cref="Deployment.TestAsync(Testing.IMocks, Testing.TestOptions, Action)"/>
    /// the call reaches <see cref="Testing.IMocks.CallAsync"/> and its answer is mapped into <typeparamref name="T"/>,
    /// as in the Pulumi SDK (Deployment_Invoke.cs RawInvoke). Arguments with an unknown value are not sent: the result
    /// is unknown. The result is not secret because an argument was (the provider decides, and a mock cannot).</summary>
    /// <remarks>The stand-in's outputs are not asynchronous: the mock's answer is awaited in place.</remarks>
    public Output<T> Invoke<T>(string token, InvokeArgs args, InvokeOptions? options = null) =>
        _deployment.Invoke<T>(token, args, options);

    /// <summary>As <see cref="Invoke{T}(string, InvokeArgs, InvokeOptions?)"/>; the options may name resources the
    /// call depends on.</summary>
    public Output<T> Invoke<T>(string token, InvokeArgs args, InvokeOutputOptions options) =>
        _deployment.Invoke<T>(token, args, options);

    public Task<T> InvokeAsync<T>(string token, InvokeArgs args, InvokeOptions? options = null) =>
        _deployment.InvokeAsync<T>(token, args, options);
}

/// <summary>An error the program reports to the user without a stack trace (e.g. missing configuration).</summary>
public class RunException : Exception
{
    public RunException(string message) : base(message)
    {
    }

    public RunException(string message, Exception? innerException) : base(message, innerException)
    {
    }
}
