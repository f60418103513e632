using Marten;
using SamenSterker.Access;
using SamenSterker.AnswerLinks;
using SamenSterker.Cases;
using SamenSterker.Platform;

namespace SamenSterker.SummaryLinks;

/// <summary>
/// The professional gives the family the summary of a saved check-in on their own phone: a link and its QR code. Who may
/// record the case's check-ins may share one (as with answer links); sharing again gives a new link, the old one keeps
/// working until it expires or is withdrawn.
/// </summary>
public static class ShareSummary
{
    public static void Map(RouteGroupBuilder cases)
    {
        cases.MapPost("/{id:guid}/check-ins/{checkInId:guid}/summary-links", async (Guid id, Guid checkInId, HttpContext http,
                IDocumentSession session, TimeProvider time, CancellationToken ct) =>
            {
                var (c, refused) = await CreateAnswerLink.CaseToRecord(session, http, id, ct);
                if (refused is not null) return refused;
                if (!c!.CheckInFingerprints.ContainsKey(checkInId))
                    return Problems.NotFound($"This case has no saved check-in {checkInId}.");
                var secret = LinkSecret.New();
                var now = time.GetUtcNow();
                var link = new SummaryLink
                {
                    Id = Guid.CreateVersion7(), TokenHash = LinkSecret.HashOf(secret), CaseId = id, TeamId = c.TeamId, CheckInId = checkInId,
                    CreatedBy = http.User.UserId(), CreatedAt = now, ExpiresAt = now + SummaryLink.Lifetime,
                };
                session.Store(link);
                session.DeleteWhere<SummaryLink>(l => l.CaseId == id && l.ExpiresAt < now); // expired ones are of no use to anyone
                await session.SaveChangesAsync(ct);
                var url = $"{http.Request.Scheme}://{http.Request.Host}/s/{secret}";
                return TypedResults.Json(new SummaryLinkCreated(link.Id, url, link.ExpiresAt, LinkSecret.QrSvg(url)), statusCode: StatusCodes.Status201Created);
            })
            .RequireAuthorization(Policies.WriteCases)
            .WithName("ShareSummary")
            .WithSummary("A link (and QR code) to a saved check-in's summary for the family's own phone: read only, two weeks, can be withdrawn")
            .Produces<SummaryLinkCreated>(StatusCodes.Status201Created)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);

        cases.MapDelete("/{id:guid}/summary-links/{linkId:guid}", async (Guid id, Guid linkId, HttpContext http, IDocumentSession session,
                TimeProvider time, CancellationToken ct) =>
            {
                if ((await CreateAnswerLink.CaseToRecord(session, http, id, ct)).Refused is { } refused) return refused;
                if (await session.LoadAsync<SummaryLink>(linkId, ct) is not { } link || link.CaseId != id)
                    return Problems.NotFound($"This case has no summary link {linkId}.");
                if (link.WithdrawnAt is null)
                {
                    link.WithdrawnAt = time.GetUtcNow();
                    session.Store(link);
                    await session.SaveChangesAsync(ct);
                }
                return TypedResults.NoContent();
            })
            .RequireAuthorization(Policies.WriteCases)
            .WithName("WithdrawSummaryLink")
            .WithSummary("Withdraw a summary link: it shows nothing any more")
            .Produces(StatusCodes.Status204NoContent)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);
    }
}

public static class SummaryLinksSetup
{
    public static WebApplicationBuilder AddSummaryLinks(this WebApplicationBuilder builder)
    {
        builder.Services.ConfigureMarten(opts => opts.Schema.For<SummaryLink>()
            .Duplicate(x => x.TokenHash, configure: index => index.IsUnique = true)
            .Duplicate(x => x.CaseId));
        builder.Services.AddSingleton<Privacy.IErasureStep, ForgetSummaryLinksOnErasure>();
        return builder;
    }

    public static WebApplication MapSummaryLinks(this WebApplication app)
    {
        ShareSummary.Map(app.CaseRoutes("Summary links"));
        return app;
    }
}
