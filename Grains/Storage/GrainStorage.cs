namespace Coordination.Grains.Storage;

/// <summary>
/// Names under which grains persist their state. Each grain class has its own state name: the
/// ADO.NET provider keys rows by grain id hash and state name, so two classes sharing a name and a
/// key would share a row.
/// </summary>
public static class GrainStorage
{
    /// <summary>The one grain storage provider, backed by PostgreSQL.</summary>
    public const string ProviderName = "coordination";

    public const string CaseState = "case";
    public const string OfficeState = "office";
    public const string ReferralState = "referral";
    public const string AuthorityState = "authority";
    public const string DuplicateIndexState = "duplicate-index";
}
