namespace Coordination.Grains.Interfaces.Offices;

/// <summary>What an office answered when asked to hold a place for a transferred case (a full office raises <see cref="Errors.OfficeAtCapacityException"/>).</summary>
public enum TransferAdmission
{
    /// <summary>A place is held for the case (or already was, for this transfer).</summary>
    Admitted = 0,

    /// <summary>The case has ended (withdrawn, closed): there is nothing to take.</summary>
    CaseEnded = 1,

    /// <summary>The transfer itself is no longer waiting for an answer (declined, cancelled).</summary>
    TransferClosed = 2,
}
