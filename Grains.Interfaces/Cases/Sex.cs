namespace Coordination.Grains.Interfaces.Cases;

/// <summary>Sex as recorded at registration.</summary>
public enum Sex
{
    Female = 0,
    Male = 1,
    Other = 2,
    Unknown = 3,
}
