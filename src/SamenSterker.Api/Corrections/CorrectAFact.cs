using System.Text;
using FluentValidation;
using Marten;
using SamenSterker.Access;
using SamenSterker.Cases;
using SamenSterker.CheckIns;
using SamenSterker.Platform;
using SamenSterker.Steunkring;

namespace SamenSterker.Corrections;

public sealed record CorrectionRequest
{
    /// <summary>Why the fact is corrected; kept with the correction for everyone who reads the history.</summary>
    public string Reason { get; init; } = null!;
    public ScoreCorrection? Score { get; init; }
    public CheckInDateCorrection? CheckInDate { get; init; }
    public AgreementCorrection? Agreement { get; init; }
    public MemberCorrection? Member { get; init; }
}

/// <summary>One respondent's score on one question of a check-in; give the corrected mark (and, if wrong, the texts).</summary>
public sealed record ScoreCorrection
{
    public Guid CheckInId { get; init; }
    public string RespondentId { get; init; } = null!;
    public Question Question { get; init; }
    public double? Value { get; init; }
    public int? Smiley { get; init; }
    public string? MostSatisfied { get; init; }
    public string? LeastSatisfied { get; init; }
}

public sealed record CheckInDateCorrection
{
    public Guid CheckInId { get; init; }
    public DateOnly? HeldOn { get; init; }
}

/// <summary>The fields given replace the agreement's; the others stay.</summary>
public sealed record AgreementCorrection
{
    public Guid AgreementId { get; init; }
    public string? What { get; init; }
    public string? Who { get; init; }
    public DateOnly? ByWhen { get; init; }
    public string? HowWeKnow { get; init; }
}

/// <summary>The fields given replace the member's; <c>addedInError</c> takes a member added to the wrong case out again.</summary>
public sealed record MemberCorrection
{
    public Guid MemberId { get; init; }
    public string? Name { get; init; }
    public MemberRelation? Relation { get; init; }
    public string? Organisation { get; init; }
    public bool AddedInError { get; init; }
}

public sealed record CorrectionRecorded(long Version, long CorrectsVersion);

/// <summary>The fact being corrected as it stands now: its latest event (the original, or its latest correction), that event's version and who recorded it.</summary>
public sealed record CorrectionTarget(long Version, object Fact, string? RecordedBy);

/// <summary>
/// Correct a fact recorded wrongly — a score, a check-in's date, an agreement's text, a steunkring member —
/// with a new event that names the version it corrects and why. Nothing in the history is edited; every read
/// model shows the corrected value, the timeline and the history show both. A correction of a correction
/// corrects the latest. On a closed case only a team lead may correct (<see cref="Policies.MayChangeClosedCase"/>).
/// </summary>
public static class CorrectAFact
{
    public sealed class Validator : AbstractValidator<CorrectionRequest>
    {
        public Validator()
        {
            RuleFor(x => x.Reason).RequiredText(1000);
            RuleFor(x => x).Must(x => new object?[] { x.Score, x.CheckInDate, x.Agreement, x.Member }.Count(o => o is not null) == 1)
                .WithName("body").WithMessage("Correct one fact at a time: give exactly one of 'score', 'checkInDate', 'agreement', 'member'.");
            RuleFor(x => x.Score!).ChildRules(s =>
            {
                s.RuleFor(x => x.CheckInId).NotEmpty();
                s.RuleFor(x => x.RespondentId).NotEmpty().MaximumLength(40);
                s.RuleFor(x => x.Question).IsInEnum();
                s.RuleFor(x => x.Value).InclusiveBetween(0.0, 10.0);
                s.RuleFor(x => x.Smiley).InclusiveBetween(1, 5);
                s.RuleFor(x => x.MostSatisfied).Text();
                s.RuleFor(x => x.LeastSatisfied).Text();
            }).When(x => x.Score is not null);
            RuleFor(x => x.CheckInDate!).ChildRules(d =>
            {
                d.RuleFor(x => x.CheckInId).NotEmpty();
                d.RuleFor(x => x.HeldOn).RequiredDate();
            }).When(x => x.CheckInDate is not null);
            RuleFor(x => x.Agreement!).ChildRules(a =>
            {
                a.RuleFor(x => x.AgreementId).NotEmpty();
                a.RuleFor(x => x.What).NotEmpty().MaximumLength(1000).When(x => x.What is not null);
                a.RuleFor(x => x.Who).NotEmpty().MaximumLength(Validation.ShortText).When(x => x.Who is not null);
                a.RuleFor(x => x.HowWeKnow).NotEmpty().MaximumLength(1000).When(x => x.HowWeKnow is not null);
            }).When(x => x.Agreement is not null);
            RuleFor(x => x.Member!).ChildRules(m =>
            {
                m.RuleFor(x => x.MemberId).NotEmpty();
                m.RuleFor(x => x.Name).NotEmpty().MaximumLength(Validation.ShortText).When(x => x.Name is not null);
                m.RuleFor(x => x.Relation).IsInEnum();
                m.RuleFor(x => x.Organisation).Text(Validation.ShortText);
            }).When(x => x.Member is not null);
        }
    }

