namespace Coordination.Grains.Offices;

/// <summary>
/// What an office persists: its case-number sequence and its capacity. Nothing here grows with the
/// caseload; the caseload is a projection of the event log.
/// </summary>
public sealed class OfficeState
{
    /// <summary>The year the sequence counts in; a new local year restarts it at 1.</summary>
    public int SequenceYear { get; set; }

    /// <summary>
    /// The highest sequence number reserved for hand-out. Numbers up to it may have been given out;
    /// none above it has, so no crash can hand a number out twice.
    /// </summary>
    public int LastSequence { get; set; }

    /// <summary>Capacity set at run time; the configured one applies until then.</summary>
    public int? Capacity { get; set; }
}
