using SamenSterker.Alliance;
using SamenSterker.Cases;
using SamenSterker.CheckIns;
using SamenSterker.Privacy;
using SamenSterker.Steunkring;

namespace SamenSterker.Timeline;

/// <summary>
/// Every event type of a case stream, as the timeline reads them (each has a line in <see cref="TimelineText"/>). The
/// capabilities register their own with Marten (<c>AddEvents</c> in each <c>…Setup.cs</c>); a test holds this list equal
/// to what Marten knows, and the personal-data test decides every text in each.
/// </summary>
public static class CaseStreamEvents
{
    public static readonly Type[] All =
    [
        typeof(CaseOpened), typeof(CheckInMomentsAgreed), typeof(FamilyPlanSet), typeof(RoleAssigned), typeof(CaseClosed),
        typeof(CheckInHeld), typeof(ScoreGiven), typeof(AgreementMade), typeof(AgreementReviewed),
        typeof(SteunkringMemberAdded), typeof(SteunkringMemberLeft), typeof(ProcesbegeleiderAssigned),
        typeof(SteunkringIntakeHeld), typeof(SteunkringMeetingHeld), typeof(CoreQuestionsAnswered),
        typeof(SteunkringMeetingPlanned), typeof(SteunkringAgendaPrepared), typeof(PlanAgreementReviewed),
        typeof(AllianceFeedbackGiven),
        typeof(AllianceDrawingAdded),
        typeof(Praatplaat.ReflectionWithFamilyHeld),
        typeof(SharedApproachAgreed),
        typeof(ScoreCorrected), typeof(CheckInDateCorrected), typeof(AgreementCorrected), typeof(SteunkringMemberCorrected),
        typeof(PersonalDataErased),
    ];

    /// <summary>The events of streams that are not a case: a team's and a professional's own Praatplaat log, a team's
    /// werkalliantie reflection (no client data is asked for there; what concerns a family is in the case).</summary>
    public static readonly Type[] OfOtherStreams = [typeof(Praatplaat.ReflectionHeld), typeof(AllianceTeamReflectionHeld)];
}
