using Coordination.Grains.Interfaces.Cases;

namespace Coordination.Grains.Cases;

/// <summary>What a case persists. A case without <see cref="Registration"/> has never been registered.</summary>
public sealed class CaseState
{
    public string OfficeCode { get; set; } = "";

    public CaseRegistration? Registration { get; set; }

    public CaseStatus Status { get; set; }

    public DateTimeOffset RegisteredAt { get; set; }

    /// <summary>The operation that registered the case, so that its retry is answered, not refused.</summary>
    public string RegistrationOperationId { get; set; } = "";

    /// <summary>Increments with every change of the case.</summary>
    public int Version { get; set; }
}
