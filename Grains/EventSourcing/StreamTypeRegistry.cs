namespace Coordination.Grains.EventSourcing;

/// <summary>The stream types the log holds, by name, so that readers know how to read each event.</summary>
public sealed class StreamTypeRegistry(IEnumerable<StreamType> types)
{
    private readonly Dictionary<string, StreamType> _byName = types.ToDictionary(t => t.Name, StringComparer.Ordinal);

    public StreamType Find(string name) =>
        _byName.TryGetValue(name, out var type) ? type : throw new InvalidOperationException($"The log holds a stream of unknown type '{name}'.");
}
