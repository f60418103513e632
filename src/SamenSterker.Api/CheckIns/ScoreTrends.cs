using Marten;
using Marten.Events.Aggregation;
using SamenSterker.Cases;
using SamenSterker.Platform;

namespace SamenSterker.CheckIns;

/// <summary>One respondent's score on one question at one check-in.</summary>
public sealed record ScorePoint(
    Guid CheckInId,
    DateOnly HeldOn,
    string RespondentId,
    string? Label,
    RespondentSide Side,
    RespondentRole Role,
    Question Question,
    ScoreForm Form,
    double Value,
    int? Smiley,
    string? Person = null);

public sealed record CheckInDate(Guid CheckInId, DateOnly HeldOn);

/// <summary>Every score of a case, as given, per check-in. The trends are computed from it on read.</summary>
public sealed class CaseScores
{
    public Guid Id { get; set; }
    public List<CheckInDate> CheckIns { get; set; } = [];
    public List<ScorePoint> Points { get; set; } = [];
    public Dictionary<string, string?> Labels { get; set; } = new();

    /// <summary>Check-in/respondent → the person it was (their id), for the lines over the check-ins.</summary>
    public Dictionary<string, string> Persons { get; set; } = new();

    /// <summary>A respondent's key from before the case kept its people → the person the professional said they are.</summary>
    public Dictionary<string, string> Continued { get; set; } = new();
}

/// <summary>Async: trends are read on their own page, a moment after the check-in was recorded.</summary>
public sealed class CaseScoresProjection : SingleStreamProjection<CaseScores, Guid>
{
    public const string ProjectionName = "CaseScores";

    public CaseScoresProjection() => Name = ProjectionName;

    public CaseScores Create(CaseOpened e) => new() { Id = e.CaseId };

    /// <summary>The respondents' names are personal: masked here as in the events (Cases.PersonalDataErased).</summary>
    public void Apply(PersonalDataErased e, CaseScores scores)
    {
        foreach (var key in scores.Labels.Keys.ToList())
            if (scores.Labels[key] is not null) scores.Labels[key] = PersonalDataErased.Mask;
        scores.Points = scores.Points.Select(p => p.Label is null ? p : p with { Label = PersonalDataErased.Mask }).ToList();
    }

    public void Apply(CheckInHeld e, CaseScores scores)
    {
        scores.CheckIns.Add(new CheckInDate(e.CheckInId, e.HeldOn));
        foreach (var r in e.Respondents)
        {
            scores.Labels[Key(e.CheckInId, r.RespondentId)] = r.Label;
            scores.Persons[Key(e.CheckInId, r.RespondentId)] = PersonKey(r);
            if (r is { PersonId: { } person, ContinuesCheckInId: { } checkIn, ContinuesRespondentId: { } earlier }
                && scores.Persons.TryGetValue(Key(checkIn, earlier), out var earlierKey))
                scores.Continued[earlierKey] = person.ToString();
        }
    }

    /// <summary>
    /// Whose line a score is on: the person of the case; for a check-in recorded before the case kept its people, the
    /// respondent's key in it with the name they were given (two people never share a line because they had the same key
    /// in different check-ins; docs/api.md, "People of a case").
    /// </summary>
    public static string PersonKey(Respondent r) =>
        r.PersonId?.ToString() ?? (r.Side == RespondentSide.Professional ? r.RespondentId
            : $"{r.RespondentId}·{(r.Label ?? Words.Of(r.Role)).Trim().ToLowerInvariant()}");

    public void Apply(ScoreGiven e, CaseScores scores)
    {
        var heldOn = scores.CheckIns.LastOrDefault(c => c.CheckInId == e.CheckInId)?.HeldOn ?? default;
        scores.Labels.TryGetValue(Key(e.CheckInId, e.RespondentId), out var label);
        scores.Persons.TryGetValue(Key(e.CheckInId, e.RespondentId), out var person);
        scores.Points.Add(new ScorePoint(e.CheckInId, heldOn, e.RespondentId, label, e.Side, e.Role, e.Question, e.Form, e.Value, e.Smiley, person));
    }

