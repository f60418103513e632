using Marten;
using SamenSterker.Access;
using SamenSterker.Platform;

namespace SamenSterker.AnswerLinks;

/// <summary>The professional takes a link back: it answers no more, and answers given through it are not taken in.</summary>
public static class WithdrawAnswerLink
{
    public static void Map(RouteGroupBuilder cases) => cases
        .MapDelete("/{id:guid}/answer-links/{linkId:guid}", async (Guid id, Guid linkId, HttpContext http, IDocumentSession session,
            TimeProvider time, CancellationToken ct) =>
        {
            if ((await CreateAnswerLink.CaseToRecord(session, http, id, ct)).Refused is { } refused) return refused;
            if (await session.LoadAsync<AnswerLink>(linkId, ct) is not { } link || link.CaseId != id)
                return Problems.NotFound($"This case has no answer link {linkId}.");
            if (link.UsedAt is not null)
                return Problems.Conflict("The check-in with these answers has been saved: the link is used.");
            if (link.WithdrawnAt is null)
            {
                link.WithdrawnAt = time.GetUtcNow();
                link.Answers = []; // answers given through a withdrawn link are not kept
                session.Store(link);
                await session.SaveChangesAsync(ct);
            }
            return TypedResults.NoContent();
        })
        .RequireAuthorization(Policies.WriteCases)
        .WithName("WithdrawAnswerLink")
        .WithSummary("Withdraw an answer link: it answers no more and what was given through it is dropped")
        .Produces(StatusCodes.Status204NoContent)
        .ProducesProblem(StatusCodes.Status403Forbidden)
        .ProducesProblem(StatusCodes.Status404NotFound)
        .ProducesProblem(StatusCodes.Status409Conflict);
}