    /// <summary>The rules of a correction against the case and the fact as it stands. Pure.</summary>
    public static Decision Decide(CorrectionRequest request, Case c, CorrectionTarget? target, DateOnly today)
    {
        var reason = request.Reason;
        switch (target?.Fact)
        {
            case null when request.Score is { } s:
                return Decision.Invalid("score", $"Check-in {s.CheckInId} has no score of '{s.RespondentId}' on '{Words.Of(s.Question)}' in this case.");
            case null when request.CheckInDate is { } d:
                return Decision.Invalid("checkInDate.checkInId", $"There is no check-in {d.CheckInId} in this case.");
            case null when request.Agreement is { } a:
                return Decision.Invalid("agreement.agreementId", $"There is no agreement {a.AgreementId} in this case.");
            case null:
                return Decision.Invalid("member.memberId", $"There is no steunkring member {request.Member!.MemberId} in this case.");

            case ScoreGiven or ScoreCorrected:
                return CorrectScore(request.Score!, target, reason);
            case CheckInHeld or CheckInDateCorrected:
                return CorrectDate(request.CheckInDate!, c, target, today, reason);
            case AgreementMade or AgreementCorrected:
                return CorrectAgreement(request.Agreement!, c, target, today, reason);
            default:
                return CorrectMember(request.Member!, target, reason);
        }
    }

    private static Decision CorrectScore(ScoreCorrection s, CorrectionTarget target, string reason)
    {
        var (value, smiley, most, least) = target.Fact switch
        {
            ScoreGiven g => (g.Value, g.Smiley, g.MostSatisfied, g.LeastSatisfied),
            ScoreCorrected x => (x.Value, x.Smiley, x.MostSatisfied, x.LeastSatisfied),
            _ => throw new InvalidOperationException(),
        };
        var onSmileys = smiley is not null;
        double newValue;
        if (onSmileys)
        {
            if (s.Value is not null) return Decision.Invalid("score.value", Say.In("This score was given on the smiley form: correct 'smiley' (1–5).", "Deze score is een gezichtje: kies het nieuwe gezichtje."));
            newValue = s.Smiley is { } face ? RecordCheckIn.SmileyOnLine(face) : value;
        }
        else
        {
            if (s.Smiley is not null) return Decision.Invalid("score.smiley", Say.In("This score was given on the line: correct 'value' (0.0–10.0).", "Deze score staat op de lijn: geef de nieuwe score van 0 tot 10."));
            if (s.Value is { } v && !RecordCheckIn.IsOnTheLine(v)) return Decision.Invalid("score.value", Say.In("'value' has at most one decimal.", "Hoogstens één cijfer achter de komma."));
            newValue = s.Value ?? value;
        }
        var corrected = new ScoreCorrected(s.CheckInId, s.RespondentId, s.Question, newValue, onSmileys ? s.Smiley ?? smiley : null,
            s.MostSatisfied ?? most, s.LeastSatisfied ?? least, value, target.Version, reason);
        return corrected.Value == value && corrected.Smiley == smiley && corrected.MostSatisfied == most && corrected.LeastSatisfied == least
            ? Decision.Invalid("score", Say.In("The score already reads like this: there is nothing to correct.", "De score staat er al zo: er is niets te herstellen."))
            : Decision.Append(corrected);
    }

    private static Decision CorrectDate(CheckInDateCorrection d, Case c, CorrectionTarget target, DateOnly today, string reason)
    {
        var was = target.Fact switch { CheckInHeld h => h.HeldOn, CheckInDateCorrected x => x.HeldOn, _ => throw new InvalidOperationException() };
        var heldOn = d.HeldOn!.Value;
        if (heldOn == was) return Decision.Invalid("checkInDate.heldOn", Say.In("The check-in already has this date: there is nothing to correct.", "De check-in heeft deze datum al: er is niets te herstellen."));
        if (CaseDates.WhyNotHappened("checkInDate.heldOn", heldOn, c.OpenedOn, today) is { } why) return Decision.Invalid("checkInDate.heldOn", why);
        // The check-ins keep their order: the corrected date stays between its neighbours.
        var others = c.Schedule.HeldDates.Where(kv => kv.Key != d.CheckInId).Select(kv => kv.Value).ToList();
        var before = others.Where(o => o <= was).DefaultIfEmpty(DateOnly.MinValue).Max();
        var after = others.Where(o => o >= was).DefaultIfEmpty(DateOnly.MaxValue).Min();
        if (heldOn < before || heldOn > after)
            return Decision.Invalid("checkInDate.heldOn", $"The check-ins keep their order: the date must lie between {before:yyyy-MM-dd} and {after:yyyy-MM-dd}.");
        return Decision.Append(new CheckInDateCorrected(d.CheckInId, heldOn, was, target.Version, reason));
    }

