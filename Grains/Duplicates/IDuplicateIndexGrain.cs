namespace Coordination.Grains.Duplicates;

/// <summary>The cases registered under one duplicate key (see <see cref="DuplicateKeys"/>), across all offices.</summary>
public interface IDuplicateIndexGrain : IGrainWithStringKey
{
    /// <summary>Adds the case under this key and returns the other cases already there.</summary>
    Task<IReadOnlyList<string>> AddAsync(string caseNumber);
}
