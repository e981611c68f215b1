namespace Coordination.Grains.EventSourcing;

/// <summary>
/// Marks a property of an event or a stream snapshot that holds personal data (names, documents,
/// free text about the migrant). Such properties are stored apart from the rest, sealed with the
/// data subject's own key, so that deleting the key erases them from every event and snapshot.
/// </summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class PersonalAttribute : Attribute;
