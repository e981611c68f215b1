namespace Coordination.Grains.EventSourcing;

/// <summary>A fact in the past tense: what happened, when, and who made it happen.</summary>
public interface IDomainEvent
{
    /// <summary>When it happened (the deciding grain's clock).</summary>
    DateTimeOffset At { get; }

    /// <summary>Who made it happen: the caller's identity, a counterpart, or a system actor such as <c>sla</c>.</summary>
    string By { get; }
}
