namespace SamenSterker.Cases;

// Case events are immutable facts in the past tense. Who appended them, when, and under which
// correlation id is kept by Marten as event metadata (user_name, timestamp, correlation_id),
// so the payloads below hold only the domain facts.

public enum CaseKind { Adult = 1, Child, Family }

public enum CaseRole { Casusregie = 1, Procesregie }

/// <summary>When professional and client agreed to hold the check-in conversation.</summary>
public sealed record CheckInMoments(int IntervalMonths, bool OnNewFamilyPlan, DateOnly? FirstOn);

public sealed record CaseOpened(
    Guid CaseId,
    string ClientReference,
    string ClientName,
    CaseKind Kind,
    string TeamId,
    string Casusregie,
    DateOnly OpenedOn,
    CheckInMoments CheckInMoments);

public sealed record CheckInMomentsAgreed(int IntervalMonths, bool OnNewFamilyPlan, DateOnly? NextOn);

public sealed record FamilyPlanSet(Guid FamilyPlanId, DateOnly SetOn, string Summary);

/// <summary>A role given to a professional; handing over is simply a new assignment.</summary>
public sealed record RoleAssigned(CaseRole Role, string UserId, string? PreviousUserId);

public sealed record CaseClosed(DateOnly ClosedOn, string Reason);

/// <summary>
/// The client's personal data was erased from the case on request (GDPR art. 17; Privacy/RequestErasure). The reason holds
/// no personal data. Every read model that keeps a copy of a personal text masks it when it applies this event, so its
/// copy is clean whatever it is doing when the erasure happens; the erasure also rebuilds them from the masked events.
/// </summary>
public sealed record PersonalDataErased(DateOnly ErasedOn, string Reason)
{
    /// <summary>What an erased text reads.</summary>
    public const string Mask = "[gewist]";
}
