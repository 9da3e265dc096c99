using System.Text;
using Microsoft.AspNetCore.Http;

namespace ClusterScale.Simulators.Obshell.Api;

/// <summary>What a reverse proxy in front of an agent answers when the agent is too slow: HTML, no obshell envelope.</summary>
internal static class GatewayPage
{
    private const string Timeout = "<html>\r\n<head><title>504 Gateway Time-out</title></head>\r\n<body>\r\n<center><h1>504 Gateway Time-out</h1></center>\r\n</body>\r\n</html>\r\n";

    public static Task WriteTimeoutAsync(HttpResponse response)
    {
        response.StatusCode = StatusCodes.Status504GatewayTimeout;
        response.ContentType = "text/html";
        return response.WriteAsync(Timeout, Encoding.UTF8);
    }
}
