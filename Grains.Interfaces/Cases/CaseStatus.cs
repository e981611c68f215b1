namespace Coordination.Grains.Interfaces.Cases;

/// <summary>Where a case stands in the assisted voluntary return lifecycle.</summary>
public enum CaseStatus
{
    /// <summary>Registered at an office; nothing else has happened yet.</summary>
    Registered = 0,
}
