using ClusterScale.Provider.ModelArts.Api;
using ClusterScale.Provider.Protocol;

namespace ClusterScale.Provider.ModelArts;

/// <summary>
/// Spec §3: scaling a PRE_PAID (yearly/monthly) supernode creates an order for the new sub-nodes, and live-scale-up has
/// no <c>is_auto_pay</c> switch and returns no order id to wait on: an order nobody pays stalls the scale silently. So
/// a supernode with any PRE_PAID sub-node is refused before anything is sent (and at Check when credentials are
/// configured). There is no opt-in: scaling such a supernode goes through the console, where the order is paid.
/// Only PRE_PAID: <c>COMMON</c> is documented as covering both billing modes (huaweicloud-sdk-python-v3
/// huaweicloudsdkmodelarts/v1/model/server_response.py:68, spec "Corrections on 2026-12-05"), and only PRE_PAID creates
/// an order that live-scale-up cannot pay.
/// </summary>
internal static class Prepaid
{
    private const string PrePaid = "PRE_PAID";

    /// <summary>Why <paramref name="supernode"/> cannot be scaled by this provider, or null when it can. A server
    /// with no charging_mode (an older API) is taken as pay-per-use.</summary>
    public static string? Refusal(SupernodeDetail supernode)
    {
        var prepaid = supernode.ServerList.Where(s => s.ChargingMode == PrePaid).ToList();
        return prepaid.Count == 0 ? null
            : $"supernode {supernode.Id} is not pay-per-use (sub-node(s) {string.Join(", ", prepaid.Select(s => $"{s.Id} {s.ChargingMode}"))}): " +
              "scaling it creates an order that ModelArts does not pay automatically (live-scale-up has no auto-pay switch) and the " +
              "scale would stall until someone pays it. Scale it in the ModelArts console and pay the order in the Billing Center, " +
              "or convert it to pay-per-use, then import the servers (`pulumi import` with <supernodeId>:<serverIds>).";
    }

    /// <exception cref="OperationFailedException">The supernode is not pay-per-use; nothing was sent.</exception>
    public static void RefuseScaling(SupernodeDetail supernode)
    {
        if (Refusal(supernode) is { } reason) throw new OperationFailedException(reason);
    }
}
