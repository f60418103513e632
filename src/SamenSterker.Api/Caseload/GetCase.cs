using Marten;
using Microsoft.Extensions.Options;
using SamenSterker.Cases;
using SamenSterker.CheckIns;
using SamenSterker.Platform;
using SamenSterker.Steunkring;

namespace SamenSterker.Caseload;

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
    long Version,
    IReadOnlyList<CheckInPerson> People)
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
            c.Closed, c.ClosedOn, c.CloseReason, c.Version, c.People);
    }
}

/// <summary>The case as it is now: one query on its inline snapshot.</summary>
public static class GetCase
{
    public static void Map(RouteGroupBuilder cases) => cases
        .MapGet("/{id:guid}", async (Guid id, long? version, DateTimeOffset? asOf, IOptions<CheckInScheduleSettings> reminders, HttpContext http,
            IQuerySession session, CancellationToken ct) =>
        {
            // Loaded (one query) and checked by the read access filter.
            var c = http.ReadableCase();
            if (version is null && asOf is null)
            {
                http.Response.Headers.ETag = ETags.For(c.Version);
                return TypedResults.Ok(CaseView.Of(c, reminders.Value.FamilyPlanCheckInDays));
            }

            // The case as it stood then (no ETag: it is not a version one can write against).
            if (PointInTime.Problem(version, asOf) is { } invalid) return invalid;
            var (then, notFound) = await PointInTime.Load<Case>(session, id, c.Version, version, asOf, ct);
            return notFound ?? TypedResults.Ok(CaseView.Of(then!, reminders.Value.FamilyPlanCheckInDays));
        })
        .WithName("GetCase")
        .WithSummary("The case now (or as it stood at ?version=n or ?asOf=time): client, roles, check-in moments and next due date, open agreements, steunkring")
        .Produces<CaseView>()
        .AddOpenApiOperationTransformer((operation, _, _) =>
        {
            if (operation.Responses?["200"] is Microsoft.OpenApi.OpenApiResponse ok)
            {
                ok.Headers ??= new Dictionary<string, Microsoft.OpenApi.IOpenApiHeader>();
                ok.Headers["ETag"] = new Microsoft.OpenApi.OpenApiHeader
                {
                    Description = "The case's version (\"7\"), for If-Match; only for the case now, not with ?version or ?asOf.",
                    Schema = new Microsoft.OpenApi.OpenApiSchema { Type = Microsoft.OpenApi.JsonSchemaType.String },
                };
            }
            return Task.CompletedTask;
        })
        .ProducesProblem(StatusCodes.Status404NotFound);
}
