using SamenSterker.Access;
using Microsoft.Extensions.Options;
using SamenSterker.CheckIns;
using SamenSterker.Infrastructure;
using SamenSterker.Reminders;
using SamenSterker.Steunkring;

namespace SamenSterker.Cases;

public sealed record CaseView(
    Guid Id,
    string ClientReference,
    string ClientName,
    CaseKind Kind,
    string TeamId,
    DateOnly OpenedOn,
    CaseView.RolesView Roles,
    CheckInMoments CheckInMoments,
    DateOnly? NextCheckInDue,
    DueReason? NextCheckInReason,
    DateOnly? LastCheckInOn,
    int CheckInsHeld,
    DateOnly? LatestFamilyPlanOn,
    IReadOnlyList<OpenAgreement> OpenAgreements,
    CaseView.SteunkringView Steunkring,
    bool Closed,
    DateOnly? ClosedOn,
    string? CloseReason,
    long Version)
{
    public sealed record RolesView(string Casusregie, string? Procesregie);

    public sealed record SteunkringView(
        string? Procesbegeleider,
        IReadOnlyList<SteunkringMember> Members,
        int MeetingsHeld,
        CoreQuestionsAnswered? CoreQuestions);

    public static CaseView Of(Case c, int familyPlanCheckInDays)
    {
        var due = c.Schedule.NextDue(familyPlanCheckInDays);
        return new CaseView(
            c.Id, c.ClientReference, c.ClientName, c.Kind, c.TeamId, c.OpenedOn,
            new RolesView(c.Casusregie, c.Procesregie),
            c.Schedule.Moments, due?.DueOn, due?.Reason, c.Schedule.LastCheckInOn, c.Schedule.CheckInsHeld, c.Schedule.LatestFamilyPlanOn,
            c.OpenAgreements,
            new SteunkringView(c.Procesbegeleider, c.Members, c.SteunkringMeetingsHeld, c.CoreQuestions),
            c.Closed, c.ClosedOn, c.CloseReason, c.Version);
    }
}

/// <summary>The case as it is now: one query on its inline snapshot.</summary>
public static class GetCase
{
    public static void Map(RouteGroupBuilder cases) => cases
        .MapGet("/{id:guid}", (Guid id, IOptions<ReminderSettings> reminders, HttpContext http) =>
        {
            // Loaded (one query) and checked by the read access filter.
            var c = http.ReadableCase();
            http.Response.Headers.ETag = ETags.For(c.Version);
            return TypedResults.Ok(CaseView.Of(c, reminders.Value.FamilyPlanCheckInDays));
        })
        .WithName("GetCase")
        .WithSummary("The case now: client, roles, check-in moments and next due date, open agreements, steunkring")
        .Produces<CaseView>()
        .ProducesProblem(StatusCodes.Status404NotFound);
}
