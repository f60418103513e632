using System.Security.Cryptography;
using System.Text.Json;
using FluentValidation;
using Marten;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;
using SamenSterker.Access;
using SamenSterker.Cases;
using SamenSterker.Platform;

namespace SamenSterker.CheckIns;

public sealed record RecordCheckInRequest
{
    /// <summary>Client-generated: a retry with the same id and body is answered as the first time.</summary>
    public Guid CheckInId { get; init; }
    public DateOnly? HeldOn { get; init; }
    /// <summary>The form used (line or smiley); a respondent's own form overrides it.</summary>
    public ScoreForm Form { get; init; } = ScoreForm.Line;
    public IReadOnlyList<RespondentRequest> Respondents { get; init; } = [];
    public IReadOnlyList<ScoreRequest> Scores { get; init; } = [];
    public IReadOnlyList<ReviewRequest> Reviews { get; init; } = [];
    public AgreementRequest? Agreement { get; init; }
}

public sealed record RespondentRequest
{
    /// <summary>This check-in's own key for the respondent, used by <see cref="ScoreRequest.RespondentId"/>.</summary>
    public string RespondentId { get; init; } = null!;
    public RespondentSide Side { get; init; }
    /// <summary>Required, except for a person of the case (<see cref="PersonId"/>): then their role, unless given.</summary>
    public RespondentRole? Role { get; init; }
    /// <summary>How the respondent is called in this family ("moeder", a child's first name); for a person of the case,
    /// their name unless given.</summary>
    public string? Label { get; init; }
    public ScoreForm? Form { get; init; }
    /// <summary>A client-side person of the case (GET the case: <c>people</c>) who answers again. Without it, a client-side
    /// respondent is a new person of the case, added once (the answer names their id).</summary>
    public Guid? PersonId { get; init; }
    /// <summary>For a new person: the respondent of the latest check-in, recorded before the case kept its people, whom
    /// this person is (their earlier scores join this person's line).</summary>
    public EarlierRespondent? Continues { get; init; }
    /// <summary>This person answered on their own phone through this link (POST …/answer-links): their scores and words are
    /// taken from it, not from <see cref="RecordCheckInRequest.Scores"/>.</summary>
    public Guid? AnswerLinkId { get; init; }
}

/// <summary>A respondent of an earlier check-in, by that check-in's id and its own key.</summary>
public sealed record EarlierRespondent
{
    public Guid CheckInId { get; init; }
    public string RespondentId { get; init; } = null!;
}

public sealed record ScoreRequest
{
    public string RespondentId { get; init; } = null!;
    public Question Question { get; init; }
    /// <summary>A mark on the line, 0.0–10.0 with one decimal (line form).</summary>
    public double? Value { get; init; }
    /// <summary>The face picked, 1–5 (smiley form).</summary>
    public int? Smiley { get; init; }
    public string? MostSatisfied { get; init; }
    public string? LeastSatisfied { get; init; }
}

public sealed record ReviewRequest
{
    public Guid AgreementId { get; init; }
    public AgreementOutcome Outcome { get; init; }
    public string? Note { get; init; }
}

public sealed record AgreementRequest
{
    public string What { get; init; } = null!;
    public string Who { get; init; } = null!;
    public DateOnly? ByWhen { get; init; }
    public string HowWeKnow { get; init; } = null!;
}

/// <summary>The answer: the check-in, the case's version after it, and the person of the case each client-side respondent is.</summary>
public sealed record CheckInRecorded(Guid CheckInId, long Version, IReadOnlyList<PersonTookPart> People);

public sealed record PersonTookPart(string RespondentId, Guid PersonId);

/// <summary>
/// Record one whole check-in conversation: the review of every open agreement, every respondent's
/// score on the five questions (client side first), and one new SMART agreement — appended in one
/// transaction, in the order the conversation went.
/// </summary>
public static class RecordCheckIn
{
    public const int MaxRespondents = 12;

