using Coordination.Grains.Duplicates;
using Coordination.Grains.Interfaces.Cases;

namespace Coordination.Domain.Tests;

public sealed class DuplicateKeysTests
{
    private static CaseRegistration Person(string given, string family, string? document = null) => new(
        given, family, Sex.Female, new DateOnly(1994, 3, 2), "HND", ["es"],
        document is null ? null : new IdentityDocument(DocumentType.Passport, document, "HND", null), []);

    [Theory]
    [InlineData("  José  MARÍA ", "jose maria")]
    [InlineData("Núñez", "nunez")]
    [InlineData("Çelik", "celik")]
    public void Names_fold_case_accents_and_spacing(string name, string folded)
    {
        Assert.Equal(folded, NameFolding.Fold(name));
    }

    [Fact]
    public void The_same_person_written_differently_meets_under_the_same_key()
    {
        Assert.Equal(DuplicateKeys.For(Person("María José", "López")), DuplicateKeys.For(Person("maria jose", "LOPEZ")));
    }

    [Fact]
    public void The_same_document_meets_whatever_the_names()
    {
        var a = DuplicateKeys.For(Person("Maria", "Lopez", "E-123 456"));
        var b = DuplicateKeys.For(Person("Someone", "Else", "e123456"));

        Assert.Single(a.Intersect(b));
    }
}
