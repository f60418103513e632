using SamenSterker.Agreements;
using SamenSterker.Alliance;
using SamenSterker.CheckIns;
using SamenSterker.Corrections;
using SamenSterker.Steunkring;

namespace SamenSterker.Cases;

public sealed record OpenAgreement(Guid AgreementId, string What, string Who, DateOnly ByWhen, string HowWeKnow, DateOnly MadeOn);

public sealed record SteunkringMember(Guid MemberId, string Name, MemberRelation Relation, string? Organisation, DateOnly JoinedOn, string? UserId = null);

/// <summary>
/// The state of one case, folded from its event stream. Marten keeps it as an inline snapshot
/// (updated in the same transaction as the events), so a command loads it in one query and it can
/// always be rebuilt from the events. It is immutable: every event gives a new instance. Decisions
/// live next to their use case (e.g. <c>RecordCheckIn.Decide</c>), never in here.
/// </summary>
public sealed record Case
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

    public IReadOnlyList<OpenAgreement> OpenAgreements { get; init; } = [];

    /// <summary>Check-in id → fingerprint of the request that recorded it (idempotent retries).</summary>
    public IReadOnlyDictionary<Guid, string> CheckInFingerprints { get; init; } = new Dictionary<Guid, string>();

    public string? Procesbegeleider { get; init; }
    public IReadOnlyList<SteunkringMember> Members { get; init; } = [];
    public IReadOnlyList<Guid> FormerMemberIds { get; init; } = [];
    public int SteunkringMeetingsHeld { get; init; }
    public CoreQuestionsAnswered? CoreQuestions { get; init; }
    public int AllianceFeedbackCount { get; init; }

    public bool Closed { get; init; }

    /// <summary>When the client's personal data was erased; an erased case takes no more changes.</summary>
    public DateOnly? ErasedOn { get; init; }
    public DateOnly? ClosedOn { get; init; }
    public string? CloseReason { get; init; }

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

    public Case Apply(CheckInHeld e)
    {
        var fingerprints = new Dictionary<Guid, string>(CheckInFingerprints) { [e.CheckInId] = e.RequestFingerprint };
        return this with { CheckInFingerprints = fingerprints, Schedule = Schedule.Apply(e) };
    }

    public Case Apply(AgreementReviewed e) => this with
    {
        OpenAgreements = OpenAgreements.Where(a => a.AgreementId != e.AgreementId).ToList(),
    };

    public Case Apply(AgreementMade e) => this with
    {
        OpenAgreements = [.. OpenAgreements, new OpenAgreement(e.AgreementId, e.What, e.Who, e.ByWhen, e.HowWeKnow, e.MadeOn)],
    };

    public Case Apply(SteunkringMemberAdded e) => this with
    {
        Members = [.. Members, new SteunkringMember(e.MemberId, e.Name, e.Relation, e.Organisation, e.JoinedOn, e.UserId)],
    };

    public Case Apply(SteunkringMemberLeft e) => this with
    {
        Members = Members.Where(m => m.MemberId != e.MemberId).ToList(),
        FormerMemberIds = [.. FormerMemberIds, e.MemberId],
    };

    public Case Apply(ProcesbegeleiderAssigned e) => this with { Procesbegeleider = e.UserId };

    public Case Apply(SteunkringMeetingHeld e) => this with { SteunkringMeetingsHeld = SteunkringMeetingsHeld + 1 };

    public Case Apply(CoreQuestionsAnswered e) => this with { CoreQuestions = e };

    public Case Apply(AllianceFeedbackGiven e) => this with { AllianceFeedbackCount = AllianceFeedbackCount + 1 };

    public Case Apply(CheckInDateCorrected e) => this with { Schedule = Schedule.Apply(e) };

    public Case Apply(AgreementCorrected e) => this with
    {
        OpenAgreements = OpenAgreements.Select(a => a.AgreementId == e.AgreementId
            ? a with { What = e.What, Who = e.Who, ByWhen = e.ByWhen, HowWeKnow = e.HowWeKnow } : a).ToList(),
    };

    public Case Apply(SteunkringMemberCorrected e) => this with
    {
        Members = e.AddedInError
            ? Members.Where(m => m.MemberId != e.MemberId).ToList()
            : Members.Select(m => m.MemberId == e.MemberId
                ? m with { Name = e.Name, Relation = e.Relation, Organisation = e.Organisation, UserId = e.UserId } : m).ToList(),
        FormerMemberIds = e.AddedInError ? [.. FormerMemberIds, e.MemberId] : FormerMemberIds,
    };

    public Case Apply(Privacy.PersonalDataErased e) => this with { ErasedOn = e.ErasedOn };

    public Case Apply(CaseClosed e) => this with { Closed = true, ClosedOn = e.ClosedOn, CloseReason = e.Reason, Schedule = Schedule.Apply(e) };

    public bool IsActiveMember(Guid memberId) => Members.Any(m => m.MemberId == memberId);
}
