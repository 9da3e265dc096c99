using Microsoft.AspNetCore.Http;

namespace ClusterScale.Simulators.ModelArts.Api;

/// <summary>The request body read once and shared: the signature covers its hash and the handlers parse it.</summary>
internal static class RequestBody
{
    private const string ItemKey = "modelarts.body";

    public static async Task<byte[]> ReadAsync(HttpContext context)
    {
        if (context.Items.TryGetValue(ItemKey, out var cached) && cached is byte[] bytes)
            return bytes;
        using var buffer = new MemoryStream();
        await context.Request.Body.CopyToAsync(buffer, context.RequestAborted);
        bytes = buffer.ToArray();
        context.Items[ItemKey] = bytes;
        return bytes;
    }
}
