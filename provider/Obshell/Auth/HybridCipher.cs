using System.Security.Cryptography;

namespace ClusterScale.Provider.Obshell.Auth;

/// <summary>
/// The two primitives of obshell's "hybrid encryption": the header JSON is RSA-PKCS#1-v1.5 encrypted with the agent's
/// public key in chunks, the body is AES-128-CBC/PKCS#7 encrypted with a fresh key and IV that travel in the header.
/// </summary>
public static class HybridCipher
{
    /// <summary>k-11 bytes for a 512-bit key: the largest plaintext chunk PKCS#1 v1.5 allows for every key size obshell
    /// has used (512 before 4.4.2.0, 1024 after), which is why the official SDKs use it too.</summary>
    public const int RsaChunkBytes = 53;

    /// <summary>Imports <c>public_key</c> from <c>/api/v1/secret</c>: base64 of a DER PKCS#1 RSAPublicKey.</summary>
    public static RSA ImportPublicKey(string base64Der)
    {
        var rsa = RSA.Create();
        try
        {
            rsa.ImportRSAPublicKey(Convert.FromBase64String(base64Der), out _);
            return rsa;
        }
        catch
        {
            rsa.Dispose();
            throw;
        }
    }

    /// <summary>Encrypts <paramref name="plaintext"/> chunk by chunk and concatenates the blocks, base64 of the whole.</summary>
    public static string RsaEncrypt(RSA key, byte[] plaintext)
    {
        using var blocks = new MemoryStream();
        for (var offset = 0; offset < plaintext.Length; offset += RsaChunkBytes)
        {
            var chunk = plaintext.AsSpan(offset, Math.Min(RsaChunkBytes, plaintext.Length - offset));
            blocks.Write(key.Encrypt(chunk.ToArray(), RSAEncryptionPadding.Pkcs1));
        }
        return Convert.ToBase64String(blocks.ToArray());
    }

    /// <summary>AES-128-CBC with PKCS#7 padding, base64 text as the agent expects the body.</summary>
    public static string AesEncrypt(ReadOnlySpan<byte> key, ReadOnlySpan<byte> iv, byte[] plaintext)
    {
        using var aes = Aes.Create();
        aes.Key = key.ToArray();
        return Convert.ToBase64String(aes.EncryptCbc(plaintext, iv, PaddingMode.PKCS7));
    }

    /// <summary>A fresh AES-128 key and IV, 16 bytes each.</summary>
    public static (byte[] Key, byte[] Iv) NewSessionKey() => (RandomNumberGenerator.GetBytes(16), RandomNumberGenerator.GetBytes(16));
}
