using System.Security.Claims;
using FluentValidation;
using Marten;
using SamenSterker.Access;
using SamenSterker.Cases;
using SamenSterker.Platform;

namespace SamenSterker.Praatplaat;

public sealed record StepReviewRequest
{
    public Guid ReflectionId { get; init; }
    public StepOutcome? Outcome { get; init; }
    public string? Note { get; init; }
}

public sealed record HoldReflectionRequest
{
    /// <summary>For <c>/api/me/praatplaat-reflections</c>: colleagues (the team's log) or alone (your own).</summary>
    public ReflectionSetting? Setting { get; init; }
    /// <summary>Defaults to today.</summary>
    public DateOnly? HeldOn { get; init; }
    /// <summary>The answers, by the number of the seed's question for this setting (1 = the first); any may stay empty.</summary>
    public IReadOnlyDictionary<int, string> Answers { get; init; } = new Dictionary<int, string>();
    /// <summary>The one concrete step for involving the people around the family.</summary>
    public string NextStep { get; init; } = null!;
    /// <summary>How the step of the reflection before went: required while there is one.</summary>
    public StepReviewRequest? PreviousStep { get; init; }
}

public sealed record ReflectionRecorded(Guid ReflectionId, long Version);

/// <summary>
/// A Praatplaat reflection (seed 002), with the young person or parents (in the case), with colleagues (the team's log)
/// or alone (one's own log). Each ends in one concrete step; the next reflection in the same place first says how that
/// step went.
/// </summary>
public static class HoldReflection
{
    /// <summary>The number of the seed's reflection questions per setting.</summary>
    public static int Questions(ReflectionSetting setting) => setting switch
    {
        ReflectionSetting.Family => 4,
        ReflectionSetting.Colleagues => 10,
        _ => 9,
    };

    public sealed class Validator : AbstractValidator<HoldReflectionRequest>
    {
        public Validator()
        {
            RuleFor(x => x.Setting).IsInEnum();
            RuleFor(x => x.NextStep).RequiredText(500).WithName("nextStep");
            RuleFor(x => x.Answers).NotNull().Must(a => a.Count <= 10)
                .WithMessage(_ => Say.In("At most one answer per question.", "Hoogstens één antwoord per vraag."));
            RuleForEach(x => x.Answers).ChildRules(a => a.RuleFor(x => x.Value).Text(2000).OverridePropertyName("answer"));
            RuleFor(x => x.PreviousStep!.Outcome).NotNull().IsInEnum().When(x => x.PreviousStep is not null)
                .OverridePropertyName("previousStep.outcome")
                .WithMessage(_ => Say.In("Say how the step went: taken, partly or not taken.", "Zeg hoe de stap ging: gezet, deels of niet gezet."));
            RuleFor(x => x.PreviousStep!.Note).Text(1000).When(x => x.PreviousStep is not null).OverridePropertyName("previousStep.note");
        }
    }

    /// <summary>The rules of every setting: the answers belong to its questions, the date has happened, the step before is
    /// looked back on (and it is that step).</summary>
    public static Decision? Check(HoldReflectionRequest request, ReflectionSetting setting, OpenStep? open)
    {
        var count = Questions(setting);
        if (request.Answers.Keys.FirstOrDefault(k => k < 1 || k > count) is var wrong and not 0)
            return Decision.Invalid("answers", Say.In($"Question {wrong} is not one of the {count} questions of this setting.",
                $"Vraag {wrong} hoort niet bij de {count} vragen hiervan."));
        if (open is not null && request.PreviousStep is null)
            return Decision.Invalid("previousStep", Say.In($"First say how the step of {open.On:yyyy-MM-dd} went: \"{open.Step}\".",
                $"Zeg eerst hoe de vorige stap ging: ‘{open.Step}’."));
        if (open is null && request.PreviousStep is not null)
            return Decision.Invalid("previousStep", Say.In("There is no step before to look back on.", "Er is geen vorige stap om op terug te kijken."));
        if (open is not null && request.PreviousStep!.ReflectionId != open.ReflectionId)
            return Decision.Invalid("previousStep.reflectionId", Say.In("That is not the step of the reflection before.", "Dat is niet de stap van de vorige keer."));
        return null;
    }

    private static IReadOnlyDictionary<int, string> Answered(HoldReflectionRequest request) =>
        request.Answers.Where(a => !string.IsNullOrWhiteSpace(a.Value)).OrderBy(a => a.Key).ToDictionary(a => a.Key, a => a.Value.Trim());

