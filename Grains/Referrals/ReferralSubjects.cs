using Coordination.Grains.Interfaces.Cases;
using Coordination.Grains.Interfaces.Referrals;

namespace Coordination.Grains.Referrals;

/// <summary>
/// Data minimisation: what each kind of recipient gets to see. A consulate or INM learns who the
/// migrant is, never their vulnerabilities (a victim's home state must not learn of it); DIF and
/// CNDH see the vulnerabilities and languages they act on; another IOM office sees the whole case.
/// </summary>
public static class ReferralSubjects
{
    public static ReferralSubject For(ReferralKind kind, CaseRegistration registration) => kind switch
    {
        ReferralKind.ExitClearance or ReferralKind.TravelDocument => new ReferralSubject(
            registration.GivenNames, registration.FamilyNames, registration.BirthDate, registration.Nationality,
            registration.Sex, registration.Document, [], []),
        ReferralKind.ChildProtection or ReferralKind.Protection => new ReferralSubject(
            registration.GivenNames, registration.FamilyNames, registration.BirthDate, registration.Nationality,
            registration.Sex, null, [.. registration.Vulnerabilities], [.. registration.Languages]),
        _ => new ReferralSubject(
            registration.GivenNames, registration.FamilyNames, registration.BirthDate, registration.Nationality,
            registration.Sex, registration.Document, [.. registration.Vulnerabilities], [.. registration.Languages]),
    };
}
