using ClusterScale.Provider.Protocol;
using ClusterScale.Provider.Waiting;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Pulumirpc;

namespace ClusterScale.Provider.Tests.Protocol;

public class ErrorMappingTests
{
    public static TheoryData<Exception, bool, StatusCode> Cases() => new()
    {
        { new ProviderInputException("ip is required"), false, StatusCode.InvalidArgument },
        { new MalformedPropertyException("a.b", "bad"), false, StatusCode.InvalidArgument },
        { new OperationFailedException("scale-out rejected: node already in cluster"), false, StatusCode.Aborted },
        { new WaitTimeoutException("the DAG", TimeSpan.FromMinutes(1), "RUNNING"), false, StatusCode.DeadlineExceeded },
        { new OperationCanceledException(), true, StatusCode.Cancelled },
        { new InvalidOperationException("bug"), false, StatusCode.Unknown },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Maps_each_failure_to_the_code_the_engine_expects(Exception error, bool cancelled, StatusCode expected)
    {
        var rpc = ErrorMapping.ToRpcException(error, cancelled);
        Assert.Equal(expected, rpc.StatusCode);
        if (expected != StatusCode.Cancelled) Assert.Contains(error.Message, rpc.Status.Detail);
    }

    [Fact]
    public void Missing_configuration_is_a_clean_failure_naming_each_key_with_the_package_prefix()
    {
        var rpc = ErrorMapping.ToRpcException(new ProviderInputException("not set", missingKeys: ["obshellEndpoints"]), false);

        Assert.Equal(StatusCode.FailedPrecondition, rpc.StatusCode);
        Assert.Contains("missing required configuration key \"clusterscale:obshellEndpoints\"", rpc.Status.Detail);
    }

    [Fact]
    public void Clean_failures_never_use_codes_that_mark_the_state_unknown()
    {
        foreach (var error in new Exception[] { new OperationFailedException("x"), new ProviderInputException("x"), new WaitTimeoutException("w", TimeSpan.FromSeconds(1), "s") })
            Assert.DoesNotContain(ErrorMapping.ToRpcException(error, false).StatusCode, new[] { StatusCode.Unknown, StatusCode.Internal, StatusCode.DataLoss });
    }

    [Fact]
    public void A_partial_failure_carries_ErrorResourceInitFailed_in_the_status_details_trailer()
    {
        var outputs = PropertyMap.Empty.With("dagId", PropertyValue.From("11")).With("password", PropertyValue.Secret(PropertyValue.From("pw")));
        var inputs = PropertyMap.Empty.With("ip", PropertyValue.From("10.0.0.4"));
        var rpc = ErrorMapping.ToRpcException(new ResourceInitFailedException("10.0.0.4:2886", outputs, inputs, ["timed out waiting for DAG 11"]), false);

        var detail = DecodeInitFailed(rpc);
        Assert.Equal("10.0.0.4:2886", detail.Id);
        Assert.Equal(["timed out waiting for DAG 11"], detail.Reasons);
        Assert.Equal(outputs, PropertyStruct.ToMap(detail.Properties));
        Assert.Equal(inputs, PropertyStruct.ToMap(detail.Inputs));
        Assert.Contains("timed out waiting for DAG 11", rpc.Status.Detail);
    }

    /// <summary>Decodes the trailer as the engine's rpcerror package does.</summary>
    internal static ErrorResourceInitFailed DecodeInitFailed(RpcException rpc)
    {
        var trailer = rpc.Trailers.Get(ErrorMapping.StatusDetailsTrailer) ?? throw new Xunit.Sdk.XunitException("no grpc-status-details-bin trailer");
        var status = Google.Rpc.Status.Parser.ParseFrom(trailer.ValueBytes);
        Assert.Equal((int)rpc.StatusCode, status.Code);
        var any = Assert.Single(status.Details);
        Assert.Equal("type.googleapis.com/pulumirpc.ErrorResourceInitFailed", any.TypeUrl);
        return any.Unpack<ErrorResourceInitFailed>();
    }

    [Fact]
    public void A_message_quoting_a_hostile_input_is_cut_short_and_stripped_of_control_characters()
    {
        var rpc = ErrorMapping.ToRpcException(new ProviderInputException("bad property '" + new string('x', 1_000_000) + "\0'"), cancelledByEngine: false);

        Assert.Equal(StatusCode.InvalidArgument, rpc.StatusCode);
        Assert.True(rpc.Status.Detail.Length < 2100, $"{rpc.Status.Detail.Length} characters");
        Assert.DoesNotContain('\0', rpc.Status.Detail);
        Assert.EndsWith("more characters)", rpc.Status.Detail);
    }
}