    /// <summary>People of one case who take part in its check-ins, over its whole life.</summary>
    public const int MaxPeople = 40;

    public sealed class Validator : AbstractValidator<RecordCheckInRequest>
    {
        public Validator()
        {
            RuleFor(x => x.CheckInId).NotEmpty();
            RuleFor(x => x.HeldOn).RequiredDate();
            RuleFor(x => x.Form).IsInEnum();
            RuleFor(x => x.Respondents).NotNull().NotEmpty().Must(r => r.Count <= MaxRespondents)
                .WithMessage($"At most {MaxRespondents} respondents.");
            RuleForEach(x => x.Respondents).NotNull().ChildRules(r =>
            {
                r.RuleFor(x => x.RespondentId).NotEmpty().MaximumLength(40);
                r.RuleFor(x => x.Side).IsInEnum();
                r.RuleFor(x => x.Role).NotNull().When(x => x.PersonId is null).IsInEnum();
                r.RuleFor(x => x.PersonId).Null().When(x => x.Side == RespondentSide.Professional)
                    .WithMessage(_ => Say.In("The professional is no person of the case's client side.", "De professional is geen persoon van de kant van de cliënt."));
                r.RuleFor(x => x.Continues).Null().When(x => x.PersonId is not null || x.Side == RespondentSide.Professional)
                    .WithMessage(_ => Say.In("'continues' is for a new client-side person.", "Dezelfde persoon als eerder kies je alleen voor een nieuwe persoon van de kant van de cliënt."));
                r.RuleFor(x => x.Continues!).ChildRules(c =>
                {
                    c.RuleFor(x => x.CheckInId).NotEmpty();
                    c.RuleFor(x => x.RespondentId).NotEmpty().MaximumLength(40);
                }).When(x => x.Continues is not null);
                r.RuleFor(x => x.Label).Text(100);
                r.RuleFor(x => x.Form).IsInEnum();
            });
            RuleFor(x => x.Scores).NotNull().NotEmpty().Must(s => s.Count <= MaxRespondents * 5)
                .WithMessage(_ => Say.In("Too many scores.", "Te veel scores."));
            RuleForEach(x => x.Scores).NotNull().ChildRules(s =>
            {
                s.RuleFor(x => x.RespondentId).NotEmpty().MaximumLength(40);
                s.RuleFor(x => x.Question).IsInEnum();
                s.RuleFor(x => x.Value).InclusiveBetween(0.0, 10.0);
                s.RuleFor(x => x.Smiley).InclusiveBetween(1, 5);
                s.RuleFor(x => x.MostSatisfied).Text();
                s.RuleFor(x => x.LeastSatisfied).Text();
            });
            RuleFor(x => x.Reviews).NotNull();
            RuleForEach(x => x.Reviews).NotNull().ChildRules(r =>
            {
                r.RuleFor(x => x.AgreementId).NotEmpty();
                r.RuleFor(x => x.Outcome).IsInEnum();
                r.RuleFor(x => x.Note).Text();
            });
            RuleFor(x => x.Agreement).NotNull().WithMessage(_ => Say.In("Every check-in ends with one new SMART agreement.", "Elke check-in eindigt met één nieuwe afspraak."));
            RuleFor(x => x.Agreement!).ChildRules(a =>
            {
                a.RuleFor(x => x.What).RequiredText(1000);
                a.RuleFor(x => x.Who).RequiredText(Validation.ShortText);
                a.RuleFor(x => x.ByWhen).RequiredDate();
                a.RuleFor(x => x.HowWeKnow).RequiredText(1000);
            }).When(x => x.Agreement is not null);
        }
    }

