using Coordination.Grains.Interfaces.Authorities;
using Coordination.Grains.Interfaces.ReferenceData;
using Microsoft.Extensions.Options;

namespace Coordination.Grains.Authorities;

/// <summary>The configured authorities (<c>Coordination:Authorities</c>).</summary>
public sealed class AuthorityCatalogOptions
{
    public const string Section = "Coordination";

    public List<AuthorityDefinition> Authorities { get; set; } = [];

    public AuthorityDefinition? Find(string code) =>
        Authorities.FirstOrDefault(a => string.Equals(a.Code, code, StringComparison.Ordinal));

    public AuthorityDefinition? FirstOfKind(AuthorityKind kind) => Authorities.FirstOrDefault(a => a.Kind == kind);

    public AuthorityDefinition? ConsulateOf(string nationality) =>
        Authorities.FirstOrDefault(a => a.Kind == AuthorityKind.Consulate && a.Country == nationality);
}

internal sealed class AuthorityCatalogValidator : IValidateOptions<AuthorityCatalogOptions>
{
    public ValidateOptionsResult Validate(string? name, AuthorityCatalogOptions options)
    {
        var failures = new List<string>();
        foreach (var authority in options.Authorities)
        {
            if (!AuthorityCodes.IsWellFormed(authority.Code))
            {
                failures.Add($"Authority code '{authority.Code}' must be at most 20 upper-case letters and '-'.");
            }
            if (authority.Kind == AuthorityKind.Consulate && !Countries.IsKnown(authority.Country))
            {
                failures.Add($"Consulate '{authority.Code}' needs the ISO alpha-3 code of its country.");
            }
        }
        foreach (var kind in new[] { AuthorityKind.Migration, AuthorityKind.ChildProtection })
        {
            if (!options.Authorities.Any(a => a.Kind == kind))
            {
                failures.Add($"No {kind} authority is configured: cases could not be referred to it.");
            }
        }
        foreach (var duplicate in options.Authorities.GroupBy(a => a.Code).Where(g => g.Count() > 1))
        {
            failures.Add($"Authority code '{duplicate.Key}' is configured {duplicate.Count()} times.");
        }
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
