using Coordination.Grains.Interfaces.Cases;
using Coordination.Grains.Interfaces.Referrals;

namespace Coordination.Grains.Cases;

/// <summary>What a case persists. A case without <see cref="Registration"/> has never been registered.</summary>
public sealed class CaseState
{
    /// <summary>The office with custody; a transfer changes it.</summary>
    public string OfficeCode { get; set; } = "";

    public CaseRegistration? Registration { get; set; }

    public CaseStatus Status { get; set; }

    public DateTimeOffset RegisteredAt { get; set; }

    /// <summary>The operation that registered the case, so that its retry is answered, not refused.</summary>
    public string RegistrationOperationId { get; set; } = "";

    /// <summary>Increments with every change of the case.</summary>
    public int Version { get; set; }

    public CaseStatus? StatusBeforeHold { get; set; }

    public string? HoldReason { get; set; }

    /// <summary>The status a terminal status was entered from; reopening looks at it.</summary>
    public CaseStatus? StatusBeforeTermination { get; set; }

    public bool Counselled { get; set; }

    public RiskAssessment? RiskAssessment { get; set; }

    public bool ChildProtectionAccepted { get; set; }

    /// <summary>The consulate completed a TravelDocument referral.</summary>
    public bool TravelDocumentIssued { get; set; }

    public TravelBooking? TravelBooking { get; set; }

    public List<CaseReferral> Referrals { get; set; } = [];

    /// <summary>Numbers the case's referrals: ACA-2026-000123-R01, -R02, ...</summary>
    public int ReferralSequence { get; set; }

    public List<string> PossibleDuplicates { get; set; } = [];

    public List<CaseHistoryEntry> History { get; set; } = [];

    /// <summary>Recent operation ids with the version they produced, newest last.</summary>
    public List<CaseOperation> RecentOperations { get; set; } = [];

    /// <summary>
    /// Work owed to other grains that was decided together with this state (an outbox): referrals
    /// to cancel, an office to release the case. It is delivered after the write and again after
    /// a restart until it lands; every step is idempotent.
    /// </summary>
    public List<string> PendingCancellations { get; set; } = [];

    public string? PendingReleaseFrom { get; set; }

    public CaseState Copy()
    {
        var copy = (CaseState)MemberwiseClone();
        copy.Referrals = [.. Referrals];
        copy.PossibleDuplicates = [.. PossibleDuplicates];
        copy.History = [.. History];
        copy.RecentOperations = [.. RecentOperations];
        copy.PendingCancellations = [.. PendingCancellations];
        return copy;
    }
}

/// <summary>One operation a case carried out.</summary>
public sealed record CaseOperation(string OperationId, int Version);
