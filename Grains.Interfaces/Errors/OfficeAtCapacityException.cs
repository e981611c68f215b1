namespace Coordination.Grains.Interfaces.Errors;

/// <summary>An office cannot take another case: its open cases fill its capacity.</summary>
[GenerateSerializer, Alias("Coordination.OfficeAtCapacityException")]
public sealed class OfficeAtCapacityException : CoordinationException
{
    public OfficeAtCapacityException(string officeCode, int capacity, int openCases)
        : base($"Office {officeCode} is full: {openCases} open cases for a capacity of {capacity}.")
    {
        OfficeCode = officeCode;
        Capacity = capacity;
        OpenCases = openCases;
    }

    [Id(0)] public string OfficeCode { get; }
    [Id(1)] public int Capacity { get; }
    [Id(2)] public int OpenCases { get; }
}