    /// <summary>The rules of a check-in against the case. Pure: no I/O, no clock but <paramref name="today"/>.</summary>
    /// <param name="tookPart">Filled with the person of the case each client-side respondent is (for the answer).</param>
    public static Decision Decide(RecordCheckInRequest request, Case c, DateOnly today, string fingerprint, Guid newAgreementId,
        List<PersonTookPart>? tookPart = null)
    {
        if (c.CheckInFingerprints.TryGetValue(request.CheckInId, out var earlier))
        {
            // A retry of the latest check-in names its people as the first answer did (an older one: not kept, none named).
            if (c.LastCheckInId == request.CheckInId)
                tookPart?.AddRange(c.LastRespondents.Where(r => r.PersonId is not null).Select(r => new PersonTookPart(r.RespondentId, r.PersonId!.Value)));
            return earlier == fingerprint
                ? Decision.Replay
                : Decision.Conflict($"Check-in {request.CheckInId} was already recorded with different content; use a new checkInId for a new check-in.");
        }

        var errors = new FieldErrors();
        var heldOn = request.HeldOn!.Value;
        errors.Add("heldOn", CaseDates.WhyNotHappened("heldOn", heldOn, c.OpenedOn, today));

        var (respondents, _) = CheckRespondents(request, c, heldOn, errors);
        tookPart?.AddRange(respondents.Values.Where(r => r.PersonId is not null).Select(r => new PersonTookPart(r.RespondentId, r.PersonId!.Value)));
        CheckScores(request, respondents, errors);

        var agreement = request.Agreement!;
        errors.Add("agreement.byWhen", CaseDates.WhyNotAfter("agreement.byWhen", agreement.ByWhen!.Value, heldOn, "heldOn", today));

        var open = c.OpenAgreements.ToDictionary(a => a.AgreementId);
        var reviewed = new HashSet<Guid>();
        for (var i = 0; i < request.Reviews.Count; i++)
        {
            var id = request.Reviews[i].AgreementId;
            if (!open.ContainsKey(id)) errors.Add($"reviews[{i}].agreementId", $"{id} is not an open agreement of this case.");
            else if (!reviewed.Add(id)) errors.Add($"reviews[{i}].agreementId", $"{id} is reviewed twice.");
        }

        if (errors.Any) return Decision.Invalid(errors);

        var unreviewed = c.OpenAgreements.Where(a => !reviewed.Contains(a.AgreementId)).ToList();
        if (unreviewed.Count > 0)
            return Decision.Conflict("Discuss the previous agreement first: every open agreement needs a review in this check-in. Not reviewed: "
                + string.Join(", ", unreviewed.Select(a => a.AgreementId)) + ".");

        var events = new List<object>(2 + request.Reviews.Count + request.Scores.Count)
        {
            new CheckInHeld(request.CheckInId, heldOn, request.Form, respondents.Values.ToList(), fingerprint),
        };
        events.AddRange(request.Reviews.Select(r => new AgreementReviewed(r.AgreementId, request.CheckInId, r.Outcome, r.Note, heldOn)));
        events.AddRange(request.Scores.Select(s =>
        {
            var who = respondents[s.RespondentId];
            var value = who.Form == ScoreForm.Smiley ? SmileyOnLine(s.Smiley!.Value) : s.Value!.Value;
            return new ScoreGiven(request.CheckInId, who.RespondentId, who.Side, who.Role, s.Question, who.Form, value,
                s.Smiley, s.MostSatisfied, s.LeastSatisfied);
        }));
        events.Add(new AgreementMade(newAgreementId, request.CheckInId, agreement.What, agreement.Who, agreement.ByWhen!.Value,
            agreement.HowWeKnow, heldOn));
        return Decision.Append(events);
    }

    /// <summary>A mark on the line is recorded with one decimal at most.</summary>
    public static bool IsOnTheLine(double value) => Math.Abs(value * 10 - Math.Round(value * 10)) <= 1e-9;

    /// <summary>A smiley face's place on the 0–10 line: 1→0, 2→2.5, 3→5, 4→7.5, 5→10.</summary>
    public static double SmileyOnLine(int smiley) => (smiley - 1) * 2.5;

