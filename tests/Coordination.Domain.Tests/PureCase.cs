using Coordination.Grains.Authorities;
using Coordination.Grains.Cases;
using Coordination.Grains.EventSourcing;
using Coordination.Grains.Interfaces.Authorities;
using Coordination.Grains.Interfaces.Cases;
using Coordination.Grains.Interfaces.Commands;
using Coordination.Grains.Interfaces.Referrals;
using Coordination.Grains.Interfaces.Rules;
using Coordination.Grains.Offices;
using Coordination.Grains.Rules;

namespace Coordination.Domain.Tests;

/// <summary>
/// A case driven through the pure decider and fold, without a cluster: commands become events,
/// events fold into the state, and referral answers reach the case as progress reports. The path
/// to each status is the one staff and liaisons take (CaseDriver does the same on real grains).
/// </summary>
internal sealed class PureCase
{
    public const string Number = "ACA-2026-000042";
    public static readonly DateTimeOffset Now = new(2026, 11, 26, 15, 0, 0, TimeSpan.Zero);

    public static readonly AuthorityCatalogOptions Authorities = new()
    {
        Authorities =
        [
            new() { Code = "INM", Name = "INM", Kind = AuthorityKind.Migration },
            new() { Code = "DIF", Name = "DIF", Kind = AuthorityKind.ChildProtection },
            new() { Code = "CNDH", Name = "CNDH", Kind = AuthorityKind.HumanRights },
            new() { Code = "CONS-HND", Name = "Consulate of Honduras", Kind = AuthorityKind.Consulate, Country = "HND" },
        ],
    };

    public static readonly OfficeCatalogOptions Offices = new()
    {
        Offices = [new() { Code = "ACA", Name = "Acayucan", Capacity = 150 }, new() { Code = "MEX", Name = "Mexico City", Capacity = 400 }],
    };

    public CaseState State { get; private set; } = CaseState.Unregistered;

    public int Version { get; private set; }

    public List<CaseEvent> Events { get; } = [];

    public static CommandContext Caseworker(string office = "ACA") => new($"caseworker@{office}", StaffRole.Caseworker, Guid.NewGuid().ToString("N"), Office: office);

    public static CommandContext Supervisor(string office = "ACA") => new($"supervisor@{office}", StaffRole.Supervisor, Guid.NewGuid().ToString("N"), Office: office);

    /// <summary>A Honduran girl of sixteen travelling with her mother, without documents.</summary>
    public static CaseRegistration AccompaniedMinor() => new("Ana", "Martinez", Sex.Female, DateOnly.FromDateTime(Now.UtcDateTime).AddYears(-16), "HND", ["es"], null, []);

    public static PureCase Registered(CaseRegistration? registration = null)
    {
        var registered = registration ?? AccompaniedMinor();
        var @case = new PureCase();
        @case.Apply([new CaseRegistered(Now, "caseworker@ACA", "ACA", registered.Nationality, registered.Vulnerabilities, registered, [], null)], "register");
        return @case;
    }

    public CaseDecisionContext Context(CommandContext who) => new(Number, Version, who, Now, Authorities, Offices);

    public IReadOnlyList<CaseEvent> Do(CaseCommand command, CommandContext? who = null)
    {
        var context = who ?? Caseworker();
        var events = CaseDecider.Decide(State, command, Context(context));
        Apply(events, context.OperationId);
        return events;
    }

    /// <summary>The case hears that a referral got as far as <paramref name="status"/>.</summary>
    public IReadOnlyList<CaseEvent> Hear(string referralId, ReferralStatus status, bool overdue = false)
    {
        var kind = State.Referrals.Single(r => r.ReferralId == referralId).Kind;
        var events = CaseDecider.Observe(State, new ReferralProgress(referralId, kind, "X", status, overdue, "liaison", null), Now);
        Apply(events, null);
        return events;
    }

    public string OpenReferral(ReferralKind kind) => State.Referrals.Last(r => r.Kind == kind && r.Status is ReferralStatus.Sent or ReferralStatus.Acknowledged or ReferralStatus.Accepted).ReferralId;

    /// <summary>Asks a rule about the case on an event and applies what it decided, as the case grain does.</summary>
    public RuleDecision Fire(RuleDefinition rule, RuleTrigger trigger)
    {
        var commandId = RuleDecider.CommandId(rule, trigger, Number);
        var decision = RuleDecider.Decide(State, rule, trigger, Context(new CommandContext(rule.Actor, StaffRole.Automation, commandId, null, CaseDecider.AnyOffice)));
        Apply(decision.Events, commandId);
        return decision;
    }

    public void Apply(IReadOnlyList<CaseEvent> events, string? operationId)
    {
        foreach (var @event in events)
        {
            Version++;
            State = CaseState.Evolve(State, @event, new EventContext(Version, operationId));
            Events.Add(@event);
        }
    }

    /// <summary>Registers the accompanied minor and takes the case to <paramref name="target"/>.</summary>
    public static PureCase DrivenTo(CaseStatus target)
    {
        var @case = Registered();
        switch (target)
        {
            case CaseStatus.Registered:
                return @case;
            case CaseStatus.Withdrawn:
                @case.Do(new CaseCommand.Withdraw("changed their mind"));
                return @case;
            case CaseStatus.OnHold:
                @case.Do(new CaseCommand.PutOnHold("medical treatment"));
                return @case;
        }
        var path = new List<Action>
        {
            () => @case.Do(new CaseCommand.RecordCounselling("information session")),
        };
        if (target == CaseStatus.Ineligible)
        {
            path.Add(() => @case.Do(new CaseCommand.RecordScreening(false, "refugee claim pending")));
        }
        else
        {
            path.Add(() => @case.Do(new CaseCommand.RecordScreening(true, null)));
            path.Add(() => @case.Do(new CaseCommand.RecordConsent()));
            if (target != CaseStatus.ClearanceRequested)
            {
                path.Add(() =>
                {
                    @case.Do(new CaseCommand.RequestTravelDocument(ReferralConsent.Granted));
                    var document = @case.OpenReferral(ReferralKind.TravelDocument);
                    @case.Hear(document, ReferralStatus.Accepted);
                    @case.Hear(document, ReferralStatus.Completed);
                });
            }
            path.Add(() => @case.Do(new CaseCommand.RequestExitClearance(ReferralConsent.Granted)));
            path.Add(() => @case.Hear(@case.OpenReferral(ReferralKind.ExitClearance), ReferralStatus.Accepted));
            path.Add(() => @case.Do(new CaseCommand.BookTravel(new TravelBooking(DateOnly.FromDateTime(Now.UtcDateTime).AddDays(7), "Aeromexico", "MEX-SAP AM 0123", "San Pedro Sula"))));
            path.Add(() => @case.Do(new CaseCommand.RecordDeparture()));
            path.Add(() => @case.Do(new CaseCommand.RecordArrival()));
            path.Add(() => @case.Do(target == CaseStatus.Closed ? new CaseCommand.Close("returned home") : new CaseCommand.StartReintegration()));
        }
        foreach (var step in path)
        {
            if (@case.State.Status == target)
            {
                break;
            }
            step();
        }
        return @case.State.Status == target ? @case : throw new ArgumentOutOfRangeException(nameof(target), target, $"The path stopped at {@case.State.Status}.");
    }
}
