using Marten.Events.Aggregation;
using SamenSterker.Cases;
using SamenSterker.CheckIns;

namespace SamenSterker.Caseload;

/// <summary>
/// A case as lists show it: who, which team, when the next check-in is due and the signals of the
/// latest check-in. Async: lists may trail a write by a moment.
/// </summary>
public sealed class CaseSummary
{
    public Guid Id { get; set; }
    public string ClientReference { get; set; } = "";
    public string ClientName { get; set; } = "";
    public CaseKind Kind { get; set; }
    public string TeamId { get; set; } = "";
    public string Casusregie { get; set; } = "";

    /// <summary>The day casusregie last went from one professional to another (not the opening): "Nieuw bij jou".</summary>
    public DateOnly? CasusregieHandedOverOn { get; set; }
    public string? Procesregie { get; set; }
    public string? Procesbegeleider { get; set; }
    public DateOnly OpenedOn { get; set; }
    public bool Closed { get; set; }
    public DateOnly? ClosedOn { get; set; }
    public CheckInScheduleState Schedule { get; set; } = new();
    public DateOnly? NextDueOn { get; set; }
    public DueReason? NextDueReason { get; set; }
    public int OpenAgreements { get; set; }

    /// <summary>The scores of the last three check-ins: enough to tell the signals of the latest.</summary>
    public List<CheckInDate> RecentCheckIns { get; set; } = [];
    public List<ScorePoint> RecentPoints { get; set; } = [];
    public List<Signal> LatestSignals { get; set; } = [];

    /// <summary>Whose line each recent score is on (as in the trends: a person of the case, or an earlier respondent).</summary>
    public Dictionary<string, string> RecentPersons { get; set; } = new();
    public Dictionary<string, string?> RecentLabels { get; set; } = new();
    public Dictionary<string, string> Continued { get; set; } = new();
}

public sealed class CaseSummaryProjection : SingleStreamProjection<CaseSummary, Guid>
{
    public const string ProjectionName = "CaseSummary";
    private readonly int _familyPlanCheckInDays;

    public CaseSummaryProjection(int familyPlanCheckInDays)
    {
        _familyPlanCheckInDays = familyPlanCheckInDays;
        Name = ProjectionName;
    }

    public CaseSummary Create(CaseOpened e) => Replan(new CaseSummary
    {
        Id = e.CaseId, ClientReference = e.ClientReference, ClientName = e.ClientName, Kind = e.Kind, TeamId = e.TeamId,
        Casusregie = e.Casusregie, OpenedOn = e.OpenedOn, Schedule = CheckInScheduleState.Start(e),
    });

    /// <summary>The client's name is personal: masked here as in the events (Cases.PersonalDataErased).</summary>
    public CaseSummary Apply(PersonalDataErased e, CaseSummary s)
    {
        s.ClientName = PersonalDataErased.Mask;
        foreach (var key in s.RecentLabels.Keys.ToList()) if (s.RecentLabels[key] is not null) s.RecentLabels[key] = PersonalDataErased.Mask;
        s.RecentPoints = s.RecentPoints.Select(p => p.Label is null ? p : p with { Label = PersonalDataErased.Mask }).ToList();
        s.LatestSignals = s.LatestSignals.Select(x => x.Label is null ? x : x with { Label = PersonalDataErased.Mask }).ToList();
        return s;
    }

    public CaseSummary Apply(CheckInMomentsAgreed e, CaseSummary s) => Replan(s, s.Schedule.Apply(e));
    public CaseSummary Apply(FamilyPlanSet e, CaseSummary s) => Replan(s, s.Schedule.Apply(e));

