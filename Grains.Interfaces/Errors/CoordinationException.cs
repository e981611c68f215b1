namespace Coordination.Grains.Interfaces.Errors;

/// <summary>
/// Base of the domain errors grains raise for a caller to act on. They cross the grain boundary
/// with their data intact, so the API can turn each into the right problem details.
/// </summary>
[GenerateSerializer, Alias("Coordination.CoordinationException")]
public abstract class CoordinationException : Exception
{
    protected CoordinationException(string message) : base(message)
    {
    }
}
