namespace Coordination.Grains.Storage;

/// <summary>
/// Names under which grains persist their state with the ADO.NET provider. Each grain class has its
/// own state name: the provider keys rows by grain id hash and state name, so two classes sharing a
/// name and a key would share a row. Cases and referrals are not here: they are streams in the
/// event log.
/// </summary>
public static class GrainStorage
{
    /// <summary>The one grain storage provider, backed by PostgreSQL.</summary>
    public const string ProviderName = "coordination";

    public const string OfficeState = "office";
}
