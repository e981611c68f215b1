using System.Security.Claims;
using Coordination.Grains.Interfaces.Commands;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Coordination.Api.Security;

/// <summary>Signs tokens with the configured key: for local use, run.sh and tests. An organisation's identity provider replaces it.</summary>
public sealed class TokenMinter(TokenOptions options, TimeProvider clock)
{
    /// <summary>A token for <paramref name="name"/>, whose subject is <paramref name="subject"/> (the name when not given).</summary>
    public string Mint(string name, StaffRole role, string? office = null, string? authority = null, string? subject = null)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var claims = new Dictionary<string, object>
        {
            [CoordinationClaims.Name] = name,
            ["sub"] = subject ?? name,
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

    /// <summary>One identity per role, for trying the system locally (what run.sh prints).</summary>
    public static readonly IReadOnlyList<(StaffRole Role, string? Office, string? Authority)> LocalIdentities =
    [
        (StaffRole.Caseworker, "ACA", null),
        (StaffRole.Supervisor, "ACA", null),
        (StaffRole.Caseworker, "MEX", null),
        (StaffRole.Liaison, null, "INM"),
        (StaffRole.Liaison, null, "CONS-HND"),
        (StaffRole.Operations, null, null),
        (StaffRole.Automation, "*", null),
        (StaffRole.Administrator, null, null),
    ];

    /// <summary>
    /// <c>mint-token --role caseworker --office ACA [--name ana] [--authority INM]</c> prints one token;
    /// <c>mint-token --local-set</c> prints one per <see cref="LocalIdentities"/>, a line each.
    /// </summary>
    public static int RunCommand(string[] args, TokenOptions options)
    {
        string? Option(string name)
        {
            var at = Array.IndexOf(args, $"--{name}");
            return at >= 0 && at + 1 < args.Length ? args[at + 1] : null;
        }
        var minter = new TokenMinter(options, TimeProvider.System);
        if (args.Contains("--local-set"))
        {
            foreach (var (localRole, office, authority) in LocalIdentities)
            {
                var who = $"{localRole.ToString().ToLowerInvariant()}@{office ?? authority ?? "coordination"}";
                Console.WriteLine($"{who,-22} {minter.Mint(who, localRole, office, authority)}");
            }
            return 0;
        }
        if (!Enum.TryParse<StaffRole>(Option("role"), ignoreCase: true, out var role))
        {
            Console.Error.WriteLine($"mint-token --role <{string.Join('|', Enum.GetNames<StaffRole>()).ToLowerInvariant()}> [--office ACA] [--authority INM] [--name someone]");
            return 2;
        }
        var name = Option("name") ?? $"{role.ToString().ToLowerInvariant()}@{Option("office") ?? Option("authority") ?? "coordination"}";
        Console.WriteLine(minter.Mint(name, role, Option("office"), Option("authority")));
        return 0;
    }
}
