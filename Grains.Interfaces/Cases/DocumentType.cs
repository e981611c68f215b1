namespace Coordination.Grains.Interfaces.Cases;

/// <summary>Kinds of identity document a migrant may hold.</summary>
public enum DocumentType
{
    Passport = 0,
    NationalIdentityCard = 1,
    BirthCertificate = 2,
    ConsularCard = 3,
    TravelDocument = 4,
    Other = 5,
}
