namespace Coordination.Grains.Interfaces.Errors;

/// <summary>
/// A request about who may see a case's personal data, or whether it is kept, that the case's
/// state does not allow (for example erasing a case that is still being worked, or breaking the
/// glass on a case one's own office already has).
/// </summary>
[GenerateSerializer, Alias("Coordination.DataProtectionRefusedException")]
public sealed class DataProtectionRefusedException : CoordinationException
{
    public DataProtectionRefusedException(string caseNumber, string request, string reason)
        : base($"Case {caseNumber}: {request} is not possible ({reason}).")
    {
        CaseNumber = caseNumber;
        Request = request;
        Reason = reason;
    }

    [Id(0)] public string CaseNumber { get; }
    [Id(1)] public string Request { get; }
    [Id(2)] public string Reason { get; }
}
