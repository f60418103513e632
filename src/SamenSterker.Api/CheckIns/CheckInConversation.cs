using Marten;
using Npgsql;
using SamenSterker.Cases;
using SamenSterker.Platform;

namespace SamenSterker.CheckIns;

/// <summary>One person's answer to one question: their mark (a face for a child on smileys) and their own words.</summary>
public sealed record SaidAnswer(Question Question, double Value, ScoreForm Form, int? Smiley, string? MostSatisfied, string? LeastSatisfied);

/// <summary>Who answered at a check-in and what they said, the professional last.</summary>
public sealed record SaidBy(string RespondentId, Guid? PersonId, string? Name, RespondentSide Side, RespondentRole Role, ScoreForm Form,
    IReadOnlyList<SaidAnswer> Answers);

/// <summary>How an agreement reviewed at this check-in went.</summary>
public sealed record AgreementOutcomeSaid(Guid AgreementId, string What, AgreementOutcome Outcome, string? Note);

/// <summary>
/// A check-in as the people in it said it: who took part, each side's marks and words per question, how the previous
/// agreement went and the agreement they made. For the client page ("Vorige check-in") and the next check-in's opening.
/// </summary>
public sealed record CheckInConversation(Guid CheckInId, DateOnly HeldOn, IReadOnlyList<SaidBy> People, IReadOnlyList<AgreementOutcomeSaid> Reviews,
    AgreementMade? Agreement)
{
    /// <summary>Where a client-side person and the professional are this far apart on a question, the summary marks it.</summary>
    public const double MarkedGap = TrendAnalysis.GapThreshold;

    /// <summary>The professional's mark on <paramref name="question"/>, if they gave one.</summary>
    public SaidAnswer? Professional(Question question) =>
        People.FirstOrDefault(p => p.Side == RespondentSide.Professional)?.Answers.FirstOrDefault(a => a.Question == question);

    /// <summary>Whether <paramref name="answer"/> and the professional's are far apart (the summary marks the gap).</summary>
    public bool FarApart(SaidAnswer answer) =>
        Professional(answer.Question) is { } pro && Math.Abs(pro.Value - answer.Value) >= MarkedGap;

    /// <summary>
    /// The latest check-in of <paramref name="c"/> with what was said in it: one query over its events (the case's own
    /// stream, by the check-in's id), corrections of its scores and date applied; null before the first check-in.
    /// </summary>
    public static Task<CheckInConversation?> Latest(NpgsqlDataSource db, ISerializer serializer, Case c, CancellationToken ct) =>
        c.LastCheckInId is { } checkInId ? Of(db, serializer, c, checkInId, ct) : Task.FromResult<CheckInConversation?>(null);

    /// <summary>Who recorded check-in <paramref name="checkInId"/> (the professional in the conversation), from its event's metadata.</summary>
    public static async Task<string?> RecordedBy(NpgsqlDataSource db, Guid caseId, Guid checkInId, CancellationToken ct)
    {
        await using var command = db.CreateCommand($"""
            select user_name from {EventStore.Schema}.mt_events
            where stream_id = $1 and type = $2 and data ->> 'checkInId' = $3 limit 1
            """);
        command.Parameters.Add(new NpgsqlParameter { Value = caseId });
        command.Parameters.Add(new NpgsqlParameter { Value = EventStore.EventTypeName(typeof(CheckInHeld)) });
        command.Parameters.Add(new NpgsqlParameter { Value = checkInId.ToString() });
        return await command.ExecuteScalarAsync(ct) as string;
    }

    /// <summary>Check-in <paramref name="checkInId"/> of <paramref name="c"/> as it was said (null when the case has no such check-in).</summary>
    public static async Task<CheckInConversation?> Of(NpgsqlDataSource db, ISerializer serializer, Case c, Guid checkInId, CancellationToken ct)
    {
        string[] kinds = [.. new[] { typeof(CheckInHeld), typeof(ScoreGiven), typeof(ScoreCorrected), typeof(CheckInDateCorrected),
            typeof(AgreementReviewed), typeof(AgreementMade) }.Select(EventStore.EventTypeName)];
        await using var command = db.CreateCommand($"""
            select type, data from {EventStore.Schema}.mt_events
            where stream_id = $1 and type = any($2) and data ->> 'checkInId' = $3 and is_archived = false
            order by version
            """);
        command.Parameters.Add(new NpgsqlParameter { Value = c.Id });
        command.Parameters.Add(new NpgsqlParameter { Value = kinds });
        command.Parameters.Add(new NpgsqlParameter { Value = checkInId.ToString() });
        var types = new[] { typeof(CheckInHeld), typeof(ScoreGiven), typeof(ScoreCorrected), typeof(CheckInDateCorrected),
            typeof(AgreementReviewed), typeof(AgreementMade) }.ToDictionary(EventStore.EventTypeName);

        CheckInHeld? held = null;
        DateOnly? heldOn = null;
        var scores = new List<ScoreGiven>();
        var reviews = new List<AgreementReviewed>();
        AgreementMade? made = null;
        await using (var reader = await command.ExecuteReaderAsync(ct))
            while (await reader.ReadAsync(ct))
                switch (serializer.FromJson(types[reader.GetString(0)], reader, 1))
                {
                    case CheckInHeld e: held = e; heldOn = e.HeldOn; break;
                    case ScoreGiven e: scores.Add(e); break;
                    case ScoreCorrected e:
                        var i = scores.FindIndex(s => s.RespondentId == e.RespondentId && s.Question == e.Question);
                        if (i >= 0) scores[i] = scores[i] with { Value = e.Value, Smiley = e.Smiley, MostSatisfied = e.MostSatisfied, LeastSatisfied = e.LeastSatisfied };
                        break;
                    case CheckInDateCorrected e: heldOn = e.HeldOn; break;
                    case AgreementReviewed e: reviews.Add(e); break;
                    case AgreementMade e: made = e; break;
                }
        if (held is null) return null;

        // What the agreements reviewed here said: they were made at earlier check-ins (one query more, only when there are any).
        var reviewed = new List<AgreementOutcomeSaid>();
        if (reviews.Count > 0)
        {
            await using var agreements = db.CreateCommand($"""
                select data from {EventStore.Schema}.mt_events
                where stream_id = $1 and type = any($2) and data ->> 'agreementId' = any($3) and is_archived = false order by version
                """);
            agreements.Parameters.Add(new NpgsqlParameter { Value = c.Id });
            agreements.Parameters.Add(new NpgsqlParameter { Value = new[] { EventStore.EventTypeName(typeof(AgreementMade)) } });
            agreements.Parameters.Add(new NpgsqlParameter { Value = reviews.Select(r => r.AgreementId.ToString()).ToArray() });
            var what = new Dictionary<Guid, string>();
            await using (var reader = await agreements.ExecuteReaderAsync(ct))
                while (await reader.ReadAsync(ct))
                    if (serializer.FromJson(typeof(AgreementMade), reader, 0) is AgreementMade m) what[m.AgreementId] = m.What;
            reviewed.AddRange(reviews.Select(r => new AgreementOutcomeSaid(r.AgreementId, what.GetValueOrDefault(r.AgreementId, ""), r.Outcome, r.Note)));
        }

        var people = held.Respondents
            .OrderBy(r => r.Side == RespondentSide.Professional)
            .Select(r => new SaidBy(r.RespondentId, r.PersonId, r.Label, r.Side, r.Role, r.Form,
                scores.Where(s => s.RespondentId == r.RespondentId).OrderBy(s => s.Question)
                    .Select(s => new SaidAnswer(s.Question, s.Value, s.Form, s.Smiley, s.MostSatisfied, s.LeastSatisfied)).ToList()))
            .ToList();
        return new CheckInConversation(held.CheckInId, heldOn ?? held.HeldOn, people, reviewed, made);
    }
}
