namespace SamenSterker.Cases;

/// <summary>
/// The state of one case, folded from its event stream. Marten keeps it as an inline snapshot (updated in the same
/// transaction as the events), so a command loads it in one query and it can always be rebuilt from the events. It is
/// immutable: every event gives a new instance. Decisions live next to their use case (e.g. <c>RecordCheckIn.Decide</c>),
/// never in here.
/// This file holds what the case itself is (its client, team, roles, check-in moments, whether it is closed); each
/// capability adds its part of the state and the events it folds in a part of its own (<c>CheckIns/Case.CheckIns.cs</c>,
/// <c>Agreements/Case.Agreements.cs</c>, <c>Steunkring/Case.Steunkring.cs</c>, <c>Alliance/Case.Alliance.cs</c>), so adding an event to a capability changes that capability's folder only.
/// </summary>
public sealed partial record Case : Access.ICaseAccessFacts
{
    public Guid Id { get; init; }

    /// <summary>The stream version; Marten sets it.</summary>
    public long Version { get; set; }

    public string ClientReference { get; init; } = "";
    public string ClientName { get; init; } = "";
    public CaseKind Kind { get; init; }
    public string TeamId { get; init; } = "";
    public DateOnly OpenedOn { get; init; }

    public string Casusregie { get; init; } = "";
    public string? Procesregie { get; init; }

    /// <summary>Agreed moments and what happened since: when the next check-in is due.</summary>
    public CheckInScheduleState Schedule { get; init; } = new();

    public bool Closed { get; init; }
    public DateOnly? ClosedOn { get; init; }
    public string? CloseReason { get; init; }

    /// <summary>When the client's personal data was erased; an erased case takes no more changes.</summary>
    public DateOnly? ErasedOn { get; init; }

    public static Case Create(CaseOpened e) => new()
    {
        Id = e.CaseId,
        ClientReference = e.ClientReference,
        ClientName = e.ClientName,
        Kind = e.Kind,
        TeamId = e.TeamId,
        OpenedOn = e.OpenedOn,
        Casusregie = e.Casusregie,
        Schedule = CheckInScheduleState.Start(e),
    };

    public Case Apply(CheckInMomentsAgreed e) => this with { Schedule = Schedule.Apply(e) };

    public Case Apply(FamilyPlanSet e) => this with { Schedule = Schedule.Apply(e) };

    public Case Apply(RoleAssigned e) => e.Role switch
    {
        CaseRole.Casusregie => this with { Casusregie = e.UserId },
        _ => this with { Procesregie = e.UserId },
    };

    public Case Apply(PersonalDataErased e) => this with { ErasedOn = e.ErasedOn };

    /// <summary>SLIM: the shared goal and approach of the professionals around the client, as last agreed.</summary>
    public string? SharedGoal { get; init; }
    public string? SharedApproach { get; init; }

    public Case Apply(SharedApproachAgreed e) => this with { SharedGoal = e.Goal, SharedApproach = e.Approach };

    public Case Apply(CaseClosed e) => this with { Closed = true, ClosedOn = e.ClosedOn, CloseReason = e.Reason, Schedule = Schedule.Apply(e) };
}
