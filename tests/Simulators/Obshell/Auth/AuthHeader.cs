using System.Security.Cryptography;
using System.Text;
using ClusterScale.Simulators.Obshell.Api;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;

namespace ClusterScale.Simulators.Obshell.Auth;

/// <summary>The decrypted JSON of an auth header. <see cref="Keys"/> = AES key (16 bytes) followed by IV (16 bytes).</summary>
internal sealed record AuthHeader(string Auth, string Ts, string Uri, byte[] Keys)
{
    /// <summary>
    /// Base64 of RSA-PKCS#1-v1.5 blocks (one per plaintext chunk, each exactly k bytes) holding the JSON; any
    /// failure on the way is DecryptFailed (with code 1 from obshell 4.4.1.1: the SDKs then refetch the public key).
    /// </summary>
    public static AuthHeader Decrypt(string value, RSA key, bool withCode1)
    {
        try
        {
            var cipher = Convert.FromBase64String(value);
            var blockSize = key.KeySize / 8;
            if (cipher.Length == 0 || cipher.Length % blockSize != 0)
            {
                throw Errors.HeaderDecryptFailed("crypto/rsa: decryption error", withCode1);
            }

            var plain = new List<byte>();
            for (var offset = 0; offset < cipher.Length; offset += blockSize)
            {
                plain.AddRange(key.Decrypt(cipher.AsSpan(offset, blockSize).ToArray(), RSAEncryptionPadding.Pkcs1));
            }

            return Parse(Encoding.UTF8.GetString(plain.ToArray()));
        }
        catch (Exception e) when (e is FormatException or CryptographicException or JsonException or InvalidCastException)
        {
            throw Errors.HeaderDecryptFailed(e.Message, withCode1);
        }
    }

    // Go's encoding/json: names match case-insensitively; a []byte is base64 text.
    private static AuthHeader Parse(string json)
    {
        var fields = JObject.Parse(json);
        string Text(string name) => fields.GetValue(name, StringComparison.OrdinalIgnoreCase) switch
        {
            null or { Type: JTokenType.Null } => "",
            { Type: JTokenType.String } token => token.Value<string>()!,
            _ => throw new JsonSerializationException($"{name} must be a string"), // Go fails to unmarshal e.g. a numeric Ts
        };
        var keys = Text("Keys");
        return new AuthHeader(Text("Auth"), Text("Ts"), Text("Uri"), keys.Length == 0 ? [] : Convert.FromBase64String(keys));
    }
}
