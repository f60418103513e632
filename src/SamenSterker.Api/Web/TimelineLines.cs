using Microsoft.Extensions.Localization;
using SamenSterker.Alliance;
using SamenSterker.Cases;
using SamenSterker.CheckIns;
using SamenSterker.Platform;
using SamenSterker.Steunkring;
using SamenSterker.Timeline;

namespace SamenSterker.Web;

/// <summary>One timeline line on the client page: the day it happened, what happened in Dutch, who recorded it and when.</summary>
public sealed record TimelineLine(long Version, DateOnly On, string What, string? By, DateOnly RecordedOn)
{
    /// <summary>Recorded on another day than it happened (a check-in typed in the next morning): the page says both.</summary>
    public bool RecordedLater => RecordedOn != On;
}

/// <summary>
/// The case's timeline as the client page says it: what happened (which agreement and how it went, who took part, who
/// joined the steunkring), dated by when it happened — a check-in by the day it was held, not the day it was typed in.
/// The API's timeline keeps its English summaries; this is the same facts in the method's Dutch.
/// </summary>
public static class TimelineLines
{
    /// <summary>Whether a line needs the case's agreements or members by id (then one more query reads them).</summary>
    public static bool NeedsReferences(IEnumerable<TimelineEntryView> entries) =>
        entries.Any(e => e.Fact is AgreementReviewed or PlanAgreementReviewed or SteunkringMemberLeft or SteunkringIntakeHeld);

    /// <summary>The user ids a line names (roles handed over), so the page looks their names up with the rest.</summary>
    public static IEnumerable<string> UsersNamed(IEnumerable<TimelineEntryView> entries) => entries.SelectMany(e => e.Fact switch
    {
        CaseOpened o => [o.Casusregie],
        RoleAssigned r => [r.UserId, r.PreviousUserId],
        ProcesbegeleiderAssigned p => [p.UserId, p.PreviousUserId],
        _ => Array.Empty<string?>(),
    }).OfType<string>();

