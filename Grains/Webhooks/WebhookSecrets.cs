using System.Security.Cryptography;
using System.Text;
using Coordination.Grains.EventSourcing;
using Microsoft.Extensions.Options;

namespace Coordination.Grains.Webhooks;

/// <summary>Seals subscriptions' signing secrets with a key derived from the deployment's master key, bound to the subscription.</summary>
public sealed class WebhookSecrets(IOptions<DataProtectionOptions> options)
{
    private readonly byte[] _key = HKDF.DeriveKey(HashAlgorithmName.SHA256, options.Value.MasterKeyBytes(), 32, info: Encoding.UTF8.GetBytes("coordination/webhook-secrets"));

    public byte[] Seal(Guid subscription, string secret) => SubjectCipher.Seal(_key, Encoding.UTF8.GetBytes(secret), $"webhook:{subscription:N}");

    public string Open(Guid subscription, byte[] sealedSecret) => Encoding.UTF8.GetString(SubjectCipher.Open(_key, sealedSecret, $"webhook:{subscription:N}"));
}
