namespace Coordination.Api.Security;

/// <summary>
/// How bearer tokens are checked (<c>Authentication</c>). Either an OIDC <see cref="Authority"/> (an
/// organisation's identity provider, whose keys are discovered), or a shared <see cref="SigningKey"/>
/// with which <c>Coordination.Api mint-token</c> signs tokens for local use.
/// </summary>
public sealed class TokenOptions
{
    public const string Section = "Authentication";

    public string Issuer { get; set; } = "coordination-local";
    public string Audience { get; set; } = "coordination-api";

    /// <summary>Base64 of at least 32 random bytes (HMAC-SHA256).</summary>
    public string? SigningKey { get; set; }

    /// <summary>An OIDC authority; when set, its published keys are used instead of <see cref="SigningKey"/>.</summary>
    public string? Authority { get; set; }

    /// <summary>Lifetime of tokens minted locally.</summary>
    public TimeSpan MintedTokenLifetime { get; set; } = TimeSpan.FromHours(12);
}
