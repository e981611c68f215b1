using System.Security.Cryptography;
using System.Text;

namespace Coordination.Grains.Webhooks;

/// <summary>
/// Standard Webhooks signing: <c>v1,</c> and the base64 HMAC-SHA256 of <c>{webhook-id}.{webhook-timestamp}.{body}</c>
/// under the secret's bytes (the base64 after <c>whsec_</c>); several signatures are separated by spaces.
/// </summary>
public static class WebhookSignature
{
    public const string SecretPrefix = "whsec_";

    /// <summary>A new secret: 32 random bytes, written <c>whsec_</c> and base64.</summary>
    public static string NewSecret() => SecretPrefix + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));

    /// <summary>The <c>webhook-signature</c> header: one signature per secret, newest first.</summary>
    public static string Header(string messageId, long timestamp, string body, IEnumerable<string> secrets) =>
        string.Join(' ', secrets.Select(secret => $"v1,{Sign(messageId, timestamp, body, secret)}"));

    public static string Sign(string messageId, long timestamp, string body, string secret)
    {
        var key = Convert.FromBase64String(secret.StartsWith(SecretPrefix, StringComparison.Ordinal) ? secret[SecretPrefix.Length..] : secret);
        return Convert.ToBase64String(HMACSHA256.HashData(key, Encoding.UTF8.GetBytes($"{messageId}.{timestamp}.{body}")));
    }
}
