using FluentValidation;
using Marten;
using SamenSterker.Access;
using SamenSterker.Platform;

namespace SamenSterker.Alliance;

/// <summary>
/// Werkalliantie-monitor, step 3 (seed 003): the team's feedback on the experience — what the dialogues with clients
/// taught, by the seed's questions (by number). Kept in the team's own stream, not in a case.
/// </summary>
public sealed record AllianceTeamReflectionHeld(Guid ReflectionId, DateOnly HeldOn, IReadOnlyDictionary<int, string> Answers);

public sealed class AllianceTeamLog
{
    public Guid Id { get; set; }
    public int Held { get; set; }

    public void Apply(AllianceTeamReflectionHeld e) => Held++;

    public static Guid StreamOf(string team) => NameBasedId.From($"werkalliantie:team:{team}");
}

public sealed record AllianceTeamReflectionRequest
{
    public DateOnly? HeldOn { get; init; }
    public IReadOnlyDictionary<int, string> Answers { get; init; } = new Dictionary<int, string>();
}

public sealed record AllianceTeamReflectionRecorded(Guid ReflectionId);

public sealed record AllianceTeamReflectionView(Guid ReflectionId, DateOnly HeldOn, IReadOnlyDictionary<int, string> Answers, string? RecordedBy);

public static class TeamReflection
{
    /// <summary>The seed's step 3 has five questions.</summary>
    public const int Questions = 5;

    public sealed class Validator : AbstractValidator<AllianceTeamReflectionRequest>
    {
        public Validator()
        {
            RuleFor(x => x.Answers).NotNull()
                .Must(a => a.Keys.All(k => k is >= 1 and <= Questions))
                .WithMessage(_ => Say.In($"The questions are numbered 1 to {Questions}.", $"De vragen zijn genummerd van 1 tot {Questions}."))
                .Must(a => a.Values.Any(v => !string.IsNullOrWhiteSpace(v)))
                .WithMessage(_ => Say.In("Answer at least one question.", "Beantwoord minstens één vraag."));
            RuleForEach(x => x.Answers).ChildRules(a => a.RuleFor(x => x.Value).Text(2000).OverridePropertyName("answer"));
        }
    }

    public static void Map(RouteGroupBuilder me)
    {
        me.MapPost("/alliance-reflections", async (AllianceTeamReflectionRequest body, HttpContext http, IDocumentSession session,
                AmsterdamCalendar calendar, ILogger<AllianceTeamLog> logger, CancellationToken ct) =>
            {
                if (http.User.Team() is not { } team)
                    return Problems.Invalid("team", Say.In("Your account belongs to no team.", "Je account hoort niet bij een team."));
                var heldOn = body.HeldOn ?? calendar.Today;
                if (heldOn > calendar.Today)
                    return Problems.Invalid("heldOn", Say.In("'heldOn' cannot be in the future.", "De datum kan niet in de toekomst liggen."));
                var stream = await session.Events.FetchForWriting<AllianceTeamLog>(AllianceTeamLog.StreamOf(team), ct);
                var reflectionId = Guid.CreateVersion7();
                var fact = new AllianceTeamReflectionHeld(reflectionId, heldOn,
                    body.Answers.Where(a => !string.IsNullOrWhiteSpace(a.Value)).OrderBy(a => a.Key).ToDictionary(a => a.Key, a => a.Value.Trim()));
                if (await OwnStreams.Append(session, http, stream, fact, logger, ct) is { } conflict) return conflict;
                return TypedResults.Json(new AllianceTeamReflectionRecorded(reflectionId), statusCode: StatusCodes.Status201Created);
            })
            .Validate(new Validator())
            .WithName("HoldAllianceTeamReflection")
            .WithSummary("Werkalliantie-monitor step 3: the team's feedback on the dialogues with clients (your team's log)")
            .Produces<AllianceTeamReflectionRecorded>(StatusCodes.Status201Created)
            .ProducesProblem(StatusCodes.Status409Conflict);

        me.MapGet("/alliance-reflections", async (HttpContext http, IQuerySession session, CancellationToken ct) =>
                http.User.Team() is { } team
                    ? Results.Ok(await Of(session, team, ct))
                    : Problems.Invalid("team", Say.In("Your account belongs to no team.", "Je account hoort niet bij een team.")))
            .WithName("AllianceTeamReflections")
            .WithSummary("Werkalliantie-monitor step 3: your team's reflections, latest first")
            .Produces<List<AllianceTeamReflectionView>>()
            .ProducesValidationProblem();
    }

    public static async Task<List<AllianceTeamReflectionView>> Of(IQuerySession session, string team, CancellationToken ct)
    {
        var events = await session.Events.FetchStreamAsync(AllianceTeamLog.StreamOf(team), token: ct);
        return events.Where(e => e.Data is AllianceTeamReflectionHeld).Reverse()
            .Select(e => (Held: (AllianceTeamReflectionHeld)e.Data, e.UserName))
            .Select(x => new AllianceTeamReflectionView(x.Held.ReflectionId, x.Held.HeldOn, x.Held.Answers, x.UserName)).ToList();
    }
}
