using FluentValidation;
using Marten;
using Microsoft.Extensions.Options;
using SamenSterker.Access;
using SamenSterker.Cases;
using SamenSterker.CheckIns;
using SamenSterker.Platform;
using SamenSterker.Reminders;
using System.Security.Claims;

namespace SamenSterker.AnswerLinks;

public sealed record CreateAnswerLinkRequest
{
    /// <summary>The check-in being held (the id the professional's page will save it with).</summary>
    public Guid CheckInId { get; init; }

    /// <summary>The person's key in that check-in (<c>respondents[].respondentId</c>).</summary>
    public string RespondentId { get; init; } = null!;

    /// <summary>A client-side person of the case; without it, a new person called <see cref="Name"/>.</summary>
    public Guid? PersonId { get; init; }
    public string? Name { get; init; }
    public RespondentRole? Role { get; init; }
    public ScoreForm? Form { get; init; }

    /// <summary>How long the link can be used; the default is two hours, at most 48 (sent the day before).</summary>
    public int? ValidForMinutes { get; init; }

    /// <summary>An e-mail address to send the link to (the day before the meeting). Used to send it, never kept.</summary>
    public string? SendTo { get; init; }
}

/// <summary>The link as the professional shows it: the URL (its secret is in it, this once) and the same as a QR code;
/// <see cref="Emailed"/> says whether the e-mail asked for went out (null when none was asked for).</summary>
public sealed record AnswerLinkCreated(Guid LinkId, string Url, DateTimeOffset ExpiresAt, string QrSvg, bool? Emailed = null);

/// <summary>
/// A link for one client-side person to answer the check-in on their own phone. Only someone who may record the case's
/// check-in makes one, for a check-in not saved yet.
/// </summary>
public static class CreateAnswerLink
{
    /// <summary>At most this many links for one check-in (the respondents of a check-in are at most 12 too).</summary>
    public const int MaxPerCheckIn = 12;

    public sealed class Validator : AbstractValidator<CreateAnswerLinkRequest>
    {
        public Validator()
        {
            RuleFor(x => x.CheckInId).NotEmpty();
            RuleFor(x => x.RespondentId).RequiredText(Validation.IdLength);
            RuleFor(x => x.Name).RequiredText(Validation.ShortText).When(x => x.PersonId is null);
            RuleFor(x => x.Name).Text(Validation.ShortText);
            RuleFor(x => x.Role).IsInEnum().NotEqual(RespondentRole.Professional)
                .WithMessage(_ => Say.In("A link is for a client-side person.", "Een link is voor iemand van de kant van de cliënt."));
            RuleFor(x => x.Form).IsInEnum();
            RuleFor(x => x.ValidForMinutes).InclusiveBetween(5, 48 * 60);
            RuleFor(x => x.SendTo).Text(Validation.ShortText).EmailAddress().When(x => x.SendTo is not null)
                .WithMessage(_ => Say.In("This is not an e-mail address.", "Dit is geen e-mailadres."));
        }
    }

