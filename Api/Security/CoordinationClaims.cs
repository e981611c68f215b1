namespace Coordination.Api.Security;

/// <summary>The claims a token carries about its holder.</summary>
public static class CoordinationClaims
{
    /// <summary>The person or service account, as histories and the audit log show it.</summary>
    public const string Name = "name";

    /// <summary>caseworker, supervisor, liaison, operations, automation or administrator.</summary>
    public const string Role = "role";

    /// <summary>For office staff and scoped automation: the office code, or * for every office (automation only).</summary>
    public const string Office = "office";

    /// <summary>For a liaison: the authority code (INM, DIF, CNDH, CONS-HND, ...).</summary>
    public const string Authority = "authority";
}