    public static IReadOnlyList<TimelineLine> Of(IEnumerable<TimelineEntryView> entries, CaseReferences references,
        Func<string?, string> nameOf, IStringLocalizer<Texts> t) =>
        entries.Select(e =>
            {
                var recorded = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(e.At, AmsterdamCalendar.Zone).DateTime);
                var (on, what) = Say(e.Fact, references, nameOf, t);
                return new TimelineLine(e.Version, on ?? recorded, what ?? t["Timeline.Other"].Value, e.By, recorded);
            })
            .OrderByDescending(l => l.On).ThenByDescending(l => l.Version).ToList();

    private static (DateOnly? On, string? What) Say(object? fact, CaseReferences refs, Func<string?, string> nameOf, IStringLocalizer<Texts> t)
    {
        string Agreement(Guid id) => refs.Agreements.TryGetValue(id, out var what) ? Quote(what) : t["Line.TheAgreement"].Value;
        string Member(Guid id) => refs.Members.TryGetValue(id, out var name) ? name : t["Line.AMember"].Value;
        string Role(CaseRole role) => t["Roles." + Words.Of(role)].Value;
        string Count(int n, string one, string more) => $"{n} {t[n == 1 ? one : more].Value}";
        string Reason(string? why) => string.IsNullOrWhiteSpace(why) ? "" : " — " + Short(why);

        return fact switch
        {
            CaseOpened e => (e.OpenedOn, t.Text("Line.caseOpened", t["Kind." + Words.Of(e.Kind)].Value.ToLower(WebSetup.Dutch), nameOf(e.Casusregie))),
            CheckInHeld e => (e.HeldOn, t.Text("Line.checkInHeld", People(e.Respondents, t))),
            AgreementMade e => (e.MadeOn, t.Text("Line.agreementMade", Quote(e.What), e.Who, WebSetup.Date(e.ByWhen))),
            AgreementReviewed e => (e.ReviewedOn, t.Text("Line.agreementReviewed", Agreement(e.AgreementId),
                t["CheckIn.Outcome." + Words.Of(e.Outcome)].Value.ToLower(WebSetup.Dutch)) + Reason(e.Note)),
            SteunkringMemberAdded e => (e.JoinedOn, t.Text("Line.steunkringMemberAdded", e.Name,
                t["Relation." + Words.Of(e.Relation)].Value.ToLower(WebSetup.Dutch) + (e.Organisation is null ? "" : ", " + e.Organisation))),
            SteunkringMemberLeft e => (e.LeftOn, t.Text("Line.steunkringMemberLeft", Member(e.MemberId)) + Reason(e.Reason)),
            ProcesbegeleiderAssigned e => (null, e.PreviousUserId is null
                ? t.Text("Line.procesbegeleiderAssigned", nameOf(e.UserId))
                : t.Text("Line.procesbegeleiderHandedOver", nameOf(e.PreviousUserId), nameOf(e.UserId))),
            RoleAssigned e => (null, e.PreviousUserId is null
                ? t.Text("Line.roleAssigned", Role(e.Role), nameOf(e.UserId))
                : t.Text("Line.roleHandedOver", Role(e.Role), nameOf(e.PreviousUserId), nameOf(e.UserId))),
            SteunkringIntakeHeld e => (e.HeldOn, t.Text("Line.steunkringIntakeHeld", Member(e.MemberId))),
            SteunkringMeetingHeld e => (e.HeldOn, t.Text(e.ClientAttended ? "Line.steunkringMeetingHeld.WithClient" : "Line.steunkringMeetingHeld",
                Count(e.AttendedMemberIds.Count, "Line.Member", "Line.Members"), Count(e.Agreements.Count, "Line.Agreement", "Line.Agreements"))),
            CoreQuestionsAnswered e => (e.AnsweredOn, t.Text("Line.coreQuestionsAnswered", Short(e.WatWilIk, 80))),
            SteunkringMeetingPlanned { WasOn: { } was } e => (null, t.Text("Line.steunkringMeetingMoved", WebSetup.Date(was), WebSetup.Date(e.On), e.Place)),
            SteunkringMeetingPlanned e => (null, t.Text("Line.steunkringMeetingPlanned", WebSetup.Date(e.On), e.Place)),
            SteunkringAgendaPrepared e => (null, t.Text("Line.steunkringAgendaPrepared", e.Items.Count)),
            PlanAgreementReviewed e => (e.ReviewedOn, t.Text("Line.planAgreementReviewed", Agreement(e.AgreementId),
                t["CheckIn.Outcome." + Words.Of(e.Outcome)].Value.ToLower(WebSetup.Dutch)) + Reason(e.Note)),
            AllianceFeedbackGiven e => (e.GivenOn, t["Line.allianceFeedbackGiven." + Words.Of(e.From)].Value),
            AllianceDrawingAdded e => (e.GivenOn, t["Line.allianceDrawingAdded." + Words.Of(e.From)].Value),
            SharedApproachAgreed e => (e.AgreedOn, string.Format(t["Line.sharedApproachAgreed"].Value, e.Goal)),
            Praatplaat.ReflectionWithFamilyHeld e => (e.HeldOn, string.Format(t["Line.reflectionWithFamilyHeld"].Value, e.NextStep)),
            CheckInMomentsAgreed e => (null, t.Text("Line.checkInMomentsAgreed", e.IntervalMonths)
                + (e.NextOn is { } next ? t.Text("Line.NextOn", WebSetup.Date(next)) : "")),
            FamilyPlanSet e => (e.SetOn, t.Text("Line.familyPlanSet", Short(e.Summary))),
            CaseClosed e => (e.ClosedOn, t["Line.caseClosed"].Value + Reason(e.Reason)),
            PersonalDataErased e => (e.ErasedOn, t["Line.personalDataErased"].Value),
            ScoreCorrected e => (null, t.Text("Line.scoreCorrected", t["Question." + Words.Of(e.Question)].Value,
                WebSetup.Mark(e.WasValue), WebSetup.Mark(e.Value)) + Reason(e.Reason)),
            CheckInDateCorrected e => (null, t.Text("Line.checkInDateCorrected", WebSetup.Date(e.WasHeldOn), WebSetup.Date(e.HeldOn)) + Reason(e.Reason)),
            AgreementCorrected e => (null, t.Text("Line.agreementCorrected", Quote(e.What)) + Reason(e.Reason)),
            SteunkringMemberCorrected { AddedInError: true } e => (null, t.Text("Line.memberAddedInError", e.Name) + Reason(e.Reason)),
            SteunkringMemberCorrected e => (null, t.Text("Line.memberCorrected", e.Name) + Reason(e.Reason)),
            _ => (null, null),
        };
    }

    /// <summary>"Sara (ouder), Roos (kind) en de professional".</summary>
    private static string People(IEnumerable<Respondent> respondents, IStringLocalizer<Texts> t)
    {
        var people = respondents.Select(r => r.Side == RespondentSide.Professional
            ? t["Line.TheProfessional"].Value
            : r.Label is { Length: > 0 } label
                ? $"{label} ({t["CheckIn.Role." + Words.Of(r.Role)].Value.ToLower(WebSetup.Dutch)})"
                : t["CheckIn.Role." + Words.Of(r.Role)].Value.ToLower(WebSetup.Dutch)).ToList();
        return people.Count <= 1 ? string.Concat(people) : string.Join(", ", people[..^1]) + " " + t["Line.And"].Value + " " + people[^1];
    }

    private static string Quote(string text) => $"‘{Short(text, 80)}’";

    private static string Short(string text, int max = 120) => text.Length <= max ? text : text[..(max - 1)] + "…";
}