    public void Apply(ScoreCorrected e, CaseScores scores)
    {
        var i = scores.Points.FindIndex(p => p.CheckInId == e.CheckInId && p.RespondentId == e.RespondentId && p.Question == e.Question);
        if (i >= 0) scores.Points[i] = scores.Points[i] with { Value = e.Value, Smiley = e.Smiley };
    }

    public void Apply(CheckInDateCorrected e, CaseScores scores)
    {
        scores.CheckIns = scores.CheckIns.Select(c => c.CheckInId == e.CheckInId ? c with { HeldOn = e.HeldOn } : c).ToList();
        scores.Points = scores.Points.Select(p => p.CheckInId == e.CheckInId ? p with { HeldOn = e.HeldOn } : p).ToList();
    }

    private static string Key(Guid checkInId, string respondentId) => $"{checkInId:N}/{respondentId}";
}

public enum SignalKind
{
    /// <summary>A client-side score dropped by 2 points or more since the previous check-in.</summary>
    Drop = 1,
    /// <summary>A client-side score below 4.</summary>
    Low,
    /// <summary>Client side and professional 3 points or more apart.</summary>
    Gap,
    /// <summary>Two check-ins in a row down.</summary>
    DownTwice,
}

/// <summary><see cref="Person"/>: whose line (a person of the case); <see cref="RespondentId"/>: their key in that check-in;
/// <see cref="Label"/>: the person's name; <see cref="Value"/>: their mark; <see cref="Other"/>: the professional's (a gap) or their
/// own before (a drop); <see cref="Role"/>: theirs in that check-in, as on the wire ("parent", "child", "client", "other"):
/// what names them when they have no name. A string, not the enum: a nullable enum here made the OpenAPI document's shared
/// RespondentRole schema nullable for every use.</summary>
public sealed record Signal(SignalKind Kind, Question Question, string RespondentId, Guid CheckInId, DateOnly HeldOn, string Detail,
    string? Person = null, string? Label = null, double? Value = null, double? Other = null, string? Role = null);

public sealed record SeriesPoint(Guid CheckInId, DateOnly HeldOn, double Value, ScoreForm Form, int? Smiley);

/// <summary>One person's line: <see cref="Person"/> is the person of the case (or, for check-ins recorded before the case
/// kept its people, the respondent's key with their name); <see cref="RespondentId"/>, their key at their latest check-in.</summary>
public sealed record RespondentSeries(string RespondentId, string? Label, RespondentRole Role, IReadOnlyList<SeriesPoint> Points, string Person);

public sealed record GapPoint(Guid CheckInId, DateOnly HeldOn, string RespondentId, double Client, double Professional, double Gap,
    string? Person = null);

public sealed record QuestionTrend(
    Question Question,
    IReadOnlyList<RespondentSeries> ClientSide,
    IReadOnlyList<SeriesPoint> Professional,
    IReadOnlyList<GapPoint> Gaps,
    IReadOnlyList<Signal> Signals);

public sealed record CaseTrends(Guid CaseId, IReadOnlyList<CheckInDate> CheckIns, IReadOnlyList<QuestionTrend> Questions, IReadOnlyList<Signal> LatestSignals);

/// <summary>
/// Both views side by side, never averaged away: per question, each client-side respondent's series,
/// the professional's series, the gap between them per check-in, and the signals.
/// </summary>
public static class TrendAnalysis
{
    public const double DropThreshold = 2.0;
    public const double LowThreshold = 4.0;
    public const double GapThreshold = 3.0;

    public static CaseTrends Analyse(Guid caseId, IReadOnlyList<CheckInDate> checkIns, IReadOnlyList<ScorePoint> points,
        IReadOnlyDictionary<string, string>? continued = null)
    {
        // Each point on its person's line (a person continues the key they had before the case kept its people).
        var ordered = points.OrderBy(p => p.HeldOn).ThenBy(p => IndexOf(checkIns, p.CheckInId))
            .Select(p => p with { Person = Line(p, continued) }).ToList();
        var questions = Enum.GetValues<Question>().Select(q => ForQuestion(q, ordered.Where(p => p.Question == q).ToList())).ToList();
        var latest = checkIns.OrderBy(c => c.HeldOn).LastOrDefault();
        var latestSignals = latest is null ? [] : questions.SelectMany(q => q.Signals).Where(s => s.CheckInId == latest.CheckInId).ToList();
        return new CaseTrends(caseId, checkIns.OrderBy(c => c.HeldOn).ToList(), questions, latestSignals);
    }

