using System.Security.Cryptography;

namespace Coordination.Grains.EventSourcing;

/// <summary>Seals and opens one data subject's personal fields with AES-256-GCM under the subject's own key.</summary>
public sealed class SubjectCipher
{
    private const int NonceSize = 12;
    private const int TagSize = 16;
    private readonly byte[] _key;

    public SubjectCipher(string keyId, byte[] key)
    {
        if (key.Length != 32)
        {
            throw new ArgumentException("A subject key is 32 bytes.", nameof(key));
        }
        KeyId = keyId;
        _key = key;
    }

    /// <summary>The subject the key belongs to: a case number, or an intake's referral id.</summary>
    public string KeyId { get; }

    /// <summary>nonce | tag | ciphertext, bound to the key id so a sealed value cannot be moved to another subject.</summary>
    public byte[] Seal(ReadOnlySpan<byte> plaintext) => Seal(_key, plaintext, KeyId);

    public byte[] Open(ReadOnlySpan<byte> sealedValue) => Open(_key, sealedValue, KeyId);

    internal static byte[] Seal(byte[] key, ReadOnlySpan<byte> plaintext, string associatedData)
    {
        var output = new byte[NonceSize + TagSize + plaintext.Length];
        var nonce = output.AsSpan(0, NonceSize);
        RandomNumberGenerator.Fill(nonce);
        using var aes = new AesGcm(key, TagSize);
        aes.Encrypt(nonce, plaintext, output.AsSpan(NonceSize + TagSize), output.AsSpan(NonceSize, TagSize), System.Text.Encoding.UTF8.GetBytes(associatedData));
        return output;
    }

    internal static byte[] Open(byte[] key, ReadOnlySpan<byte> sealedValue, string associatedData)
    {
        if (sealedValue.Length < NonceSize + TagSize)
        {
            throw new CryptographicException("A sealed value is too short.");
        }
        var plaintext = new byte[sealedValue.Length - NonceSize - TagSize];
        using var aes = new AesGcm(key, TagSize);
        aes.Decrypt(sealedValue[..NonceSize], sealedValue[(NonceSize + TagSize)..], sealedValue.Slice(NonceSize, TagSize), plaintext, System.Text.Encoding.UTF8.GetBytes(associatedData));
        return plaintext;
    }
}
