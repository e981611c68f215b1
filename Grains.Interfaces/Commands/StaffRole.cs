namespace Coordination.Grains.Interfaces.Commands;

/// <summary>The roles of the brief's access table.</summary>
public enum StaffRole
{
    Caseworker = 0,
    Supervisor = 1,
    Liaison = 2,
    Operations = 3,
    Automation = 4,
    Administrator = 5,
}