    public CaseSummary Apply(CheckInHeld e, CaseSummary s)
    {
        s.RecentCheckIns.Add(new CheckInDate(e.CheckInId, e.HeldOn));
        foreach (var r in e.Respondents)
        {
            s.RecentPersons[$"{e.CheckInId:N}/{r.RespondentId}"] = CaseScoresProjection.PersonKey(r);
            s.RecentLabels[$"{e.CheckInId:N}/{r.RespondentId}"] = r.Label;
            if (r is { PersonId: { } person, ContinuesCheckInId: { } checkIn, ContinuesRespondentId: { } earlier }
                && s.RecentPersons.TryGetValue($"{checkIn:N}/{earlier}", out var earlierKey))
                s.Continued[earlierKey] = person.ToString();
        }
        if (s.RecentCheckIns.Count > 3)
        {
            var dropped = s.RecentCheckIns[0].CheckInId;
            s.RecentCheckIns.RemoveAt(0);
            s.RecentPoints.RemoveAll(p => p.CheckInId == dropped);
            foreach (var key in s.RecentPersons.Keys.Where(k => k.StartsWith($"{dropped:N}/", StringComparison.Ordinal)).ToList())
            {
                s.RecentPersons.Remove(key);
                s.RecentLabels.Remove(key);
            }
        }
        return Replan(s, s.Schedule.Apply(e));
    }

    public void Apply(ScoreGiven e, CaseSummary s)
    {
        var heldOn = s.RecentCheckIns.LastOrDefault(c => c.CheckInId == e.CheckInId)?.HeldOn ?? default;
        s.RecentPersons.TryGetValue($"{e.CheckInId:N}/{e.RespondentId}", out var person);
        s.RecentLabels.TryGetValue($"{e.CheckInId:N}/{e.RespondentId}", out var label);
        s.RecentPoints.Add(new ScorePoint(e.CheckInId, heldOn, e.RespondentId, label, e.Side, e.Role, e.Question, e.Form, e.Value, e.Smiley, person));
    }

    public void Apply(ScoreCorrected e, CaseSummary s)
    {
        var i = s.RecentPoints.FindIndex(p => p.CheckInId == e.CheckInId && p.RespondentId == e.RespondentId && p.Question == e.Question);
        if (i < 0) return; // an older check-in: the latest signals do not change
        s.RecentPoints[i] = s.RecentPoints[i] with { Value = e.Value, Smiley = e.Smiley };
        s.LatestSignals = TrendAnalysis.Analyse(s.Id, s.RecentCheckIns, s.RecentPoints, s.Continued).LatestSignals.ToList();
    }

    public CaseSummary Apply(CheckInDateCorrected e, CaseSummary s)
    {
        s.RecentCheckIns = s.RecentCheckIns.Select(c => c.CheckInId == e.CheckInId ? c with { HeldOn = e.HeldOn } : c).ToList();
        s.RecentPoints = s.RecentPoints.Select(p => p.CheckInId == e.CheckInId ? p with { HeldOn = e.HeldOn } : p).ToList();
        s.LatestSignals = TrendAnalysis.Analyse(s.Id, s.RecentCheckIns, s.RecentPoints, s.Continued).LatestSignals.ToList();
        return Replan(s, s.Schedule.Apply(e));
    }

    public void Apply(AgreementReviewed e, CaseSummary s) => s.OpenAgreements--;

    public void Apply(AgreementMade e, CaseSummary s)
    {
        s.OpenAgreements++;
        // The last event of a check-in: all its scores are in.
        s.LatestSignals = TrendAnalysis.Analyse(s.Id, s.RecentCheckIns, s.RecentPoints, s.Continued).LatestSignals.ToList();
    }

    public void Apply(Steunkring.ProcesbegeleiderAssigned e, CaseSummary s) => s.Procesbegeleider = e.UserId;

    public void Apply(JasperFx.Events.IEvent<RoleAssigned> e, CaseSummary s)
    {
        if (e.Data.Role == CaseRole.Casusregie)
        {
            if (e.Data.PreviousUserId is not null && e.Data.PreviousUserId != e.Data.UserId)
                s.CasusregieHandedOverOn = SamenSterker.Platform.AmsterdamCalendar.DayOf(e.Timestamp);
            s.Casusregie = e.Data.UserId;
        }
        else s.Procesregie = e.Data.UserId;
    }

    public CaseSummary Apply(CaseClosed e, CaseSummary s)
    {
        s.Closed = true;
        s.ClosedOn = e.ClosedOn;
        return Replan(s, s.Schedule.Apply(e));
    }

    private CaseSummary Replan(CaseSummary s, CheckInScheduleState? schedule = null)
    {
        s.Schedule = schedule ?? s.Schedule;
        var due = s.Schedule.NextDue(_familyPlanCheckInDays);
        s.NextDueOn = due?.DueOn;
        s.NextDueReason = due?.Reason;
        return s;
    }
}