    private static (Dictionary<string, Respondent> Respondents, List<Respondent> NewPeople) CheckRespondents(
        RecordCheckInRequest request, Case c, DateOnly heldOn, FieldErrors errors)
    {
        var respondents = new Dictionary<string, Respondent>(StringComparer.Ordinal);
        var people = c.People.ToDictionary(p => p.PersonId);
        var newPeople = new List<Respondent>();
        var seenPeople = new HashSet<Guid>();
        for (var i = 0; i < request.Respondents.Count; i++)
        {
            var r = request.Respondents[i];
            CheckInPerson? person = null;
            if (r.PersonId is { } id && !people.TryGetValue(id, out person))
                errors.Add($"respondents[{i}].personId", Say.In($"{id} is not a person of this case.", $"{id} is geen persoon van deze casus."));
            // Without an id, a name that is exactly one person's (ignoring case) is that person; a name that is several
            // people's is refused (which one?); any other is a new person. Never a guess on how alike two names are.
            if (r.PersonId is null && r.Side == RespondentSide.Client && r.Label?.Trim() is { Length: > 0 } called)
            {
                var named = c.People.Where(p => string.Equals(p.Name?.Trim(), called, StringComparison.OrdinalIgnoreCase)).ToList();
                if (named.Count == 1) person = named[0];
                else if (named.Count > 1)
                    errors.Add($"respondents[{i}].personId", Say.In($"More than one person of this case is called '{called}': say which with 'personId'.",
                        $"Meer dan één persoon in deze casus heet {called}: kies wie het is."));
            }
            var role = r.Role ?? person?.Role ?? RespondentRole.Client;
            var roleFits = r.Side == RespondentSide.Professional
                ? role == RespondentRole.Professional
                : role != RespondentRole.Professional;
            if (!roleFits)
                errors.Add($"respondents[{i}].role", r.Side == RespondentSide.Professional
                    ? "The professional side has the role 'professional'."
                    : "A client-side respondent is a client, parent, child or other.");

            Guid? personId = null;
            if (r.Side == RespondentSide.Client)
            {
                personId = person?.PersonId ?? NameBasedId.From($"person:{request.CheckInId:N}:{r.RespondentId}");
                if (!seenPeople.Add(personId.Value))
                    errors.Add($"respondents[{i}].personId", Say.In("This person appears twice.", "Deze persoon staat er twee keer in."));
                if (person is null && r.PersonId is null)
                {
                    if (r.Label?.Trim() is { Length: > 0 } newName && newPeople.Any(p => string.Equals(p.Label?.Trim(), newName, StringComparison.OrdinalIgnoreCase)))
                        errors.Add($"respondents[{i}].label", Say.In($"Two new people are called '{newName}'.", $"Twee nieuwe personen heten {newName}: geef ze elk een eigen naam."));
                    if (r.Continues is { } earlier && (earlier.CheckInId != c.LastCheckInId || !c.LastRespondents.Any(x =>
                            x.Side == RespondentSide.Client && x.PersonId is null && x.RespondentId == earlier.RespondentId)))
                        errors.Add($"respondents[{i}].continues", Say.In(
                            "'continues' names a client-side respondent of the latest check-in, recorded before the case kept its people.",
                            "'continues' noemt iemand van de kant van de cliënt uit de laatste check-in van voor de casus haar personen bijhield."));
                }
            }
            var label = r.Label ?? person?.Name;
            var form = r.Form ?? person?.Form ?? request.Form;
            var respondent = new Respondent(r.RespondentId, r.Side, role, label, form, personId, r.Continues?.CheckInId, r.Continues?.RespondentId,
                OnOwnPhone: r.AnswerLinkId is not null ? true : null);
            if (personId is not null && person is null) newPeople.Add(respondent);
            if (!respondents.TryAdd(r.RespondentId, respondent))
                errors.Add($"respondents[{i}].respondentId", $"'{r.RespondentId}' appears twice.");
        }

        if (people.Count + newPeople.Count > MaxPeople)
            errors.Add("respondents", Say.In($"A case has at most {MaxPeople} people who take part in its check-ins.",
                $"Een casus heeft hoogstens {MaxPeople} personen die meedoen aan de check-ins."));
        var professionals = respondents.Values.Count(r => r.Side == RespondentSide.Professional);
        if (professionals != 1) errors.Add("respondents", "Exactly one respondent is the professional.");
        if (respondents.Values.All(r => r.Side != RespondentSide.Client))
            errors.Add("respondents", "At least one respondent is on the client side.");
        return (respondents, newPeople);
    }