    /// <summary>The same trends over the last <paramref name="count"/> check-ins only. The signals were computed over the whole
    /// history first, so a drop at the first check-in shown still compares with the one before it.</summary>
    public static CaseTrends Last(CaseTrends trends, int count)
    {
        if (count >= trends.CheckIns.Count) return trends;
        var kept = trends.CheckIns.Skip(trends.CheckIns.Count - count).Select(c => c.CheckInId).ToHashSet();
        return trends with
        {
            CheckIns = trends.CheckIns.Where(c => kept.Contains(c.CheckInId)).ToList(),
            Questions = trends.Questions.Select(q => q with
            {
                ClientSide = q.ClientSide.Select(s => s with { Points = s.Points.Where(p => kept.Contains(p.CheckInId)).ToList() })
                    .Where(s => s.Points.Count > 0).ToList(),
                Professional = q.Professional.Where(p => kept.Contains(p.CheckInId)).ToList(),
                Gaps = q.Gaps.Where(g => kept.Contains(g.CheckInId)).ToList(),
                Signals = q.Signals.Where(x => kept.Contains(x.CheckInId)).ToList(),
            }).ToList(),
        };
    }

    private static QuestionTrend ForQuestion(Question question, List<ScorePoint> points)
    {
        var professional = points.Where(p => p.Side == RespondentSide.Professional).Select(ToSeries).ToList();
        var clientSide = points.Where(p => p.Side == RespondentSide.Client)
            .GroupBy(p => p.Person!)
            .Select(g => (Series: new RespondentSeries(g.Last().RespondentId, g.Last().Label, g.Last().Role, g.Select(ToSeries).ToList(), g.Key),
                Keys: g.Select(p => p.RespondentId).ToList()))
            .ToList();

        var gaps = new List<GapPoint>();
        var signals = new List<Signal>();
        foreach (var (series, keys) in clientSide)
        {
            for (var i = 0; i < series.Points.Count; i++)
            {
                var p = series.Points[i];
                var who = keys[i]; // their key in this check-in; series.Person: whose line
                if (p.Value < LowThreshold)
                    signals.Add(new Signal(SignalKind.Low, question, who, p.CheckInId, p.HeldOn, $"score {p.Value:0.0} is below {LowThreshold:0}", series.Person, series.Label, p.Value, Role: Words.Of(series.Role)));
                if (i >= 1 && series.Points[i - 1].Value - p.Value >= DropThreshold)
                    signals.Add(new Signal(SignalKind.Drop, question, who, p.CheckInId, p.HeldOn,
                        $"dropped from {series.Points[i - 1].Value:0.0} to {p.Value:0.0}", series.Person, series.Label, p.Value, series.Points[i - 1].Value, Role: Words.Of(series.Role)));
                if (i >= 2 && series.Points[i - 2].Value > series.Points[i - 1].Value && series.Points[i - 1].Value > p.Value)
                    signals.Add(new Signal(SignalKind.DownTwice, question, who, p.CheckInId, p.HeldOn, "down two check-ins in a row", series.Person, series.Label, p.Value, Role: Words.Of(series.Role)));

                var pro = professional.FirstOrDefault(x => x.CheckInId == p.CheckInId);
                if (pro is null) continue;
                var gap = Math.Round(pro.Value - p.Value, 1);
                gaps.Add(new GapPoint(p.CheckInId, p.HeldOn, who, p.Value, pro.Value, gap, series.Person));
                if (Math.Abs(gap) >= GapThreshold)
                    signals.Add(new Signal(SignalKind.Gap, question, who, p.CheckInId, p.HeldOn,
                        $"professional {pro.Value:0.0}, client side {p.Value:0.0}", series.Person, series.Label, p.Value, pro.Value, Role: Words.Of(series.Role)));
            }
        }
        return new QuestionTrend(question, clientSide.Select(x => x.Series).ToList(), professional, gaps, signals);
    }