    private static Decision CorrectAgreement(AgreementCorrection a, Case c, CorrectionTarget target, DateOnly today, string reason)
    {
        var (what, who, byWhen, how) = target.Fact switch
        {
            AgreementMade m => (m.What, m.Who, m.ByWhen, m.HowWeKnow),
            AgreementCorrected x => (x.What, x.Who, x.ByWhen, x.HowWeKnow),
            _ => throw new InvalidOperationException(),
        };
        var corrected = new AgreementCorrected(a.AgreementId, a.What ?? what, a.Who ?? who, a.ByWhen ?? byWhen, a.HowWeKnow ?? how, target.Version, reason);
        if (a.ByWhen is { } deadline && CaseDates.CheckPlanned("agreement.byWhen", deadline, c.OpenedOn, today) is { } invalid) return invalid;
        return corrected.What == what && corrected.Who == who && corrected.ByWhen == byWhen && corrected.HowWeKnow == how
            ? Decision.Invalid("agreement", Say.In("The agreement already reads like this: there is nothing to correct.", "De afspraak staat er al zo: er is niets te herstellen."))
            : Decision.Append(corrected);
    }

    private static Decision CorrectMember(MemberCorrection m, CorrectionTarget target, string reason)
    {
        var (name, relation, organisation, userId) = target.Fact switch
        {
            SteunkringMemberAdded x => (x.Name, x.Relation, x.Organisation, x.UserId),
            SteunkringMemberCorrected { AddedInError: true } => default,
            SteunkringMemberCorrected x => (x.Name, x.Relation, x.Organisation, x.UserId),
            _ => throw new InvalidOperationException(),
        };
        if (target.Fact is SteunkringMemberCorrected { AddedInError: true })
            return Decision.Conflict($"Member {m.MemberId} was already taken out of this steunkring as added by mistake.");
        var newRelation = m.Relation ?? relation;
        var corrected = new SteunkringMemberCorrected(m.MemberId, m.Name ?? name, newRelation, m.Organisation ?? organisation,
            newRelation == MemberRelation.Professional ? userId : null, m.AddedInError, target.Version, reason);
        return !m.AddedInError && corrected.Name == name && corrected.Relation == relation && corrected.Organisation == organisation
            ? Decision.Invalid("member", "The member's details already read like this: there is nothing to correct.")
            : Decision.Append(corrected);
    }

    /// <summary>The latest event of the fact (one query): its original event or its latest correction, with its version.</summary>
    public static async Task<CorrectionTarget?> FindTarget(IQuerySession session, Npgsql.NpgsqlDataSource db, Guid caseId, CorrectionRequest request, CancellationToken ct)
    {
        var (types, key) = request switch
        {
            { Score: { } s } => (new[] { typeof(ScoreGiven), typeof(ScoreCorrected) },
                (object)new { s.CheckInId, s.RespondentId, s.Question }),
            { CheckInDate: { } d } => ([typeof(CheckInHeld), typeof(CheckInDateCorrected)], new { d.CheckInId }),
            { Agreement: { } a } => ([typeof(AgreementMade), typeof(AgreementCorrected)], new { a.AgreementId }),
            _ => ([typeof(SteunkringMemberAdded), typeof(SteunkringMemberCorrected)], new { request.Member!.MemberId }),
        };
        var serializer = session.DocumentStore.Options.Serializer();
        var aliases = types.Select(EventStore.EventTypeName).ToArray();
        await using var command = db.CreateCommand(
            $"select version, type, data::text, user_name from {EventStore.Schema}.mt_events where stream_id = $1 and type = any($2) and data @> $3::jsonb order by version desc limit 1");
        command.Parameters.Add(new Npgsql.NpgsqlParameter { Value = caseId });
        command.Parameters.Add(new Npgsql.NpgsqlParameter { Value = aliases });
        command.Parameters.Add(new Npgsql.NpgsqlParameter { Value = serializer.ToJson(key) });
        await using var reader = await command.ExecuteReaderAsync(ct);
        if (!await reader.ReadAsync(ct)) return null;
        var type = types[Array.IndexOf(aliases, reader.GetString(1))];
        await using var data = new MemoryStream(Encoding.UTF8.GetBytes(reader.GetString(2)));
        return new CorrectionTarget(reader.GetInt64(0), serializer.FromJson(type, data), reader.IsDBNull(3) ? null : reader.GetString(3));
    }

    public static void Map(RouteGroupBuilder cases) => cases
        .MapPost("/{id:guid}/corrections", async (Guid id, CorrectionRequest body, CaseWriter writer, IQuerySession session,
            Npgsql.NpgsqlDataSource db, CancellationToken ct) =>
        {
            var target = await FindTarget(session, db, id, body, ct);
            return await writer.Write(id, CaseAction.Correct, c => Decide(body, c, target, writer.Today),
                version => new CorrectionRecorded(version, target!.Version), StatusCodes.Status201Created, ct: ct,
                factRecordedBy: target?.RecordedBy);
        })
        .Validate(new Validator())
        .RequireAuthorization(Policies.WriteCases)
        .WithTags("Corrections")
        .WithName("CorrectAFact")
        .WithSummary("Correct a score, a check-in's date, an agreement or a steunkring member with a new event that names what it corrects and why")
        .WritesCase<CorrectionRecorded>(StatusCodes.Status201Created);
}
