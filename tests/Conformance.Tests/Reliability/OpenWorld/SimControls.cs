using System.Text;
using Newtonsoft.Json;

namespace ClusterScale.Conformance.Tests.Reliability.OpenWorld;

/// <summary>
/// The simulators' outside controls (the contract's unsigned <c>/__sim</c> routes), as an operator or a second actor
/// drives them: the ModelArts console scaling a supernode, users setting servers' statuses, a second access key; the
/// obshell admin listener taking an agent's observer down. All in one place so the route names live once.
/// </summary>
internal sealed class SimControls(HttpClient http, string modelArtsEndpoint, string obshellAdminEndpoint)
{
    public Task ConsoleScaleUpAsync(string supernodeId, string flavor) =>
        PostAsync($"{modelArtsEndpoint}/__sim/supernodes/{supernodeId}/console/scale-up", new { flavor });

    public Task ConsoleScaleDownAsync(string supernodeId, IReadOnlyList<string> serverIds) =>
        PostAsync($"{modelArtsEndpoint}/__sim/supernodes/{supernodeId}/console/scale-down", new { server_ids = serverIds });

    /// <summary>A user's action on a server (REBOOT_FAILED after a failed reboot, STOPPED, back to RUNNING).</summary>
    public Task SetServerStatusAsync(string serverId, string status) =>
        PostAsync($"{modelArtsEndpoint}/__sim/servers/{serverId}/status", new { status });

    public Task AddCredentialAsync(string accessKey, string secretKey) =>
        PostAsync($"{modelArtsEndpoint}/__sim/credentials", new { ak = accessKey, sk = secretKey });

    /// <summary>The observer behind <paramref name="agent"/> (virtual ip:port) stops or starts: while down the agent
    /// answers <c>/api/v1/ob/info</c> with only itself and an empty cluster.</summary>
    public Task SetObserverRunningAsync(string agent, bool running) =>
        PostAsync($"http://{obshellAdminEndpoint}/__sim/agents/{agent}/observer", new { running });

    public static async Task<string> GetAsync(HttpClient http, string url)
    {
        using var response = await http.GetAsync(url);
        var body = await response.Content.ReadAsStringAsync();
        if (!response.IsSuccessStatusCode) throw new SimControlUnavailableException(url, (int)response.StatusCode, body);
        return body;
    }

    private async Task PostAsync(string url, object body)
    {
        using var content = new StringContent(JsonConvert.SerializeObject(body), Encoding.UTF8, "application/json");
        using var response = await http.PostAsync(url, content);
        if (!response.IsSuccessStatusCode) throw new SimControlUnavailableException(url, (int)response.StatusCode, await response.Content.ReadAsStringAsync());
    }
}

/// <summary>A simulator control answered with an error: either the control is missing (the simulator predates it)
/// or the simulator refused the action (e.g. a supernode still scaling).</summary>
internal sealed class SimControlUnavailableException(string url, int status, string body)
    : Exception($"{url} answered {status}: {(body.Length > 300 ? body[..300] : body)}")
{
    public int Status { get; } = status;
}
