using System.Diagnostics;
using ClusterScale.Simulators.ModelArts;
using ClusterScale.Simulators.Obshell;

namespace ClusterScale.Harness.Demo;

/// <summary>
/// The demo through a real <c>pulumi</c> CLI, used when one is on PATH: the YAML examples (examples/yaml) run with
/// <c>pulumi up</c> against a local file backend and the same simulators. NOT exercised on this project's machines,
/// which have no Pulumi CLI; the engine-driven <see cref="DemoScenario"/> covers the same calls there.
/// </summary>
public sealed class PulumiCliDemo(string pulumi, DemoConsole console)
{
    public async Task<bool> RunAsync()
    {
        console.Title("clusterscale demo — pulumi CLI against the embedded simulators");
        var work = Directory.CreateTempSubdirectory("clusterscale-demo-");
        var env = new Dictionary<string, string>
        {
            ["PULUMI_BACKEND_URL"] = "file://" + Path.Combine(work.FullName, "state"),
            ["PULUMI_CONFIG_PASSPHRASE"] = "clusterscale-demo",
            ["PULUMI_SKIP_UPDATE_CHECK"] = "true",
        };
        Directory.CreateDirectory(Path.Combine(work.FullName, "state"));
        await using var obshell = await ObshellSimulator.StartAsync(new ObshellSimulatorOptions { StageDuration = TimeSpan.FromMilliseconds(250), RootPassword = "demo-root@sys-password" });
        await using var modelArts = await ModelArtsSimulator.StartAsync(new ModelArtsSimulatorOptions { ServerCreateDuration = TimeSpan.FromSeconds(1.5) });
        var supernode = modelArts.CreateSupernode("kat3ne-16-800t.96xlarge.8.matrix") /* 2 sub-nodes, spec §6 */;

        var observer = Copy("observer", work);
        var gpu = Copy("supernode", work);
        await console.Step("pulumi up — scale the OceanBase cluster out by node4 (zone1) and node5 (new zone4)", async () =>
        {
            await Pulumi(observer, env, "stack", "init", "demo");
            for (var i = 0; i < obshell.ClusterEndpoints.Count; i++)
                await Pulumi(observer, env, "config", "set", "--path", $"endpoints[{i}]", obshell.ClusterEndpoints[i]);
            await Pulumi(observer, env, "config", "set", "--secret", "rootPassword", "demo-root@sys-password");
            await Pulumi(observer, env, "up", "--yes", "--skip-preview");
            return ["done"];
        }, () => console.Verify(obshell.Members.Count(m => m.Agent is "10.0.0.4:2886" or "10.0.0.5:2886") == 2, "node4 and node5 are members"));

        await console.Step("pulumi up — scale the supernode to 4 servers, then 8, then back to 4", async () =>
        {
            await Pulumi(gpu, env, "stack", "init", "demo");
            foreach (var (key, value) in new[]
            {
                ("supernodeId", supernode), ("imageId", "f4059eb4-c2f5-46a8-9b33-6cbed5d3fc81"), ("keyPairName", "KeyPair-demo"),
                ("clusterscale:huaweiEndpoint", modelArts.Endpoint), ("clusterscale:huaweiRegion", modelArts.Options.Region),
                ("clusterscale:huaweiProjectId", modelArts.Options.ProjectId), ("clusterscale:huaweiAccessKey", modelArts.Options.AccessKey),
            })
                await Pulumi(gpu, env, "config", "set", key, value);
            await Pulumi(gpu, env, "config", "set", "--secret", "clusterscale:huaweiSecretKey", modelArts.Options.SecretKey);
            await Pulumi(gpu, env, "config", "set", "--secret", "joinToken", "demo-join-token");
            foreach (var flavor in new[] { "kat3ne-32-800t.192xlarge.8.matrix", "kat3ne-64-800t.384xlarge.8.matrix", "kat3ne-32-800t.192xlarge.8.matrix" })
            {
                await Pulumi(gpu, env, "config", "set", "flavor", flavor);
                await Pulumi(gpu, env, "up", "--yes", "--skip-preview");
            }
            return ["done"];
        }, () => console.Verify(modelArts.GetSupernode(supernode).Servers.Count == 4, "the supernode has 4 servers"));

        await console.Step("out of band + pulumi preview --refresh --expect-no-changes — drift must be reported", async () =>
        {
            await obshell.ScaleInOutOfBandAsync("10.0.0.5:2886");
            var exit = await Pulumi(observer, env, allowFailure: true, "preview", "--refresh", "--expect-no-changes");
            return exit != 0 ? ["drift detected: the preview exited non-zero, as a CI job would"] : throw new DemoStepException("the drift was not reported");
        }, () => true);

        await console.Step("pulumi up --refresh — repair, then pulumi destroy both stacks", async () =>
        {
            await Pulumi(observer, env, "up", "--yes", "--skip-preview", "--refresh");
            await Pulumi(observer, env, "destroy", "--yes", "--skip-preview");
            await Pulumi(gpu, env, "destroy", "--yes", "--skip-preview");
            return ["done"];
        }, () => console.Verify(obshell.Members.Count == 3, "the cluster has its 3 original members")
                 && console.Verify(modelArts.GetSupernode(supernode).Servers.Count == 2, "the supernode is back to 2 servers"));
        return console.AllPassed;
    }

    /// <summary>A copy of examples/yaml/<paramref name="example"/> whose plugin path points at this build.</summary>
    private static string Copy(string example, DirectoryInfo work)
    {
        var source = Path.Combine(RepoPaths.Root, "examples", "yaml", example, "Pulumi.yaml");
        var target = Directory.CreateDirectory(Path.Combine(work.FullName, example)).FullName;
        var plugin = Path.GetDirectoryName(RepoPaths.Plugin())!;
        File.WriteAllText(Path.Combine(target, "Pulumi.yaml"), File.ReadAllText(source).Replace("../../../artifacts/plugin", plugin));
        return target;
    }

    private Task<int> Pulumi(string directory, IReadOnlyDictionary<string, string> env, params string[] args) => Pulumi(directory, env, false, args);

    private async Task<int> Pulumi(string directory, IReadOnlyDictionary<string, string> env, bool allowFailure, params string[] args)
    {
        var info = new ProcessStartInfo(pulumi) { WorkingDirectory = directory, UseShellExecute = false };
        foreach (var arg in args.Append("--non-interactive")) info.ArgumentList.Add(arg);
        foreach (var (k, v) in env) info.Environment[k] = v;
        Console.WriteLine($"    $ pulumi {string.Join(' ', args)}");
        using var process = Process.Start(info)!;
        await process.WaitForExitAsync();
        if (process.ExitCode != 0 && !allowFailure) throw new DemoStepException($"pulumi {args[0]} exited {process.ExitCode}");
        return process.ExitCode;
    }

    /// <summary>The pulumi CLI on PATH, if any.</summary>
    public static string? Find() => (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':')
        .Select(dir => Path.Combine(dir, "pulumi")).FirstOrDefault(File.Exists);
}
