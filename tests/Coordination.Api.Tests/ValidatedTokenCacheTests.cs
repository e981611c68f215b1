using Coordination.Api.Security;
using Coordination.Grains.Interfaces.Commands;
using Microsoft.Extensions.Time.Testing;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Coordination.Api.Tests;

/// <summary>
/// A token checked once is accepted from memory until it expires, and only that exact token: a
/// changed byte, an expired token or a token that never passed goes to the real check.
/// </summary>
public sealed class ValidatedTokenCacheTests
{
    private static readonly TokenOptions Options = new() { SigningKey = Convert.ToBase64String(new byte[32].Select((_, i) => (byte)(i + 1)).ToArray()) };

    private readonly FakeTimeProvider _clock = new(DateTimeOffset.UtcNow);
    private readonly CountingHandler _inner = new();

    private TokenValidationParameters Parameters => new()
    {
        ValidIssuer = Options.Issuer,
        ValidAudience = Options.Audience,
        IssuerSigningKey = TokenMinter.SigningKey(Options),
        ClockSkew = TimeSpan.Zero,
        LifetimeValidator = (_, expires, _, _) => expires > _clock.GetUtcNow().UtcDateTime,
    };

    private string Mint() => new TokenMinter(Options, _clock).Mint("caseworker@ACA", StaffRole.Caseworker, "ACA");

    [Fact]
    public async Task The_same_token_is_checked_once()
    {
        var cache = new ValidatedTokenCache(_inner, _clock);
        var token = Mint();

        var first = await cache.ValidateTokenAsync(token, Parameters);
        var second = await cache.ValidateTokenAsync(token, Parameters);

        Assert.True(first.IsValid);
        Assert.True(second.IsValid);
        Assert.Equal("caseworker@ACA", second.ClaimsIdentity.FindFirst("sub")?.Value);
        Assert.NotSame(first.ClaimsIdentity, second.ClaimsIdentity);
        Assert.Equal(1, _inner.Checks);
    }

    [Fact]
    public async Task A_token_with_one_byte_changed_is_checked_and_refused()
    {
        var cache = new ValidatedTokenCache(_inner, _clock);
        var token = Mint();
        await cache.ValidateTokenAsync(token, Parameters);
        var tampered = token[..^2] + (token[^2] == 'A' ? 'B' : 'A') + token[^1];

        var result = await cache.ValidateTokenAsync(tampered, Parameters);

        Assert.False(result.IsValid);
        Assert.Equal(2, _inner.Checks);
    }

    [Fact]
    public async Task A_remembered_token_is_checked_again_once_it_expired()
    {
        var cache = new ValidatedTokenCache(_inner, _clock);
        var token = Mint();
        await cache.ValidateTokenAsync(token, Parameters);

        _clock.Advance(TimeSpan.FromHours(13));
        var result = await cache.ValidateTokenAsync(token, Parameters);

        Assert.False(result.IsValid);
        Assert.Equal(2, _inner.Checks);
    }

    [Fact]
    public async Task A_remembered_token_is_checked_again_after_the_cache_lifetime()
    {
        var cache = new ValidatedTokenCache(_inner, _clock);
        var token = Mint();
        await cache.ValidateTokenAsync(token, Parameters);

        _clock.Advance(ValidatedTokenCache.Lifetime + TimeSpan.FromSeconds(1));
        await cache.ValidateTokenAsync(token, Parameters);

        Assert.Equal(2, _inner.Checks);
    }

    private sealed class CountingHandler : JsonWebTokenHandler
    {
        public int Checks { get; private set; }

        public override Task<TokenValidationResult> ValidateTokenAsync(string token, TokenValidationParameters validationParameters)
        {
            Checks++;
            return base.ValidateTokenAsync(token, validationParameters);
        }
    }
}
