namespace Coordination.Grains.Interfaces.Ops;

/// <summary>The durations the ops figures keep as histograms (column <c>measure</c> of <c>ops_durations</c>).</summary>
public static class OpsMeasures
{
    /// <summary>From a referral's sending to its acknowledgement; office = sender, subject = counterpart.</summary>
    public const string Acknowledge = "acknowledge";

    /// <summary>From a referral's sending to its answer (accepted or declined); office = sender, subject = counterpart.</summary>
    public const string Answer = "answer";

    /// <summary>Time a case spent in a status it then left; office = the case's office, subject = the status.</summary>
    public const string Status = "status";
}
