using System.Security.Claims;
using Coordination.Grains.Interfaces.Commands;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Coordination.Api.Security;

/// <summary>Signs tokens with the configured key: for local use, run.sh and tests. An organisation's identity provider replaces it.</summary>
public sealed class TokenMinter(TokenOptions options, TimeProvider clock)
{
    public string Mint(string name, StaffRole role, string? office = null, string? authority = null)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var claims = new Dictionary<string, object>
        {
            [CoordinationClaims.Name] = name,
            ["sub"] = name,
            [CoordinationClaims.Role] = role.ToString().ToLowerInvariant(),
        };
        if (office is not null)
        {
            claims[CoordinationClaims.Office] = office;
        }
        if (authority is not null)
        {
            claims[CoordinationClaims.Authority] = authority;
        }
        return new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = options.Issuer,
            Audience = options.Audience,
            Claims = claims,
            IssuedAt = now,
            NotBefore = now,
            Expires = now + options.MintedTokenLifetime,
            SigningCredentials = new SigningCredentials(SigningKey(options), SecurityAlgorithms.HmacSha256),
        });
    }

    public static SymmetricSecurityKey SigningKey(TokenOptions options)
    {
        var bytes = string.IsNullOrWhiteSpace(options.SigningKey) ? [] : Convert.FromBase64String(options.SigningKey);
        if (bytes.Length < 32)
        {
            throw new InvalidOperationException("Authentication:SigningKey must be the base64 of at least 32 random bytes (or set Authentication:Authority).");
        }
        return new SymmetricSecurityKey(bytes);
    }

    /// <summary>
    /// <c>mint-token --role caseworker --office ACA [--name ana] [--authority INM]</c>: prints one token.
    /// </summary>
    public static int RunCommand(string[] args, TokenOptions options)
    {
        string? Option(string name)
        {
            var at = Array.IndexOf(args, $"--{name}");
            return at >= 0 && at + 1 < args.Length ? args[at + 1] : null;
        }
        if (!Enum.TryParse<StaffRole>(Option("role"), ignoreCase: true, out var role))
        {
            Console.Error.WriteLine($"mint-token --role <{string.Join('|', Enum.GetNames<StaffRole>()).ToLowerInvariant()}> [--office ACA] [--authority INM] [--name someone]");
            return 2;
        }
        var name = Option("name") ?? $"{role.ToString().ToLowerInvariant()}@{Option("office") ?? Option("authority") ?? "coordination"}";
        Console.WriteLine(new TokenMinter(options, TimeProvider.System).Mint(name, role, Option("office"), Option("authority")));
        return 0;
    }
}
