using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using ClusterScale.Simulators.Obshell.Api;
using ClusterScale.Simulators.Obshell.Cluster;
using Microsoft.AspNetCore.Http;

namespace ClusterScale.Simulators.Obshell.Auth;

/// <summary>What the request's auth header said (null: none was sent), and its body in plain text.</summary>
internal sealed record Credentials(AuthHeader? Header, bool UsesAgentPassword, string Body);

/// <summary>
/// obshell's "hybrid encryption": an RSA-encrypted header proves the password and carries the AES key that
/// encrypts the body. The middlewares run in obshell's order (spec section 1; ob/agent/api/agent_route.go):
/// on every route the header is decrypted, then the body; on a verified route the header must exist, its URI match,
/// and then the agent's identity decides which password is checked (expiry first, when a password is sent).
/// </summary>
internal static class HybridAuthenticator
{
    public const string OceanBaseHeader = "X-OCS-Header";
    public const string AgentHeader = "X-OCS-Agent-Header";
    private const int AesBlock = 16;

    /// <summary>HeaderDecrypt and BodyDecrypt: run for every request, before routing.</summary>
    public static Credentials Open(HttpRequest request, string rawBody, SimulatedAgent agent)
    {
        // Agents older than 4.2.6.0 know no agent password and ignore X-OCS-Agent-Header.
        var agentHeader = agent.Since(ObshellVersions.ScaleInAndAgentPassword) ? request.Headers[AgentHeader].ToString() : "";
        var usesAgentPassword = agentHeader.Length > 0; // with both headers, the agent header wins
        var value = usesAgentPassword ? agentHeader : request.Headers[OceanBaseHeader].ToString();
        if (value.Length == 0)
        {
            return new Credentials(null, false, rawBody); // nothing to decrypt with: the body is taken as sent
        }

        var header = AuthHeader.Decrypt(value, agent.Key, agent.Since(ObshellVersions.DecryptFailedCode));
        return new Credentials(header, usesAgentPassword, rawBody.Length == 0 ? "" : DecryptBody(rawBody, header.Keys));
    }

    /// <summary>obshell's Verify middleware, on the routes that have it.</summary>
    public static void Verify(Credentials credentials, string rawTarget, SimulatedAgent agent, ClusterState cluster)
    {
        var header = credentials.Header ?? throw Errors.HeaderNotFound();
        if (header.Uri != rawTarget)
        {
            throw Errors.Unauthorized("Header.UriMismatch", "URI mismatch");
        }

        var now = cluster.Now;
        if (agent.Identity == Identities.Single)
        {
            VerifySingle(header, credentials.UsesAgentPassword, agent, now);
        }
        else if (credentials.UsesAgentPassword)
        {
            VerifyAgentPasswordOfMember(header, agent, now);
        }
        else
        {
            // A member holds the OceanBase password (loaded at start), so the root password is accepted even
            // when an agent password is set too (spec section 1).
            VerifyPassword(header, cluster.Options.RootPassword, now, "IncorrectOceanbasePassword", "OceanBase password is incorrect");
        }
    }

    // A SINGLE agent has no OceanBase: without an agent password anything passes (no expiry either); with one,
    // only X-OCS-Agent-Header and that password.
    private static void VerifySingle(AuthHeader header, bool usesAgentPassword, SimulatedAgent agent, DateTimeOffset now)
    {
        if (agent.AgentPassword.Length == 0)
        {
            return;
        }

        if (!usesAgentPassword)
        {
            throw Errors.Unauthorized("WithAgentPassword", "Should use agent_password to verify: agent password has been set");
        }

        VerifyPassword(header, agent.AgentPassword, now, "IncorrectAgentPassword", "Agent password is incorrect");
    }

    private static void VerifyAgentPasswordOfMember(AuthHeader header, SimulatedAgent agent, DateTimeOffset now)
    {
        if (agent.AgentPassword.Length == 0)
        {
            throw Errors.Unauthorized("WithOceanBasePassword", "Should use oceanbase_password to verify: agent password is not initialized");
        }

        VerifyPassword(header, agent.AgentPassword, now, "IncorrectAgentPassword", "Agent password is incorrect");
    }

    // obshell secure.VerifyAuth: the expiry only when a password is sent, then the password.
    private static void VerifyPassword(AuthHeader header, string expected, DateTimeOffset now, string wrongSuffix, string wrongMessage)
    {
        if (header.Auth.Length > 0)
        {
            if (!long.TryParse(header.Ts, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var expiry))
            {
                throw Errors.Unauthorized("Timestamp.Invalid", $"Invalid timestamp: {header.Ts}, err: strconv.ParseInt: parsing \"{header.Ts}\": invalid syntax");
            }

            if (now.ToUnixTimeSeconds() > expiry)
            {
                throw Errors.Unauthorized("Expired", "Authentication expired");
            }
        }

        if (header.Auth != expected)
        {
            throw Errors.Unauthorized(wrongSuffix, wrongMessage);
        }
    }

    // obshell secure.bodyDecryptWithAes and crypto.AesDecryptAndReturnBytes, including their failure modes: the
    // base64 is decoded up to its first bad character, a length that is not whole blocks is refused, and what
    // would panic in Go (no bytes, a wrong IV length, padding longer than the text) answers the panic's 500.
    private static string DecryptBody(string rawBody, byte[] keys)
    {
        if (keys.Length < AesBlock)
        {
            throw new ApiException(500, "Request.Body.Decrypt.AES.KeyAndIv.Invalid", "Unauthorized: AES key and IV size error");
        }

        if (keys.Length != 2 * AesBlock)
        {
            throw Errors.Unexpected("Internal Server Error"); // cipher.NewCBCDecrypter: IV length must equal block size
        }

        var cipher = GoBase64.DecodePrefix(rawBody);
        if (cipher.Length % AesBlock != 0)
        {
            throw new ApiException(500, "Request.Body.Decrypt.AES.ContentLength.Invalid", "Unauthorized: Decrypted string length is not a multiple of the block size");
        }

        if (cipher.Length == 0)
        {
            throw Errors.Unexpected("Internal Server Error"); // pkcs5UnPadding indexes byte -1
        }

        using var aes = Aes.Create();
        aes.Key = keys[..AesBlock];
        var plain = aes.DecryptCbc(cipher, keys[AesBlock..], PaddingMode.None);
        var padding = plain[^1];
        return padding <= plain.Length
            ? Encoding.UTF8.GetString(plain, 0, plain.Length - padding)
            : throw Errors.Unexpected("Internal Server Error"); // slice bounds out of range
    }
}
