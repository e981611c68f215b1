using Coordination.Grains.Interfaces.Authorities;

namespace Coordination.Grains.Authorities;

/// <summary>One authority as configured under <c>Coordination:Authorities</c>.</summary>
public sealed class AuthorityDefinition
{
    public string Code { get; set; } = "";
    public string Name { get; set; } = "";
    public AuthorityKind Kind { get; set; }

    /// <summary>For a consulate: the ISO 3166-1 alpha-3 code of the country it represents.</summary>
    public string? Country { get; set; }
}
