using ClusterScale.Harness;
using ClusterScale.Provider.Protocol;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Grpc.Net.Client;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Pulumirpc;

namespace ClusterScale.Conformance.Tests.Host;

/// <summary>
/// The harness's Lifecycle driver must call a provider in the engine's order, or every conformance test built on it
/// proves the wrong thing. A scripted provider records the calls it receives.
/// </summary>
public sealed class LifecycleDriverTests : IAsyncLifetime
{
    private readonly CallLog _log = new();
    private List<string> Calls => _log.Calls;
    private LoopbackGrpcServer _server = null!;
    private GrpcChannel _channel = null!;

    public async Task InitializeAsync()
    {
        _server = await LoopbackGrpcServer.StartAsync(s => s.AddSingleton(_log), app => app.MapGrpcService<ScriptedProvider>());
        _channel = GrpcChannel.ForAddress($"http://{_server.Address}");
    }

    public async Task DisposeAsync()
    {
        _channel.Dispose();
        await _server.DisposeAsync();
    }

    [Fact]
    public async Task Updates_no_ops_and_both_replace_orders_follow_the_engine_sequence()
    {
        var lifecycle = new Lifecycle(new ProviderClient(_channel), "clusterscale:test:Thing", "t");

        var record = await lifecycle.RunAsync(Props.Of(("zone", "a"), ("size", 1)),
        [
            Props.Of(("zone", "a"), ("size", 2)),                       // in-place update
            Props.Of(("zone", "a"), ("size", 2)),                       // no change
            Props.Of(("zone", "b"), ("size", 2), ("deleteFirst", true)), // replace, delete before create
            Props.Of(("zone", "c"), ("size", 2)),                       // replace, create before delete
        ]);

        Assert.Equal(
        [
            "Check olds=0", "Create preview", "Create id-1",
            "Check olds=3", "Diff id-1", "Update preview id-1", "Update id-1",
            "Check olds=3", "Diff id-1",
            "Check olds=3", "Diff id-1", "Check olds=0", "Create preview", "Delete id-1", "Create id-2",
            "Check olds=4", "Diff id-2", "Check olds=0", "Create preview", "Create id-3", "Delete id-2",
            "Read id-3", "Delete id-3",
        ], Calls);
        Assert.NotNull(record.Steps[0].Update);
        Assert.Null(record.Steps[1].Update);
        Assert.True(record.Steps[2].Replace!.DeletedFirst);
        Assert.False(record.Steps[3].Replace!.DeletedFirst);
        Assert.Equal("id-3", record.Final!.Id);
        Assert.True(PropertyStruct.ToMap(record.PreviewCreate.Properties)["out"].ContainsUnknowns);
    }

    [Fact]
    public async Task A_resource_refresh_finds_gone_is_forgotten_not_deleted()
    {
        var lifecycle = new Lifecycle(new ProviderClient(_channel), "clusterscale:test:Thing", "t");
        var record = await lifecycle.RunAsync(Props.Of(("zone", "a"), ("vanish", true)));
        Assert.Equal("", record.Read!.Id);
        Assert.Equal(["Check olds=0", "Create preview", "Create id-1", "Read id-1"], Calls);
    }

    [Fact]
    public async Task A_check_failure_stops_the_run_like_the_engine()
    {
        var lifecycle = new Lifecycle(new ProviderClient(_channel), "clusterscale:test:Thing", "t");
        var error = await Assert.ThrowsAsync<LifecycleCheckFailedException>(() => lifecycle.RunAsync(Props.Of(("size", 1))));
        Assert.Equal(["zone: zone is required"], error.Failures);
        Assert.Equal(["Check olds=0"], Calls);
    }

    /// <summary>What the scripted provider saw; gRPC creates a service instance per call, so state lives here.</summary>
    private sealed class CallLog
    {
        public readonly List<string> Calls = [];
        public int Ids;
    }

    /// <summary>Replaces on a zone change (delete first when asked), updates on anything else.</summary>
    private sealed class ScriptedProvider(CallLog log) : ResourceProvider.ResourceProviderBase
    {
        private void Record(string call)
        {
            lock (log) log.Calls.Add(call);
        }

        public override Task<CheckResponse> Check(CheckRequest request, ServerCallContext context)
        {
            Record($"Check olds={request.Olds.Fields.Count}");
            var response = new CheckResponse { Inputs = request.News.Clone() };
            response.Inputs.Fields["checked"] = Value.ForBool(true);
            if (!request.News.Fields.ContainsKey("zone")) response.Failures.Add(new Pulumirpc.CheckFailure { Property = "zone", Reason = "zone is required" });
            return Task.FromResult(response);
        }

        public override Task<DiffResponse> Diff(DiffRequest request, ServerCallContext context)
        {
            Record($"Diff {request.Id}");
            var response = new DiffResponse { Changes = request.OldInputs.Equals(request.News) ? DiffResponse.Types.DiffChanges.DiffNone : DiffResponse.Types.DiffChanges.DiffSome };
            if (!request.OldInputs.Fields["zone"].Equals(request.News.Fields["zone"]))
            {
                response.Replaces.Add("zone");
                response.DeleteBeforeReplace = request.News.Fields.ContainsKey("deleteFirst");
            }
            return Task.FromResult(response);
        }

        public override Task<CreateResponse> Create(CreateRequest request, ServerCallContext context)
        {
            var id = request.Preview ? "" : $"id-{Interlocked.Increment(ref log.Ids)}";
            Record(request.Preview ? "Create preview" : $"Create {id}");
            var properties = request.Properties.Clone();
            properties.Fields["out"] = Value.ForString(request.Preview ? PropertyStruct.UnknownString : "x");
            return Task.FromResult(new CreateResponse { Id = id, Properties = properties });
        }

        public override Task<UpdateResponse> Update(UpdateRequest request, ServerCallContext context)
        {
            Record(request.Preview ? $"Update preview {request.Id}" : $"Update {request.Id}");
            return Task.FromResult(new UpdateResponse { Properties = request.News });
        }

        public override Task<ReadResponse> Read(ReadRequest request, ServerCallContext context)
        {
            Record($"Read {request.Id}");
            return Task.FromResult(request.Inputs.Fields.ContainsKey("vanish")
                ? new ReadResponse()
                : new ReadResponse { Id = request.Id, Properties = request.Properties, Inputs = request.Inputs });
        }

        public override Task<Empty> Delete(DeleteRequest request, ServerCallContext context)
        {
            Record($"Delete {request.Id}");
            return Task.FromResult(new Empty());
        }
    }
}