    /// <summary>The line a point is on: its person (or, for a document projected before persons were kept, the respondent's
    /// key with its name), continued where the professional said so.</summary>
    private static string Line(ScorePoint p, IReadOnlyDictionary<string, string>? continued)
    {
        var key = p.Person ?? (p.Side == RespondentSide.Professional ? p.RespondentId
            : $"{p.RespondentId}·{(p.Label ?? Words.Of(p.Role)).Trim().ToLowerInvariant()}");
        return continued is not null && continued.TryGetValue(key, out var person) ? person : key;
    }

    private static SeriesPoint ToSeries(ScorePoint p) => new(p.CheckInId, p.HeldOn, p.Value, p.Form, p.Smiley);

    private static int IndexOf(IReadOnlyList<CheckInDate> checkIns, Guid id)
    {
        for (var i = 0; i < checkIns.Count; i++) if (checkIns[i].CheckInId == id) return i;
        return -1;
    }
}

public static class GetTrends
{
    /// <summary>The trends of a case the read access filter found; empty while the projection has not seen it yet.</summary>
    public static async Task<CaseTrends> Load(IQuerySession session, Guid id, CancellationToken ct) =>
        await session.LoadAsync<CaseScores>(id, ct) is { } scores
            ? TrendAnalysis.Analyse(id, scores.CheckIns, scores.Points, scores.Continued)
            : TrendAnalysis.Analyse(id, [], []);

    public static void Map(RouteGroupBuilder cases) => cases
        .MapGet("/{id:guid}/trends", async (Guid id, long? version, DateTimeOffset? asOf, int? last, HttpContext http, IQuerySession session,
            CancellationToken ct) =>
        {
            if (last is < 1) return Problems.Invalid("last", "'last' is a number of check-ins, 1 or more.");
            CaseTrends Shown(CaseTrends t) => last is { } n ? TrendAnalysis.Last(t, n) : t;
            if (version is null && asOf is null) return TypedResults.Ok(Shown(await Load(session, id, ct)));
            if (PointInTime.Problem(version, asOf) is { } invalid) return invalid;
            var (then, notFound) = await PointInTime.Load<CaseScores>(session, id, http.ReadableCase().Version, version, asOf, ct);
            return notFound ?? TypedResults.Ok(Shown(TrendAnalysis.Analyse(id, then!.CheckIns, then.Points, then.Continued)));
        })
        .WithName("GetTrends")
        .WithSummary("Per question and respondent the scores over the check-ins, client side beside the professional, gaps and signals; "
                     + "?last=n: the last n check-ins (their signals still compare with the check-ins before)")
        .Produces<CaseTrends>()
        .ProducesProblem(StatusCodes.Status404NotFound);
}

/// <summary>
/// How worrying one person's signals on one question are: how low their mark is, how far it fell and how far it lies from
/// the professional's, added (in marks). A mark of 0,4 that fell twice comes before a gap of 3 between two fair marks.
/// </summary>
public static class SignalSeverity
{
    public static double Of(IEnumerable<Signal> signals)
    {
        var all = signals.ToList();
        var mark = all.Select(s => s.Value).FirstOrDefault(v => v is not null) ?? 5;
        var fell = all.Where(s => s is { Kind: SignalKind.Drop, Value: not null, Other: not null }).Select(s => s.Other!.Value - s.Value!.Value).DefaultIfEmpty(0).Max();
        var apart = all.Where(s => s is { Kind: SignalKind.Gap, Value: not null, Other: not null }).Select(s => Math.Abs(s.Other!.Value - s.Value!.Value)).DefaultIfEmpty(0).Max();
        return 10 - mark + fell + apart + (all.Any(s => s.Kind == SignalKind.DownTwice) ? 1 : 0);
    }

    /// <summary>A case's most worrying person and question: what orders cases by their signals.</summary>
    public static double Worst(IEnumerable<Signal> signals) =>
        signals.GroupBy(s => (s.Question, s.Person ?? s.RespondentId)).Select(Of).DefaultIfEmpty(0).Max();
}
