using Marten;
using SamenSterker.Access;
using SamenSterker.Cases;
using SamenSterker.CheckIns;

namespace SamenSterker.AnswerLinks;

/// <summary>One link as the professional's screen follows it. <see cref="Answers"/> only once answered, and only for someone
/// who may record the check-in (the page shows them when the sides are put next to each other).</summary>
public sealed record AnswerLinkView(Guid LinkId, string RespondentId, Guid PersonId, string Name, RespondentRole Role, ScoreForm Form,
    AnswerLinkState State, DateTimeOffset ExpiresAt, DateTimeOffset? AnsweredAt, IReadOnlyList<LinkAnswer>? Answers);

/// <summary>Who of this check-in has answered by link: the professional's screen asks every few seconds.</summary>
public static class AnswerLinksOfCheckIn
{
    public static void Map(RouteGroupBuilder cases) => cases
        .MapGet("/{id:guid}/answer-links", async (Guid id, Guid checkInId, HttpContext http, IQuerySession session, TimeProvider time,
            CancellationToken ct) =>
        {
            var c = http.ReadableCase();
            var mayRecord = Policies.May(http.User, c, CaseAction.RecordCheckIn);
            var now = time.GetUtcNow();
            var links = await session.Query<AnswerLink>().Where(l => l.CaseId == id && l.CheckInId == checkInId).ToListAsync(ct);
            return TypedResults.Ok(links.OrderBy(l => l.CreatedAt).Select(l =>
            {
                var state = l.StateAt(now);
                return new AnswerLinkView(l.Id, l.RespondentId, l.PersonId, l.Name, l.Role, l.Form, state, l.ExpiresAt, l.AnsweredAt,
                    mayRecord && state is AnswerLinkState.Answered or AnswerLinkState.Used ? l.Answers : null);
            }).ToList());
        })
        .WithName("AnswerLinksOfCheckIn")
        .WithSummary("The answer links of a check-in being held: whose, answered (with the answers), withdrawn or expired")
        .Produces<List<AnswerLinkView>>()
        .ProducesProblem(StatusCodes.Status404NotFound);
}
