using System.Collections.Concurrent;
using Microsoft.IdentityModel.Tokens;

namespace Coordination.Api.Security;

/// <summary>
/// Remembers tokens that passed validation, so that an app sending the same bearer token with
/// every request pays for its signature check and claim parsing once, not per request. Keyed by the
/// whole token (signature included), so only the exact same bytes are ever accepted from memory; an
/// entry lasts until the token expires and at most <see cref="Lifetime"/>, so a key withdrawn at the
/// identity provider stops working within that time. Invalid tokens are never remembered.
/// </summary>
internal sealed class ValidatedTokenCache(TokenHandler inner, TimeProvider clock) : TokenHandler
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(5);
    private const int MaxEntries = 10_000;

    private readonly ConcurrentDictionary<string, Entry> _entries = new(StringComparer.Ordinal);

    public override int MaximumTokenSizeInBytes
    {
        get => inner.MaximumTokenSizeInBytes;
        set => inner.MaximumTokenSizeInBytes = value;
    }

    public override SecurityToken ReadToken(string token) => inner.ReadToken(token);

    public override async Task<TokenValidationResult> ValidateTokenAsync(string token, TokenValidationParameters validationParameters)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        if (_entries.TryGetValue(token, out var known))
        {
            if (now < known.Until)
            {
                return new TokenValidationResult
                {
                    IsValid = true,
                    SecurityToken = known.Token,
                    ClaimsIdentity = known.Identity.Clone(),
                    Issuer = known.Token.Issuer,
                };
            }
            _entries.TryRemove(token, out _);
        }
        var result = await inner.ValidateTokenAsync(token, validationParameters);
        if (result.IsValid && result.SecurityToken is { } validated && result.ClaimsIdentity is { } identity)
        {
            var until = now + Lifetime;
            if (validated.ValidTo != DateTime.MinValue && validated.ValidTo < until)
            {
                until = validated.ValidTo;
            }
            if (_entries.Count >= MaxEntries)
            {
                _entries.Clear();
            }
            _entries[token] = new Entry(validated, identity.Clone(), until);
        }
        return result;
    }

    private sealed record Entry(SecurityToken Token, System.Security.Claims.ClaimsIdentity Identity, DateTime Until);
}
