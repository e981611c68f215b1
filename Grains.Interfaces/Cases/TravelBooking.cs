namespace Coordination.Grains.Interfaces.Cases;

/// <summary>The booked return journey.</summary>
/// <param name="DepartureDate">Day of departure from Mexico.</param>
/// <param name="Carrier">Airline or bus company.</param>
/// <param name="Itinerary">Route and reference, e.g. <c>MEX-SAP AM123, PNR QX7Y2Z</c>.</param>
/// <param name="Destination">City of arrival in the country of origin.</param>
[GenerateSerializer, Immutable, Alias("Coordination.TravelBooking")]
public sealed record TravelBooking(
    [property: Id(0)] DateOnly DepartureDate,
    [property: Id(1)] string Carrier,
    [property: Id(2)] string Itinerary,
    [property: Id(3)] string Destination);