    private static void CheckScores(RecordCheckInRequest request, Dictionary<string, Respondent> respondents, FieldErrors errors)
    {
        var given = new HashSet<(string, Question)>();
        var professionalScored = new HashSet<Question>();
        for (var i = 0; i < request.Scores.Count; i++)
        {
            var s = request.Scores[i];
            if (!respondents.TryGetValue(s.RespondentId, out var who))
            {
                errors.Add($"scores[{i}].respondentId", $"'{s.RespondentId}' is not one of the respondents.");
                continue;
            }
            if (!given.Add((s.RespondentId, s.Question)))
                errors.Add($"scores[{i}]", $"'{s.RespondentId}' already scored '{Words.Of(s.Question)}'.");

            if (who.Form == ScoreForm.Smiley)
            {
                if (s.Smiley is null) errors.Add($"scores[{i}].smiley", "A smiley-form score needs 'smiley' (1–5).");
                if (s.Value is not null) errors.Add($"scores[{i}].value", "A smiley-form score has 'smiley', not 'value'.");
            }
            else
            {
                if (s.Value is not { } v) errors.Add($"scores[{i}].value", "A line-form score needs 'value' (0.0–10.0).");
                else if (!IsOnTheLine(v)) errors.Add($"scores[{i}].value", "'value' has at most one decimal.");
                if (s.Smiley is not null) errors.Add($"scores[{i}].smiley", "A line-form score has 'value', not 'smiley'.");
            }

            // The method: per question the client side puts its mark first, then the professional.
            if (who.Side == RespondentSide.Professional) professionalScored.Add(s.Question);
            else if (professionalScored.Contains(s.Question))
                errors.Add($"scores[{i}]", $"The client side scores '{Words.Of(s.Question)}' before the professional does.");
        }

        foreach (var r in respondents.Values)
        foreach (var q in Enum.GetValues<Question>())
            if (!given.Contains((r.RespondentId, q)))
                errors.Add("scores", $"'{r.RespondentId}' has no score for '{Words.Of(q)}'; every respondent scores all five questions.");
    }

    /// <summary>SHA-256 of the request as the API reads it, to tell a retry from a different check-in.</summary>
    public static string Fingerprint(RecordCheckInRequest request, JsonSerializerOptions json) =>
        Convert.ToHexStringLower(SHA256.HashData(JsonSerializer.SerializeToUtf8Bytes(request, json)));

    public static void Map(RouteGroupBuilder cases) => cases
        .MapPost("/{id:guid}/check-ins", async (Guid id, RecordCheckInRequest body, CaseWriter writer,
            IDocumentSession session, TimeProvider time, IOptions<JsonOptions> json, CancellationToken ct) =>
        {
            // The fingerprint is of the request as sent (a retry sends the same links), the decision of what it says with the
            // answers given by link taken in.
            var fingerprint = Fingerprint(body, json.Value.SerializerOptions);
            var (said, invalid) = await WithAnswersByLink(body, id, session, time.GetUtcNow(), ct);
            if (invalid is not null) return invalid;
            var tookPart = new List<PersonTookPart>();
            return await writer.Write(id, CaseAction.RecordCheckIn,
                c => Decide(said, c, writer.Today, fingerprint, Guid.CreateVersion7(), tookPart),
                version => new CheckInRecorded(body.CheckInId, version, tookPart),
                StatusCodes.Status201Created,
                replayVersion: (_, token) => VersionAfter(session, id, body.CheckInId, token),
                ct: ct);
        })
        .Validate(new Validator())
        .RequireAuthorization(Policies.WriteCases)
        .WithName("RecordCheckIn")
        .WithSummary("Record one whole check-in conversation, atomically")
        .WritesCase<CheckInRecorded>(StatusCodes.Status201Created);

