using Coordination.Grains.Interfaces.Cases;

namespace Coordination.Grains.Duplicates;

/// <summary>
/// The keys under which two registrations of one person meet: the same identity document, or the
/// same folded names, birth date and nationality.
/// </summary>
public static class DuplicateKeys
{
    public static IReadOnlyList<string> For(CaseRegistration registration)
    {
        var keys = new List<string>(2)
        {
            $"person:{registration.Nationality}:{registration.BirthDate:yyyy-MM-dd}:{NameFolding.Fold(registration.GivenNames)}|{NameFolding.Fold(registration.FamilyNames)}",
        };
        if (registration.Document is { } document)
        {
            keys.Add($"doc:{document.IssuingCountry}:{DocumentNumbers.Normalize(document.Number)}");
        }
        return keys;
    }
}
