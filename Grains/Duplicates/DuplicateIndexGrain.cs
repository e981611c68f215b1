using Coordination.Grains.Storage;

namespace Coordination.Grains.Duplicates;

/// <summary>One duplicate key's cases. Adding a case twice is harmless, so registration retries are safe.</summary>
public sealed class DuplicateIndexGrain(
    [PersistentState(GrainStorage.DuplicateIndexState, GrainStorage.ProviderName)] IPersistentState<DuplicateIndexState> index)
    : Grain, IDuplicateIndexGrain
{
    public async Task<IReadOnlyList<string>> AddAsync(string caseNumber)
    {
        var others = index.State.CaseNumbers.Where(c => c != caseNumber).ToList();
        if (!index.State.CaseNumbers.Contains(caseNumber))
        {
            index.State.CaseNumbers.Add(caseNumber);
            try
            {
                await index.WriteStateAsync();
            }
            catch
            {
                index.State.CaseNumbers.Remove(caseNumber);
                throw;
            }
        }
        return others;
    }
}

public sealed class DuplicateIndexState
{
    public List<string> CaseNumbers { get; set; } = [];
}
