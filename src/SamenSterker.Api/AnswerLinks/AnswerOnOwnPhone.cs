using FluentValidation;
using Marten;
using SamenSterker.Audit;
using SamenSterker.CheckIns;
using SamenSterker.Platform;

namespace SamenSterker.AnswerLinks;

public sealed record OwnPhoneAnswers
{
    public IReadOnlyList<OwnPhoneAnswer> Answers { get; init; } = [];
}

public sealed record OwnPhoneAnswer
{
    public Question Question { get; init; }
    /// <summary>A mark on the line, 0.0–10.0 with one decimal (a person on the line).</summary>
    public double? Value { get; init; }
    /// <summary>The face picked, 1–5 (a person on faces).</summary>
    public int? Smiley { get; init; }
    public string? MostSatisfied { get; init; }
    public string? LeastSatisfied { get; init; }
}

/// <summary>
/// The person answers on their own phone: no account, the link's secret is the key to this one thing. Whatever is wrong
/// with a link — unknown, used, expired, withdrawn — the answer says so in words and tells nothing about a case.
/// </summary>
public static class AnswerOnOwnPhone
{
    public const string RateLimit = "answer-links";

    public sealed class Validator : AbstractValidator<OwnPhoneAnswers>
    {
        public Validator()
        {
            RuleFor(x => x.Answers).NotNull().Must(a => a.Count == 5 && a.Select(x => x.Question).Distinct().Count() == 5)
                .WithMessage(_ => Say.In("Answer each of the five questions once.", "Beantwoord elk van de vijf vragen één keer."));
            RuleForEach(x => x.Answers).ChildRules(a =>
            {
                a.RuleFor(x => x.Question).IsInEnum();
                a.RuleFor(x => x.Value).InclusiveBetween(0.0, 10.0);
                a.RuleFor(x => x.Smiley).InclusiveBetween(1, 5);
                a.RuleFor(x => x.MostSatisfied).Text(1000);
                a.RuleFor(x => x.LeastSatisfied).Text(1000);
            });
        }
    }

    /// <summary>The link behind a secret, or null (a string that cannot be a secret is not looked up).</summary>
    public static async Task<AnswerLink?> Find(IQuerySession session, string? secret, CancellationToken ct)
    {
        if (!LinkSecret.CouldBe(secret)) return null;
        var hash = LinkSecret.HashOf(secret!);
        return await session.Query<AnswerLink>().Where(l => l.TokenHash == hash).FirstOrDefaultAsync(ct);
    }

    /// <summary>Why a link takes no answers (in the caller's language), or null when it does.</summary>
    public static (int Status, string Why)? Refusal(AnswerLink? link, DateTimeOffset now) => link?.StateAt(now) switch
    {
        null => (StatusCodes.Status404NotFound, Say.In("This link does not work. Ask the professional for a new one.",
            "Deze link werkt niet. Vraag de hulpverlener om een nieuwe.")),
        AnswerLinkState.Expired => (StatusCodes.Status410Gone, Say.In("This link has expired. Ask the professional for a new one.",
            "Deze link is verlopen. Vraag de hulpverlener om een nieuwe.")),
        AnswerLinkState.Withdrawn => (StatusCodes.Status410Gone, Say.In("This link was withdrawn. Ask the professional for a new one.",
            "Deze link is ingetrokken. Vraag de hulpverlener om een nieuwe.")),
        AnswerLinkState.Answered or AnswerLinkState.Used => (StatusCodes.Status409Conflict, Say.In("Your answers have been sent already. Thank you!",
            "Je antwoorden zijn al verstuurd. Dank je wel!")),
        _ => null,
    };

    public static void Map(IEndpointRouteBuilder app) => app
        .MapPost("/api/answer-links/{secret}/answers", async (string secret, OwnPhoneAnswers body, HttpContext http, IDocumentSession session,
            TimeProvider time, CancellationToken ct) =>
        {
            var link = await Find(session, secret, ct);
            if (link is not null) http.AttributeAccessTo($"person:{link.PersonId}", link.CaseId, link.TeamId);
            var now = time.GetUtcNow();
            if (Refusal(link, now) is { } refused) return Problems.Problem(refused.Status, refused.Status switch
            {
                StatusCodes.Status404NotFound => "Unknown link",
                StatusCodes.Status410Gone => "The link no longer works",
                _ => "Already answered",
            }, refused.Why);

            var errors = new Dictionary<string, string[]>();
            for (var i = 0; i < body.Answers.Count; i++)
            {
                var a = body.Answers[i];
                if (link!.Form == ScoreForm.Smiley && a.Smiley is null)
                    errors[$"answers[{i}].smiley"] = [Say.In("Pick a face.", "Kies een gezichtje.")];
                if (link.Form == ScoreForm.Line && a.Value is null)
                    errors[$"answers[{i}].value"] = [Say.In("Tap the line to give your answer.", "Tik op de lijn om je antwoord te geven.")];
                if (link.Form == ScoreForm.Line && a.Value is { } v && !RecordCheckIn.IsOnTheLine(v))
                    errors[$"answers[{i}].value"] = [Say.In("At most one decimal.", "Hoogstens één cijfer achter de komma.")];
            }
            if (errors.Count > 0) return Problems.Invalid(errors);

            link!.Answers = body.Answers.OrderBy(a => a.Question).Select(a => new LinkAnswer(a.Question,
                link.Form == ScoreForm.Line ? a.Value : null, link.Form == ScoreForm.Smiley ? a.Smiley : null,
                Trimmed(a.MostSatisfied), Trimmed(a.LeastSatisfied))).ToList();
            link.AnsweredAt = now;
            session.Store(link);
            try
            {
                await session.SaveChangesAsync(ct);
            }
            catch (Exception e) when (MartenLogging.IsExpectedConflict(e))
            {
                // Sent twice at once (a double tap): the first one counts.
                return Problems.Conflict(Say.In("Your answers have been sent already. Thank you!", "Je antwoorden zijn al verstuurd. Dank je wel!"));
            }
            return TypedResults.NoContent();
        })
        .Validate(new Validator())
        .AllowAnonymous()
        .RequireRateLimiting(RateLimit)
        .WithTags("Answer links")
        .WithName("AnswerOnOwnPhone")
        .WithSummary("A client-side person's answers to the five questions, sent from their own phone through their link (no account)")
        .Produces(StatusCodes.Status204NoContent)
        .ProducesProblem(StatusCodes.Status404NotFound)
        .ProducesProblem(StatusCodes.Status409Conflict)
        .ProducesProblem(StatusCodes.Status410Gone)
        .ProducesProblem(StatusCodes.Status429TooManyRequests);

    private static string? Trimmed(string? text) => text?.Trim() is { Length: > 0 } t ? t : null;
}