    private static StepReview? Review(HoldReflectionRequest request) => request.PreviousStep is { } p
        ? new StepReview(p.ReflectionId, p.Outcome!.Value, p.Note?.Trim() is { Length: > 0 } note ? note : null)
        : null;

    /// <summary>With the young person or the parents: a fact of the case, recorded by who records its check-ins.</summary>
    public static void MapForCase(RouteGroupBuilder cases) => cases
        .MapPost("/{id:guid}/praatplaat-reflections", (Guid id, HoldReflectionRequest body, CaseWriter writer, CancellationToken ct) =>
        {
            var reflectionId = Guid.CreateVersion7();
            return writer.Write(id, CaseAction.RecordCheckIn, c =>
            {
                var heldOn = body.HeldOn ?? writer.Today;
                return (body.Setting is not (null or ReflectionSetting.Family)
                        ? Decision.Invalid("setting", Say.In("A reflection in a case is with the family.", "Een reflectie bij een cliënt is met het gezin."))
                        : null)
                    ?? CaseDates.CheckHappened("heldOn", heldOn, c, writer.Today)
                    ?? Check(body, ReflectionSetting.Family, c.OpenNetworkStep)
                    ?? Decision.Append(new ReflectionWithFamilyHeld(reflectionId, heldOn, Answered(body), body.NextStep.Trim(), Review(body)));
            }, version => new ReflectionRecorded(reflectionId, version), StatusCodes.Status201Created, ct: ct);
        })
        .Validate(new Validator())
        .RequireAuthorization(Policies.WriteCases)
        .WithName("HoldReflectionWithFamily")
        .WithSummary("Praatplaat: a reflection with the young person or the parents, ending in one concrete step for involving their network")
        .WritesCase<ReflectionRecorded>(StatusCodes.Status201Created);

    /// <summary>With colleagues (the team's log, by the team in the token) or alone (one's own log).</summary>
    public static void MapForMe(RouteGroupBuilder me) => me
        .MapPost("/praatplaat-reflections", async (HoldReflectionRequest body, HttpContext http, IDocumentSession session, AmsterdamCalendar calendar,
            ILogger<ReflectionRecorded> logger, CancellationToken ct) =>
        {
            var setting = body.Setting ?? ReflectionSetting.Alone;
            if (setting == ReflectionSetting.Family)
                return Problems.Invalid("setting", Say.In("A reflection with the family is kept with the client's case.", "Een reflectie met het gezin hoort bij de cliënt."));
            var owner = OwnerOf(http.User, setting);
            if (owner is null)
                return Problems.Invalid("setting", Say.In("Your account belongs to no team.", "Je account hoort niet bij een team."));
            var heldOn = body.HeldOn ?? calendar.Today;
            if (heldOn > calendar.Today)
                return Problems.Invalid("heldOn", Say.In("'heldOn' cannot be in the future.", "De datum kan niet in de toekomst liggen."));

            var stream = await session.Events.FetchForWriting<ReflectionLog>(ReflectionLog.StreamOf(setting, owner), ct);
            if (Check(body, setting, stream.Aggregate?.Open) is { Rejection: { } rejection }) return rejection.ToProblem();
            var reflectionId = Guid.CreateVersion7();
            var fact = new ReflectionHeld(reflectionId, heldOn, setting, Answered(body), body.NextStep.Trim(), Review(body));
            if (await OwnStreams.Append(session, http, stream, fact, logger, ct) is { } conflict) return conflict;
            return TypedResults.Json(new ReflectionRecorded(reflectionId, (stream.StartingVersion ?? 0) + 1), statusCode: StatusCodes.Status201Created);
        })
        .Validate(new Validator())
        .WithName("HoldReflection")
        .WithSummary("Praatplaat: a reflection with colleagues (your team's log) or alone (your own), ending in one concrete step")
        .Produces<ReflectionRecorded>(StatusCodes.Status201Created)
        .ProducesProblem(StatusCodes.Status409Conflict);

    /// <summary>Whose log a reflection goes in: the team in the token, or the user.</summary>
    public static string? OwnerOf(ClaimsPrincipal user, ReflectionSetting setting) =>
        setting == ReflectionSetting.Colleagues ? user.FindFirstValue("team") is { Length: > 0 } team ? team : null : user.UserId();
}
