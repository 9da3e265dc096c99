using System.Net;
using ClusterScale.Simulators.ModelArts.Api;
using ClusterScale.Simulators.ModelArts.Auth;
using ClusterScale.Simulators.ModelArts.Faults;
using ClusterScale.Simulators.ModelArts.Supernodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace ClusterScale.Simulators.ModelArts;

/// <summary>
/// A ModelArts Lite Server supernode API on 127.0.0.1 over real HTTP: AK/SK signatures, the ModelArts error
/// envelope and codes, the supernode/sub-node state machine on a configurable clock, and fault injection.
/// </summary>
public sealed class ModelArtsSimulator : IAsyncDisposable
{
    private readonly WebApplication app;
    private readonly SupernodeStore store;
    private readonly Credentials credentials;
    private readonly RequestJournal journal;
    private int disposed;

    private ModelArtsSimulator(WebApplication app, ModelArtsSimulatorOptions options, SupernodeStore store, Credentials credentials,
        ModelArtsFaults faults, RequestJournal journal, string endpoint)
    {
        this.app = app;
        this.store = store;
        this.credentials = credentials;
        this.journal = journal;
        Options = options;
        Faults = faults;
        Endpoint = endpoint;
    }

    /// <summary>"http://127.0.0.1:port"</summary>
    public string Endpoint { get; }

    public ModelArtsSimulatorOptions Options { get; }

    public ModelArtsFaults Faults { get; }

    public IReadOnlyList<RecordedRequest> Requests => journal.Snapshot();

    public static async Task<ModelArtsSimulator> StartAsync(ModelArtsSimulatorOptions? options = null, CancellationToken ct = default)
    {
        options ??= new ModelArtsSimulatorOptions();
        var catalogue = new FlavorCatalogue(options.Flavors);
        SupernodeStore? store = null;
        var faults = new ModelArtsFaults(id => store!.PutInError(id), options.Time);
        store = new SupernodeStore(catalogue, options, faults);
        var journal = new RequestJournal();
        var credentials = new Credentials(options);
        var pipeline = new GatewayPipeline(options, new SignatureAuthentication(options, credentials), faults, journal);

        // No config reload: a file watcher per simulator would exhaust the inotify instances when many run at once.
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = ["--hostBuilder:reloadConfigOnChange=false"] });
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, options.Port));
        builder.Services.AddRouting();
        // Signals belong to the process hosting the simulator (Program.cs, or a test run), not to the simulator.
        builder.Services.AddSingleton<IHostLifetime, SignalFreeLifetime>();


        var app = builder.Build();
        app.Use(pipeline.InvokeAsync);
        app.UseRouting();
        AdminRoutes.Map(app, faults, store, credentials);
        SupernodeRoutes.Map(app, store, new ScaleResponder(faults, app.Lifetime.ApplicationStopping));
        await app.StartAsync(ct);

        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        var port = new Uri(address).Port;
        return new ModelArtsSimulator(app, options, store, credentials, faults, journal, $"http://127.0.0.1:{port}");
    }

    // The host-facing methods below throw ApiErrorException with ModelArts.6404 for an unknown supernode or server,
    // exactly what a client would get for it.

    /// <summary>Creates an ACTIVE POST_PAID supernode with the flavor's sub-nodes all RUNNING; returns its id (UUID v4).</summary>
    public string CreateSupernode(string flavor, string name = "lite-server-hps") => store.Create(new SupernodeSetup(flavor) { Name = name });

    /// <summary>Creates a supernode as <paramref name="setup"/> describes (PRE_PAID, STOPPED sub-nodes, arrival); returns its id.</summary>
    public string CreateSupernode(SupernodeSetup setup) => store.Create(setup);

    public SupernodeView GetSupernode(string id) => store.View(id);

    /// <summary>Someone deleted a sub-node in the console: it is gone at once, without a DELETING phase.</summary>
    public void RemoveServerOutOfBand(string supernodeId, string serverId) => store.RemoveServerOutOfBand(supernodeId, serverId);

    /// <summary>The supernode goes away: TERMINATING (sub-nodes DELETING), then TERMINATED, then not found
    /// (`ModelArts.6404`), each phase lasting <see cref="ModelArtsSimulatorOptions.ServerDeleteDuration"/>.</summary>
    public void TerminateSupernode(string id) => store.Terminate(id);

    /// <summary>Someone paid the order for a PRE_PAID supernode's new sub-nodes: they are created now. Returns how
    /// many were waiting.</summary>
    public int PayOrders(string supernodeId) => store.PayOrders(supernodeId);

    /// <summary>A sub-node is stopped, started, rebooted, re-imaged or failed outside the client: it shows
    /// <paramref name="status"/> (any server status but CREATING and DELETING) until set again.</summary>
    public void SetServerStatus(string supernodeId, string serverId, string status) => store.SetServerStatus(supernodeId, serverId, status);

    /// <summary>A user acts on a server (reboot, stop, start, change OS…) and it ends in <paramref name="status"/>,
    /// e.g. REBOOT_FAILED, STOPPED, START_FAILED, STOP_FAILED, CHANGINGOS_FAILED or RUNNING again; as
    /// <see cref="SetServerStatus(string, string, string)"/>, found by the server's id alone.</summary>
    public void SetServerStatus(string serverId, string status) => store.SetServerStatus(serverId, status);

    /// <summary>The second actor scales the supernode up in the console to <paramref name="flavor"/> (the target of the
    /// whole supernode): accepted or refused exactly as a live-scale-up; returns the same acceptance answer.</summary>
    public SupernodeDetail ConsoleScaleUp(string supernodeId, string flavor) => store.ConsoleScaleUp(supernodeId, flavor);

    /// <summary>The second actor removes <paramref name="serverIds"/> in the console: accepted or refused exactly as a
    /// live-scale-down of them; returns the same acceptance answer.</summary>
    public SupernodeDetail ConsoleScaleDown(string supernodeId, IReadOnlyList<string> serverIds) => store.ConsoleScaleDown(supernodeId, serverIds);

    /// <summary>Adds an access key pair the gateway accepts (a second stack signs with its own key); the ledger
    /// attributes that stack's accepted scales to <paramref name="accessKey"/>.</summary>
    public void AddCredentials(string accessKey, string secretKey) => credentials.Add(accessKey, secretKey);

    /// <summary>The truth ledger: who created and removed each server of the supernode (access key, "console" or
    /// "initial"), also after the supernode is gone.</summary>
    public IReadOnlyList<LedgerEntry> Ledger(string supernodeId) => store.Ledger(supernodeId);

    /// <summary>Stops serving and releases the port; calling it again does nothing.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref disposed, 1) == 1)
            return;
        await app.StopAsync();
        await app.DisposeAsync();
    }
}

/// <summary>A host lifetime that starts and stops when told to and never on its own (no SIGINT/SIGTERM handlers).</summary>
internal sealed class SignalFreeLifetime : IHostLifetime
{
    public Task WaitForStartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
