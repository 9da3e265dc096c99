using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using ClusterScale.Simulators.Obshell.Api;
using ClusterScale.Simulators.Obshell.Cluster;
using Microsoft.AspNetCore.Http;

namespace ClusterScale.Simulators.Obshell.Auth;

/// <summary>
/// obshell's "hybrid encryption": an RSA-encrypted header proves the password and carries the AES key that
/// encrypts the body. Checks run in the agent's order: header present, decryptable, not expired, password, URI.
/// </summary>
internal static class HybridAuthenticator
{
    public const string OceanBaseHeader = "X-OCS-Header";
    public const string AgentHeader = "X-OCS-Agent-Header";

    /// <summary>Verifies the request and returns its decrypted body ("" when it has none).</summary>
    public static string Authenticate(HttpRequest request, string rawTarget, string rawBody, SimulatedAgent agent, ClusterState cluster)
    {
        // Agents older than 4.2.6.0 know no agent password and ignore X-OCS-Agent-Header.
        var agentHeader = agent.Since(ObshellVersions.ScaleInAndAgentPassword) ? request.Headers[AgentHeader].ToString() : "";
        var usesAgentPassword = agentHeader.Length > 0; // with both headers, the agent header wins
        var value = usesAgentPassword ? agentHeader : request.Headers[OceanBaseHeader].ToString();
        if (value.Length == 0)
        {
            throw Errors.HeaderNotFound();
        }

        var header = AuthHeader.Decrypt(value, agent.Key);
        if (header.Auth.Length > 0)
        {
            CheckNotExpired(header.Ts, cluster.Now);
        }

        if (usesAgentPassword)
        {
            CheckAgentPassword(header.Auth, agent);
        }
        else
        {
            CheckOceanBasePassword(header.Auth, agent, cluster.Options.RootPassword);
        }

        if (header.Uri != rawTarget)
        {
            throw Errors.Unauthorized("Header.UriMismatch", $"uri mismatch: header has '{header.Uri}', request is '{rawTarget}'");
        }

        return rawBody.Length == 0 ? "" : DecryptBody(rawBody, header.Keys);
    }

    private static void CheckNotExpired(string ts, DateTimeOffset now)
    {
        if (!long.TryParse(ts, NumberStyles.None, CultureInfo.InvariantCulture, out var expiry))
        {
            throw Errors.Unauthorized("Timestamp.Invalid", $"invalid timestamp '{ts}'");
        }

        if (now.ToUnixTimeSeconds() > expiry)
        {
            throw Errors.Unauthorized("Expired", $"auth expired at {expiry}, current {now.ToUnixTimeSeconds()}");
        }
    }

    // UNCONFIRMED which of WithAgentPassword / WithOceanBasePassword obshell raises when: the simulator takes the
    // strict reading — an agent with an agent password accepts only X-OCS-Agent-Header (WithAgentPassword), and
    // X-OCS-Agent-Header sent to an agent without one is refused (WithOceanBasePassword).
    private static void CheckAgentPassword(string auth, SimulatedAgent agent)
    {
        if (agent.AgentPassword.Length == 0)
        {
            throw Errors.Unauthorized("WithOceanBasePassword", "the agent has no agent password: authenticate with the OceanBase root password (X-OCS-Header)");
        }

        if (auth != agent.AgentPassword)
        {
            throw Errors.Unauthorized("IncorrectAgentPassword", "incorrect agent password");
        }
    }

    private static void CheckOceanBasePassword(string auth, SimulatedAgent agent, string rootPassword)
    {
        if (agent.AgentPassword.Length > 0)
        {
            throw Errors.Unauthorized("WithAgentPassword", "the agent has an agent password: authenticate with it (X-OCS-Agent-Header)");
        }

        // A SINGLE agent has no OceanBase to check a root password against and lets the request through, as obshell does.
        if (agent.Identity != Identities.Single && auth != rootPassword)
        {
            throw Errors.Unauthorized("IncorrectOceanbasePassword", "incorrect OceanBase root password");
        }
    }

    // A body that is not AES/base64 (e.g. plain JSON) cannot be turned into JSON: it fails as a bind failure.
    private static string DecryptBody(string rawBody, byte[] keys)
    {
        if (keys.Length != 32)
        {
            throw Errors.BindJsonFailed("the auth header carries no AES key and IV for the body");
        }

        try
        {
            using var aes = Aes.Create();
            aes.Key = keys[..16];
            var plain = aes.DecryptCbc(Convert.FromBase64String(rawBody.Trim()), keys[16..], PaddingMode.PKCS7);
            return Encoding.UTF8.GetString(plain);
        }
        catch (Exception e) when (e is FormatException or CryptographicException)
        {
            throw Errors.BindJsonFailed("the body is not AES-128-CBC encrypted base64 text");
        }
    }
}
