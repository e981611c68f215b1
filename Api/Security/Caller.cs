using System.Security.Claims;
using Coordination.Grains.Interfaces.Commands;

namespace Coordination.Api.Security;

/// <summary>The authenticated caller, as the rules of the access table need it.</summary>
public sealed record Caller(string Name, StaffRole Role, string? Office, string? Authority)
{
    public const string AnyOffice = "*";

    /// <summary>
    /// The role claim's exact values: one role, by its lower-case name. Not a number, not a
    /// combination such as "supervisor,automation" (which .NET's enum parser would add up into
    /// another role), not a differently spelled name.
    /// </summary>
    private static readonly Dictionary<string, StaffRole> RolesByName =
        Enum.GetValues<StaffRole>().ToDictionary(r => r.ToString().ToLowerInvariant(), StringComparer.Ordinal);

    /// <summary>Reads the caller from a validated token; null when the token lacks a known role or its scope.</summary>
    public static Caller? From(ClaimsPrincipal user)
    {
        // The token's subject identifies the caller (histories, audit, idempotency scopes); a display
        // name is not unique. Tokens without a subject fall back to their name.
        var name = user.FindFirstValue("sub") ?? user.FindFirstValue(ClaimTypes.NameIdentifier) ?? user.FindFirstValue(CoordinationClaims.Name);
        var roles = user.FindAll(CoordinationClaims.Role).Concat(user.FindAll(ClaimTypes.Role)).Select(c => c.Value).Distinct().ToList();
        if (string.IsNullOrWhiteSpace(name) || roles.Count != 1 || !RolesByName.TryGetValue(roles[0], out var role))
        {
            return null;
        }
        var office = user.FindFirstValue(CoordinationClaims.Office);
        var authority = user.FindFirstValue(CoordinationClaims.Authority);
        var scoped = role switch
        {
            StaffRole.Caseworker or StaffRole.Supervisor => !string.IsNullOrEmpty(office) && office != AnyOffice,
            StaffRole.Automation => !string.IsNullOrEmpty(office),
            StaffRole.Liaison => !string.IsNullOrEmpty(authority),
            _ => true,
        };
        return scoped ? new Caller(name, role, office, authority) : null;
    }

    /// <summary>Staff who work cases: caseworkers, supervisors and scoped automation.</summary>
    public bool WorksCases => Role is StaffRole.Caseworker or StaffRole.Supervisor or StaffRole.Automation;

    /// <summary>Whether the caller works cases at this office.</summary>
    public bool WorksAt(string officeCode) => WorksCases && (Office == officeCode || (Role == StaffRole.Automation && Office == AnyOffice));

    public CommandContext Command(string operationId, int? expectedVersion = null) =>
        new(Name, Role, operationId, expectedVersion, WorksCases ? Office : null);

    /// <summary>Minimal API binding: the caller that <see cref="CallerMiddleware"/> resolved.</summary>
    public static ValueTask<Caller?> BindAsync(HttpContext context) =>
        ValueTask.FromResult<Caller?>(CallerMiddleware.Of(context) ?? throw new InvalidOperationException("An endpoint takes the caller without RequireCaller()."));
}
