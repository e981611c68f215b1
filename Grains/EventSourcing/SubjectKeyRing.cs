using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Coordination.Grains.EventSourcing;

/// <summary>
/// The data subjects' keys: made fresh for each new subject, stored wrapped under the master key
/// in <c>subject_keys</c>, and unwrapped on demand (cached). Also keys the match tags of duplicate
/// detection, so that the database never holds a name or document number in a form anyone
/// without the master key can test guesses against.
/// </summary>
public sealed class SubjectKeyRing
{
    private const int CacheLimit = 100_000;
    private readonly byte[] _masterKey;
    private readonly byte[] _tagKey;
    private readonly NpgsqlDataSource _database;
    private readonly ConcurrentDictionary<string, SubjectCipher> _ciphers = new(StringComparer.Ordinal);

    public SubjectKeyRing(IOptions<DataProtectionOptions> options, NpgsqlDataSource database)
    {
        _masterKey = options.Value.MasterKeyBytes();
        _tagKey = HKDF.DeriveKey(HashAlgorithmName.SHA256, _masterKey, 32, info: Encoding.UTF8.GetBytes("coordination/match-tags"));
        _database = database;
    }

    /// <summary>A new key for a subject, and its wrapped form to store with the subject's first events.</summary>
    public (SubjectCipher Cipher, byte[] Wrapped) Create(string keyId)
    {
        var key = RandomNumberGenerator.GetBytes(32);
        // Not remembered here: the append that stores it may lose to another writer with a key of its own.
        return (new SubjectCipher(keyId, key), SubjectCipher.Seal(_masterKey, key, keyId));
    }

    /// <summary>The cipher for a stored wrapped key (cached by key id).</summary>
    public SubjectCipher Unwrap(string keyId, byte[] wrapped)
    {
        if (_ciphers.TryGetValue(keyId, out var cached))
        {
            return cached;
        }
        var cipher = new SubjectCipher(keyId, SubjectCipher.Open(_masterKey, wrapped, keyId));
        Remember(cipher);
        return cipher;
    }

    /// <summary>The subject's cipher, or null when the subject has no key (never sealed anything, or erased).</summary>
    public async Task<SubjectCipher?> FindAsync(string keyId, CancellationToken cancellationToken = default)
    {
        if (_ciphers.TryGetValue(keyId, out var cached))
        {
            return cached;
        }
        await using var command = _database.CreateCommand("SELECT wrapped_key FROM subject_keys WHERE key_id = @id");
        command.Parameters.AddWithValue("id", keyId);
        return await StorageFailures.GuardAsync(async () =>
            await command.ExecuteScalarAsync(cancellationToken) is byte[] wrapped ? Unwrap(keyId, wrapped) : null);
    }

    /// <summary>Drops a key from the cache (after its subject was erased).</summary>
    public void Forget(string keyId) => _ciphers.TryRemove(keyId, out _);

    /// <summary>A keyed hash of a match key (for example folded names, birth date and nationality).</summary>
    public byte[] MatchTag(string matchKey) => HMACSHA256.HashData(_tagKey, Encoding.UTF8.GetBytes(matchKey));

    private void Remember(SubjectCipher cipher)
    {
        if (_ciphers.Count >= CacheLimit)
        {
            _ciphers.Clear();
        }
        _ciphers[cipher.KeyId] = cipher;
    }
}
