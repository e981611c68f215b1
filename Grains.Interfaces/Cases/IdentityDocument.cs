namespace Coordination.Grains.Interfaces.Cases;

/// <summary>An identity document held by the migrant.</summary>
/// <param name="Type">What kind of document it is.</param>
/// <param name="Number">The document number as printed, trimmed.</param>
/// <param name="IssuingCountry">ISO 3166-1 alpha-3 code of the issuing country.</param>
/// <param name="ExpiresOn">Expiry date, when the document has one.</param>
[GenerateSerializer, Immutable, Alias("Coordination.IdentityDocument")]
public sealed record IdentityDocument(
    [property: Id(0)] DocumentType Type,
    [property: Id(1)] string Number,
    [property: Id(2)] string IssuingCountry,
    [property: Id(3)] DateOnly? ExpiresOn);
