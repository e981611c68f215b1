using Coordination.Grains.Interfaces.Cases;
using Coordination.Grains.Interfaces.Referrals;

namespace Coordination.Grains.Offices;

/// <summary>What an office persists: its case-number sequence, its live caseload and its inbound referrals.</summary>
public sealed class OfficeState
{
    /// <summary>The year the sequence counts in; a new local year restarts it at 1.</summary>
    public int SequenceYear { get; set; }

    public int LastSequence { get; set; }

    public int CasesRegistered { get; set; }

    public CaseNumber? LastCaseNumber { get; set; }

    /// <summary>Capacity set at run time; the configured one applies until then.</summary>
    public int? Capacity { get; set; }

    /// <summary>
    /// Operation id to the case number it allotted, newest last, so that a retried registration
    /// gets the case it already made instead of a second one. Bounded by
    /// <see cref="OfficeGrain.RememberedOperations"/>: retries come within minutes, not weeks.
    /// </summary>
    public List<RegistrationOperation> RecentRegistrations { get; set; } = [];

    /// <summary>Open cases in the office's custody: case number to its last reported status and version.</summary>
    public Dictionary<string, CaseloadEntry> OpenCases { get; set; } = [];

    /// <summary>Cases that reached a terminal status here, by that status.</summary>
    public Dictionary<CaseStatus, int> FinishedCases { get; set; } = [];

    /// <summary>Transfers and intakes addressed to this office that are still open.</summary>
    public Dictionary<string, ReferralInboxItem> Inbound { get; set; } = [];

    /// <summary>Transfers this office sent that are still open.</summary>
    public Dictionary<string, ReferralInboxItem> Outbound { get; set; } = [];
}

/// <summary>One registration an office has answered.</summary>
public sealed record RegistrationOperation(string OperationId, CaseNumber CaseNumber);

/// <summary>A case's status as its office last heard it.</summary>
public sealed record CaseloadEntry(CaseStatus Status, int Version);
