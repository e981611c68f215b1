using Coordination.Grains.Interfaces.Offices;
using Microsoft.Extensions.Options;

namespace Coordination.Grains.Offices;

/// <summary>The configured offices (<c>Coordination:Offices</c>), the seed of every office grain.</summary>
public sealed class OfficeCatalogOptions
{
    public const string Section = "Coordination";

    public List<OfficeDefinition> Offices { get; set; } = [];

    public OfficeDefinition? Find(string code) =>
        Offices.FirstOrDefault(o => string.Equals(o.Code, code, StringComparison.Ordinal));
}

/// <summary>Refuses to start a silo on an office list that would misbehave later.</summary>
internal sealed class OfficeCatalogValidator : IValidateOptions<OfficeCatalogOptions>
{
    public ValidateOptionsResult Validate(string? name, OfficeCatalogOptions options)
    {
        var failures = new List<string>();
        if (options.Offices.Count == 0)
        {
            failures.Add("Coordination:Offices lists no office.");
        }
        foreach (var office in options.Offices)
        {
            if (!OfficeCodes.IsWellFormed(office.Code))
            {
                failures.Add($"Office code '{office.Code}' is not three upper-case letters.");
            }
            if (string.IsNullOrWhiteSpace(office.Name))
            {
                failures.Add($"Office '{office.Code}' has no name.");
            }
            if (office.Capacity < 1)
            {
                failures.Add($"Office '{office.Code}' needs a capacity of at least 1.");
            }
            if (!TimeZoneInfo.TryFindSystemTimeZoneById(office.TimeZone, out _))
            {
                failures.Add($"Office '{office.Code}' names an unknown time zone '{office.TimeZone}'.");
            }
        }
        foreach (var duplicate in options.Offices.GroupBy(o => o.Code).Where(g => g.Count() > 1))
        {
            failures.Add($"Office code '{duplicate.Key}' is configured {duplicate.Count()} times.");
        }
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
