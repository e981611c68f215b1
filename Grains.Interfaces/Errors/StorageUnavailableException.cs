namespace Coordination.Grains.Interfaces.Errors;

/// <summary>
/// PostgreSQL could not be reached (or did not answer) while a grain read or wrote its data. The
/// change was not acknowledged: it may be retried, and with the same operation id it is never
/// applied twice. Raised in place of the driver's own exceptions, which cannot cross a grain boundary.
/// </summary>
[GenerateSerializer, Alias("Coordination.StorageUnavailableException")]
public sealed class StorageUnavailableException : CoordinationException
{
    public StorageUnavailableException(string cause)
        : base($"The database is not available: {cause}. Nothing was changed that was not acknowledged; retry later.")
    {
        Cause = cause;
    }

    /// <summary>What went wrong, in words (no connection, timed out, shutting down...).</summary>
    [Id(0)]
    public string Cause { get; }
}