    /// <summary>
    /// The request with the answers of each person who answered by link in place of whatever it says for them (client side
    /// first, as the method asks). The links are marked used in the same session, so they are used exactly when the check-in
    /// is saved — the write path's one transaction — and their answers, now in the check-in, are no longer kept with them.
    /// </summary>
    private static async Task<(RecordCheckInRequest Said, IResult? Invalid)> WithAnswersByLink(RecordCheckInRequest body, Guid caseId,
        IDocumentSession documents, DateTimeOffset now, CancellationToken ct)
    {
        var byLink = body.Respondents.Select((r, i) => (r, i)).Where(x => x.r.AnswerLinkId is not null).ToList();
        if (byLink.Count == 0) return (body, null);
        var links = (await documents.LoadManyAsync<AnswerLinks.AnswerLink>(ct, byLink.Select(x => x.r.AnswerLinkId!.Value).Distinct()))
            .ToDictionary(l => l.Id);
        var errors = new Dictionary<string, string[]>();
        var scores = new List<ScoreRequest>();
        foreach (var (r, i) in byLink)
        {
            var field = $"respondents[{i}].answerLinkId";
            if (!links.TryGetValue(r.AnswerLinkId!.Value, out var link) || link.CaseId != caseId || link.CheckInId != body.CheckInId)
                errors[field] = [Say.In("No answer link of this check-in has this id.", "Deze link hoort niet bij deze check-in.")];
            else if (r.Side != RespondentSide.Client)
                errors[field] = [Say.In("Only a client-side person answers by link.", "Alleen iemand van de kant van de cliënt antwoordt met een link.")];
            else if (link.StateAt(now) == AnswerLinks.AnswerLinkState.Used)
                continue; // a retry of the saved check-in: decided as the first time (its fingerprint says so)
            else if (link.StateAt(now) != AnswerLinks.AnswerLinkState.Answered)
                errors[field] = [Say.In($"{link.Name} has not answered through this link ({link.StateAt(now)}).",
                    $"{link.Name} heeft nog niet geantwoord met de link.")];
            else
            {
                scores.AddRange(link.Answers.Select(a => new ScoreRequest
                {
                    RespondentId = r.RespondentId, Question = a.Question, Value = a.Value, Smiley = a.Smiley,
                    MostSatisfied = a.MostSatisfied, LeastSatisfied = a.LeastSatisfied,
                }));
                link.UsedAt = now;
                link.Answers = [];
                documents.Store(link);
            }
        }
        if (errors.Count > 0) return (body, Problems.Invalid(errors));
        var answeredByLink = byLink.Select(x => x.r.RespondentId).ToHashSet();
        return (body with { Scores = [.. scores, .. body.Scores.Where(s => !answeredByLink.Contains(s.RespondentId))] }, null);
    }

    /// <summary>The stream version right after an earlier check-in (its AgreementMade is its last event).</summary>
    private static async Task<long> VersionAfter(IQuerySession session, Guid caseId, Guid checkInId, CancellationToken ct)
    {
        var versions = await session.QueryAsync<long>(
            $"select version from {EventStore.Schema}.mt_events where stream_id = ? and type = 'agreement_made' and data ->> 'checkInId' = ?",
            ct, caseId, checkInId.ToString());
        return versions.Single();
    }
}