    public static void Map(RouteGroupBuilder cases) => cases
        .MapPost("/{id:guid}/answer-links", async (Guid id, CreateAnswerLinkRequest body, HttpContext http, IDocumentSession session,
            TimeProvider time, IOptions<AnswerLinkSettings> settings, IOptions<SmtpSettings> smtp, ILogger<AnswerLinkCreated> logger,
            CancellationToken ct) =>
        {
            var (c, refused) = await CaseToRecord(session, http, id, ct);
            if (refused is not null) return refused;
            if (c!.CheckInFingerprints.ContainsKey(body.CheckInId))
                return Problems.Conflict(Say.In("This check-in has been saved: its answers can no longer be given by link.",
                    "Deze check-in is al opgeslagen: er kan niet meer met een link op geantwoord worden."));
            var person = body.PersonId is { } pid ? c.People.FirstOrDefault(p => p.PersonId == pid) : null;
            if (body.PersonId is not null && person is null)
                return Problems.Invalid("personId", Say.In($"{body.PersonId} is not a person of this case.", "Deze persoon hoort niet bij deze casus."));

            var open = await session.Query<AnswerLink>().Where(l => l.CaseId == id && l.CheckInId == body.CheckInId).ToListAsync(ct);
            var now = time.GetUtcNow();
            if (open.Count(l => l.StateAt(now) is AnswerLinkState.Open or AnswerLinkState.Answered) >= MaxPerCheckIn)
                return Problems.Conflict($"A check-in has at most {MaxPerCheckIn} open links.");
            // A new link for the same person of this check-in replaces the one before (a phone lost, a link not arrived).
            foreach (var earlier in open.Where(l => l.RespondentId == body.RespondentId && l.StateAt(now) == AnswerLinkState.Open))
            {
                earlier.WithdrawnAt = now;
                session.Store(earlier);
            }

            var secret = LinkSecret.New();
            var lifetime = body.ValidForMinutes is { } minutes ? TimeSpan.FromMinutes(minutes) : settings.Value.Lifetime;
            var link = new AnswerLink
            {
                Id = Guid.CreateVersion7(),
                TokenHash = LinkSecret.HashOf(secret),
                CaseId = id,
                TeamId = c.TeamId,
                CheckInId = body.CheckInId,
                RespondentId = body.RespondentId,
                // A new person gets this id when the check-in is saved (RecordCheckIn names new people so).
                PersonId = person?.PersonId ?? NameBasedId.From($"person:{body.CheckInId:N}:{body.RespondentId}"),
                Name = body.Name?.Trim() is { Length: > 0 } name ? name : person?.Name ?? "",
                Role = body.Role ?? person?.Role ?? RespondentRole.Parent,
                Form = body.Form ?? person?.Form ?? (body.Role == RespondentRole.Child ? ScoreForm.Smiley : ScoreForm.Line),
                CreatedBy = http.User.UserId(),
                CreatedAt = now,
                ExpiresAt = now + (lifetime > settings.Value.MaxLifetime ? settings.Value.MaxLifetime : lifetime),
            };
            session.Store(link);
            // What waited too long for its check-in is cleared away (docs/privacy.md: how long anything of a link is kept).
            var cutoff = now - settings.Value.KeepAnswersFor;
            session.DeleteWhere<AnswerLink>(l => l.CaseId == id && l.ExpiresAt < cutoff);
            await session.SaveChangesAsync(ct);

            var url = $"{http.Request.Scheme}://{http.Request.Host}/a/{secret}";
            bool? emailed = null;
            if (body.SendTo is { Length: > 0 } to)
            {
                // Sent now, from this request, not through the outbox: a queued message would keep the secret in a table.
                emailed = false;
                if (smtp.Value.Configured)
                    try
                    {
                        await Mailer.SendAsync(smtp.Value, LinkByEmail.Compose(smtp.Value, link, url, to, http.User.FindFirstValue("name")), ct);
                        link.EmailedAt = time.GetUtcNow();
                        session.Store(link);
                        await session.SaveChangesAsync(ct);
                        emailed = true;
                    }
                    catch (Exception e) when (e is not OperationCanceledException && !MartenLogging.IsExpectedConflict(e))
                    {
                        logger.LogWarning("The answer link {LinkId} could not be e-mailed: {Reason}", link.Id, e.GetType().Name);
                    }
                else logger.LogInformation("The answer link {LinkId} was not e-mailed: no SMTP server is configured", link.Id);
            }
            return TypedResults.Json(new AnswerLinkCreated(link.Id, url, link.ExpiresAt, LinkSecret.QrSvg(url), emailed), statusCode: StatusCodes.Status201Created);
        })
        .Validate(new Validator())
        .RequireAuthorization(Policies.WriteCases)
        .WithName("CreateAnswerLink")
        .WithSummary("A link (and QR code) for one client-side person to answer this check-in on their own phone: single use, expires, can be withdrawn")
        .Produces<AnswerLinkCreated>(StatusCodes.Status201Created)
        .ProducesProblem(StatusCodes.Status403Forbidden)
        .ProducesProblem(StatusCodes.Status404NotFound)
        .ProducesProblem(StatusCodes.Status409Conflict);

    /// <summary>The case, when this user may record its check-in (links are part of recording it), or the refusal: 404 for a
    /// case not there or another team's, 403 with why, 409 for a closed case — as the write path answers.</summary>
    public static async Task<(Case? Case, IResult? Refused)> CaseToRecord(IQuerySession session, HttpContext http, Guid id, CancellationToken ct)
    {
        if (await session.LoadAsync<Case>(id, ct) is not { } c) return (null, Problems.CaseNotFound(id));
        var access = Policies.DecideChange(http.User, c, CaseAction.RecordCheckIn);
        return access.Outcome == AccessOutcome.Allowed ? (c, null) : (null, Policies.Answer(access, id));
    }
}
