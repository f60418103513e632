using SamenSterker.Access;
using SamenSterker.Platform;

namespace SamenSterker.Cases;

/// <summary>Professional and client agree (new) check-in moments; the next due date follows from them.</summary>
public static class AgreeCheckInMoments
{
    public static Decision Decide(CheckInMomentsRequest request, Case c, DateOnly today) =>
        (request.FirstOn is { } firstOn ? CaseDates.CheckPlanned("firstOn", firstOn, c.OpenedOn, today) : null)
        ?? (request.IntervalMonths == c.Schedule.Moments.IntervalMonths
        && request.OnNewFamilyPlan == c.Schedule.Moments.OnNewFamilyPlan
        && request.FirstOn == c.Schedule.AgreedNextOn
            ? Decision.Nothing
            : Decision.Append(new CheckInMomentsAgreed(request.IntervalMonths, request.OnNewFamilyPlan, request.FirstOn)));

    public static void Map(RouteGroupBuilder cases) => cases
        .MapPut("/{id:guid}/check-in-moments", (Guid id, CheckInMomentsRequest body, CaseWriter writer, CancellationToken ct) =>
            writer.Write(id, CaseAction.AgreeCheckInMoments, c => Decide(body, c, writer.Today), version => new NewVersion(version), ct: ct))
        .Validate(new CheckInMomentsRequest.Validator())
        .WritesCase<NewVersion>()
        .RequireAuthorization(Policies.WriteCases)
        .WithName("AgreeCheckInMoments")
        .WithSummary("Change the agreed check-in moments (interval, on a new family plan, the date of the next one)");
}
