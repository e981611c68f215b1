using Coordination.Grains.Interfaces.Cases;

namespace Coordination.Grains.Offices;

/// <summary>What an office persists: its case-number sequence and the registrations it answered recently.</summary>
public sealed class OfficeState
{
    /// <summary>The year the sequence counts in; a new local year restarts it at 1.</summary>
    public int SequenceYear { get; set; }

    public int LastSequence { get; set; }

    public int CasesRegistered { get; set; }

    public CaseNumber? LastCaseNumber { get; set; }

    /// <summary>
    /// Operation id to the case number it allotted, newest last, so that a retried registration
    /// gets the case it already made instead of a second one. Bounded by
    /// <see cref="OfficeGrain.RememberedOperations"/>: retries come within minutes, not weeks.
    /// </summary>
    public List<RegistrationOperation> RecentRegistrations { get; set; } = [];
}

/// <summary>One registration an office has answered.</summary>
public sealed record RegistrationOperation(string OperationId, CaseNumber CaseNumber);
