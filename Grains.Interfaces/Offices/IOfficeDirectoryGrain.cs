namespace Coordination.Grains.Interfaces.Offices;

/// <summary>The list of configured offices, readable by any caller. Use key 0.</summary>
public interface IOfficeDirectoryGrain : IGrainWithIntegerKey
{
    /// <summary>Every configured office, ordered by code.</summary>
    Task<IReadOnlyList<OfficeSnapshot>> ListAsync();
}
