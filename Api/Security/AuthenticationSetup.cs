using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.IdentityModel.Tokens;

namespace Coordination.Api.Security;

public static class AuthenticationSetup
{
    /// <summary>JWT bearer authentication from <see cref="TokenOptions"/>; every endpoint requires it unless it says otherwise.</summary>
    public static WebApplicationBuilder AddCoordinationAuthentication(this WebApplicationBuilder builder)
    {
        var options = builder.Configuration.GetSection(TokenOptions.Section).Get<TokenOptions>() ?? new();
        builder.Services.AddSingleton(options);
        builder.Services.AddSingleton<TokenMinter>();
        builder.Services.AddAuthentication(JwtBearerDefaults.AuthenticationScheme).AddJwtBearer(jwt =>
        {
            jwt.MapInboundClaims = false;
            if (!string.IsNullOrWhiteSpace(options.Authority))
            {
                jwt.Authority = options.Authority;
                jwt.Audience = options.Audience;
                return;
            }
            jwt.TokenValidationParameters = new TokenValidationParameters
            {
                ValidIssuer = options.Issuer,
                ValidAudience = options.Audience,
                IssuerSigningKey = TokenMinter.SigningKey(options),
                NameClaimType = CoordinationClaims.Name,
                RoleClaimType = CoordinationClaims.Role,
                ClockSkew = TimeSpan.FromMinutes(1),
            };
        });
        builder.Services.AddAuthorizationBuilder()
            .SetFallbackPolicy(new Microsoft.AspNetCore.Authorization.AuthorizationPolicyBuilder().RequireAuthenticatedUser().Build())
            .AddPolicy(Policies.Administrator, p => p.RequireClaim(CoordinationClaims.Role, "administrator"))
            .AddPolicy(Policies.Operations, p => p.RequireClaim(CoordinationClaims.Role, "operations", "administrator"));
        return builder;
    }
}

public static class Policies
{
    public const string Administrator = "administrator";
    public const string Operations = "operations";
}
