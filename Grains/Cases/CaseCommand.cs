using Coordination.Grains.Interfaces.Cases;
using Coordination.Grains.Interfaces.Referrals;

namespace Coordination.Grains.Cases;

/// <summary>What staff ask of a case: one record per lifecycle action, carrying what the action needs.</summary>
public abstract record CaseCommand
{
    private CaseCommand()
    {
    }

    public abstract CaseAction Action { get; }

    public sealed record RecordCounselling(string? Notes) : CaseCommand
    {
        public override CaseAction Action => CaseAction.RecordCounselling;
    }

    public sealed record RecordScreening(bool Eligible, string? Reason) : CaseCommand
    {
        public override CaseAction Action => CaseAction.RecordScreening;
    }

    public sealed record RecordRiskAssessment(RiskLevel Level, string Summary) : CaseCommand
    {
        public override CaseAction Action => CaseAction.RecordRiskAssessment;
    }

    public sealed record RecordConsent : CaseCommand
    {
        public override CaseAction Action => CaseAction.RecordConsent;
    }

    public sealed record RequestExitClearance(ReferralConsent Consent) : CaseCommand
    {
        public override CaseAction Action => CaseAction.RequestExitClearance;
    }

    public sealed record RequestTravelDocument(ReferralConsent Consent) : CaseCommand
    {
        public override CaseAction Action => CaseAction.RequestTravelDocument;
    }

    public sealed record ReferForChildProtection(ReferralConsent Consent) : CaseCommand
    {
        public override CaseAction Action => CaseAction.ReferForChildProtection;
    }

    public sealed record ReferForProtection(string Recipient, ReferralConsent Consent) : CaseCommand
    {
        public override CaseAction Action => CaseAction.ReferForProtection;
    }

    public sealed record RequestTransfer(string ToOfficeCode, string Reason) : CaseCommand
    {
        public override CaseAction Action => CaseAction.RequestTransfer;
    }

    public sealed record BookTravel(TravelBooking Booking) : CaseCommand
    {
        public override CaseAction Action => CaseAction.BookTravel;
    }

    public sealed record RecordDeparture : CaseCommand
    {
        public override CaseAction Action => CaseAction.RecordDeparture;
    }

    public sealed record RecordArrival : CaseCommand
    {
        public override CaseAction Action => CaseAction.RecordArrival;
    }

    public sealed record StartReintegration : CaseCommand
    {
        public override CaseAction Action => CaseAction.StartReintegration;
    }

    public sealed record Close(string? Reason) : CaseCommand
    {
        public override CaseAction Action => CaseAction.Close;
    }

    public sealed record Withdraw(string Reason) : CaseCommand
    {
        public override CaseAction Action => CaseAction.Withdraw;
    }

    public sealed record PutOnHold(string Reason) : CaseCommand
    {
        public override CaseAction Action => CaseAction.PutOnHold;
    }

    public sealed record Resume : CaseCommand
    {
        public override CaseAction Action => CaseAction.Resume;
    }

    public sealed record Reopen(string Reason) : CaseCommand
    {
        public override CaseAction Action => CaseAction.Reopen;
    }
}
