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
    public string RespondentId { get; init; } = null!;
    public RespondentSide Side { get; init; }
    public RespondentRole Role { get; init; }
    /// <summary>How the respondent is called in this family ("moeder", a child's first name).</summary>
    public string? Label { get; init; }
    public ScoreForm? Form { get; init; }
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

public sealed record CheckInRecorded(Guid CheckInId, long Version);

/// <summary>
/// Record one whole check-in conversation: the review of every open agreement, every respondent's
/// score on the five questions (client side first), and one new SMART agreement — appended in one
/// transaction, in the order the conversation went.
/// </summary>
public static class RecordCheckIn
{
    public const int MaxRespondents = 12;

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
                r.RuleFor(x => x.Role).IsInEnum();
                r.RuleFor(x => x.Label).Text(100);
                r.RuleFor(x => x.Form).IsInEnum();
            });
            RuleFor(x => x.Scores).NotNull().NotEmpty().Must(s => s.Count <= MaxRespondents * 5)
                .WithMessage("Too many scores.");
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
            RuleFor(x => x.Agreement).NotNull().WithMessage("Every check-in ends with one new SMART agreement.");
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
    public static Decision Decide(RecordCheckInRequest request, Case c, DateOnly today, string fingerprint, Guid newAgreementId)
    {
        if (c.CheckInFingerprints.TryGetValue(request.CheckInId, out var earlier))
            return earlier == fingerprint
                ? Decision.Replay
                : Decision.Conflict($"Check-in {request.CheckInId} was already recorded with different content; use a new checkInId for a new check-in.");

        var errors = new FieldErrors();
        var heldOn = request.HeldOn!.Value;
        errors.Add("heldOn", CaseDates.WhyNotHappened("heldOn", heldOn, c.OpenedOn, today));

        var respondents = CheckRespondents(request, errors);
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

    private static Dictionary<string, Respondent> CheckRespondents(RecordCheckInRequest request, FieldErrors errors)
    {
        var respondents = new Dictionary<string, Respondent>(StringComparer.Ordinal);
        for (var i = 0; i < request.Respondents.Count; i++)
        {
            var r = request.Respondents[i];
            var roleFits = r.Side == RespondentSide.Professional
                ? r.Role == RespondentRole.Professional
                : r.Role != RespondentRole.Professional;
            if (!roleFits)
                errors.Add($"respondents[{i}].role", r.Side == RespondentSide.Professional
                    ? "The professional side has the role 'professional'."
                    : "A client-side respondent is a client, parent, child or other.");
            if (!respondents.TryAdd(r.RespondentId, new Respondent(r.RespondentId, r.Side, r.Role, r.Label, r.Form ?? request.Form)))
                errors.Add($"respondents[{i}].respondentId", $"'{r.RespondentId}' appears twice.");
        }

        var professionals = respondents.Values.Count(r => r.Side == RespondentSide.Professional);
        if (professionals != 1) errors.Add("respondents", "Exactly one respondent is the professional.");
        if (respondents.Values.All(r => r.Side != RespondentSide.Client))
            errors.Add("respondents", "At least one respondent is on the client side.");
        return respondents;
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
        .MapPost("/{id:guid}/check-ins", async (Guid id, RecordCheckInRequest body, CaseWriter writer, IQuerySession session,
            IOptions<JsonOptions> json, CancellationToken ct) =>
        {
            var fingerprint = Fingerprint(body, json.Value.SerializerOptions);
            return await writer.Write(id, CaseAction.RecordCheckIn,
                c => Decide(body, c, writer.Today, fingerprint, Guid.CreateVersion7()),
                version => new CheckInRecorded(body.CheckInId, version),
                StatusCodes.Status201Created,
                replayVersion: (_, token) => VersionAfter(session, id, body.CheckInId, token),
                ct: ct);
        })
        .Validate(new Validator())
        .RequireAuthorization(Policies.WriteCases)
        .WithName("RecordCheckIn")
        .WithSummary("Record one whole check-in conversation, atomically")
        .WritesCase<CheckInRecorded>(StatusCodes.Status201Created);

    /// <summary>The stream version right after an earlier check-in (its AgreementMade is its last event).</summary>
    private static async Task<long> VersionAfter(IQuerySession session, Guid caseId, Guid checkInId, CancellationToken ct)
    {
        var versions = await session.QueryAsync<long>(
            $"select version from {EventStore.Schema}.mt_events where stream_id = ? and type = 'agreement_made' and data ->> 'checkInId' = ?",
            ct, caseId, checkInId.ToString());
        return versions.Single();
    }
}
