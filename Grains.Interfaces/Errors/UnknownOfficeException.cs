namespace Coordination.Grains.Interfaces.Errors;

/// <summary>No office with this code is configured.</summary>
[GenerateSerializer, Alias("Coordination.UnknownOfficeException")]
public sealed class UnknownOfficeException : CoordinationException
{
    public UnknownOfficeException(string officeCode)
        : base($"There is no office '{officeCode}'.")
    {
        OfficeCode = officeCode;
    }

    /// <summary>The code that named no office.</summary>
    [Id(0)]
    public string OfficeCode { get; }
}
