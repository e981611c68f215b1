using Coordination.Grains.Interfaces.Commands;

namespace Coordination.Testing;

/// <summary>Command contexts for the people and services of the brief, each with a fresh operation id.</summary>
public static class Staff
{
    public static CommandContext Caseworker(string office = "ACA", int? expectedVersion = null) =>
        new($"caseworker@{office}", StaffRole.Caseworker, Guid.NewGuid().ToString("N"), expectedVersion, office);

    public static CommandContext Supervisor(string office = "ACA") =>
        new($"supervisor@{office}", StaffRole.Supervisor, Guid.NewGuid().ToString("N"), Office: office);

    public static CommandContext Liaison(string authority) =>
        new($"liaison@{authority}", StaffRole.Liaison, Guid.NewGuid().ToString("N"));
}
