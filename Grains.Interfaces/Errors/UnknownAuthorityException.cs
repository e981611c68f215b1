namespace Coordination.Grains.Interfaces.Errors;

/// <summary>No authority with this code is configured.</summary>
[GenerateSerializer, Alias("Coordination.UnknownAuthorityException")]
public sealed class UnknownAuthorityException : CoordinationException
{
    public UnknownAuthorityException(string authorityCode)
        : base($"There is no authority '{authorityCode}'.")
    {
        AuthorityCode = authorityCode;
    }

    [Id(0)]
    public string AuthorityCode { get; }
}
