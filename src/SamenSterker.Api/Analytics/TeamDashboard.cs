using System.Globalization;
using Marten;
using Npgsql;
using SamenSterker.Access;
using SamenSterker.Caseload;
using SamenSterker.Cases;
using SamenSterker.CheckIns;
using SamenSterker.Platform;

namespace SamenSterker.Analytics;

public sealed record SidesMean(double? Client, double? Professional);

public sealed record DashboardMonth(
    string Month,
    int CheckInsHeld,
    int CheckInsMeasured,
    double? HeldOnTimeShare,
    IReadOnlyDictionary<string, SidesMean> MeanScores,
    int AgreementsMade,
    int AgreementsReviewed,
    double? AchievedShare);

public sealed record DashboardCase(Guid CaseId, string ClientReference, string ClientName, string Casusregie, DateOnly? NextCheckInDue,
    int DaysOverdue, IReadOnlyList<Signal> Signals);

/// <summary><see cref="MeanScores"/>: over the whole period, per question, the client side's and the professional's mean — one
/// figure over five questions would hide the question that is low. <see cref="OpenSignals"/>: the cases whose latest check-in
/// raised a signal (an older check-in's signals are history, not open); <see cref="OpenCases"/>: how many cases are open.</summary>
public sealed record TeamDashboard(string TeamId, DateOnly From, DateOnly To, IReadOnlyList<DashboardMonth> Months,
    IReadOnlyDictionary<string, SidesMean> MeanScores, int OpenCases,
    IReadOnlyList<DashboardCase> OverdueCases, IReadOnlyList<DashboardCase> OpenSignals);

/// <summary>
/// The team lead's view per month, computed in SQL from the analytics tables (one statement per
/// figure family, no per-case queries), plus what is overdue and signalled now from the case summaries.
/// </summary>
public static class GetTeamDashboard
{
    public static void Map(IEndpointRouteBuilder app) => app
        .MapGet("/api/teams/{teamId}/dashboard", async (string teamId, DateOnly? from, DateOnly? to, HttpContext http,
            IQuerySession session, NpgsqlDataSource db, AmsterdamCalendar calendar, CancellationToken ct) =>
        {
            if (!Policies.MayLeadTeam(http.User, teamId))
                return Problems.Problem(StatusCodes.Status403Forbidden, "Not allowed", "A team's dashboard is for that team's own team lead.");
            var today = calendar.Today;
            foreach (var (field, date) in new[] { ("from", from), ("to", to) })
                if (date is { } d && (d < CaseDates.Earliest || d > CaseDates.Latest(today)))
                    return Problems.Invalid(field, $"'{field}' is a date from {CaseDates.Earliest:yyyy-MM-dd} to {CaseDates.Latest(today):yyyy-MM-dd}.");
            var end = to ?? today;
            var start = from ?? new DateOnly(end.Year, end.Month, 1).AddMonths(-11);
            if (start > end) return Problems.Invalid("from", "'from' must not be after 'to'.");
            if (end.DayNumber - start.DayNumber > 3 * 366) return Problems.Invalid("from", "At most three years at a time.");

            return await Build(session, db, http, teamId, start, end, today, ct) is { } dashboard
                ? TypedResults.Ok(dashboard)
                : Problems.NotFound($"Team {teamId} has no cases.");
        })
        .RequireAuthorization(Policies.LeadTeams)
        .WithTags("Teams")
        .WithName("GetTeamDashboard")
        .WithSummary("Per month: check-ins held and on time, mean scores per side and question, agreements and achieved share; overdue cases and open signals")
        .Produces<TeamDashboard>()
        .ProducesProblem(StatusCodes.Status403Forbidden)
        .ProducesProblem(StatusCodes.Status404NotFound);

    /// <summary>The dashboard of a team that has cases (the API's and the web app's Team page), or null.</summary>
    public static async Task<TeamDashboard?> Build(IQuerySession session, NpgsqlDataSource db, HttpContext http, string teamId,
        DateOnly start, DateOnly end, DateOnly today, CancellationToken ct)
    {
        if (!await session.Query<CaseSummary>().AnyAsync(c => c.TeamId == teamId, ct)) return null;
        var (months, means) = await Months(db, teamId, start, end, ct);
        var open = await session.Query<CaseSummary>().Where(c => c.TeamId == teamId && !c.Closed).ToListAsync(ct);
        DashboardCase View(CaseSummary c) => new(c.Id, c.ClientReference, c.ClientName, c.Casusregie, c.NextDueOn,
            c.NextDueOn is { } d && d < today ? today.DayNumber - d.DayNumber : 0, c.LatestSignals);
        var overdue = open.Where(c => c.NextDueOn < today).OrderBy(c => c.NextDueOn).Select(View).ToList();
        // The most worrying first (how low, how far fallen, how far apart: CheckIns.SignalSeverity), not the most signals:
        // one father at 0,4 and falling asks for attention before three marks a little apart.
        var signalled = open.Where(c => c.LatestSignals.Count > 0)
            .OrderByDescending(c => SignalSeverity.Worst(c.LatestSignals))
            .ThenBy(c => c.ClientReference).Select(View).ToList();
        http.RecordCasesShown(overdue.Concat(signalled).Select(c => c.CaseId).Distinct());
        return new TeamDashboard(teamId, start, end, months, means, open.Count, overdue, signalled);
    }

    private const string S = AnalyticsTables.Schema;

    private static async Task<(IReadOnlyList<DashboardMonth> Months, IReadOnlyDictionary<string, SidesMean> Means)> Months(NpgsqlDataSource db,
        string teamId, DateOnly from, DateOnly to, CancellationToken ct)
    {
        var batch = db.CreateBatch();
        void Add(string sql)
        {
            var command = new NpgsqlBatchCommand(sql);
            command.Parameters.AddWithValue(teamId);
            command.Parameters.AddWithValue(from);
            command.Parameters.AddWithValue(to);
            batch.BatchCommands.Add(command);
        }
        Add($"""
            select to_char(ch.held_on, 'YYYY-MM'), count(*)::int, count(ch.on_time)::int, avg(case when ch.on_time then 1.0 else 0.0 end)::float8
            from {S}.check_ins ch join {S}.cases c on c.case_key = ch.case_key
            where c.team_id = $1 and ch.held_on between $2 and $3 group by 1
            """);
        Add($"""
            select to_char(s.held_on, 'YYYY-MM'), s.question, s.side, avg(s.value)::float8
            from {S}.scores s join {S}.cases c on c.case_key = s.case_key
            where c.team_id = $1 and s.held_on between $2 and $3 group by 1, 2, 3
            """);
        Add($"""
            select to_char(a.made_on, 'YYYY-MM'), count(*)::int, count(a.outcome)::int,
                   (avg(case when a.outcome = 'achieved' then 1.0 when a.outcome is not null then 0.0 end))::float8
            from {S}.agreements a join {S}.cases c on c.case_key = a.case_key
            where c.team_id = $1 and a.made_on between $2 and $3 group by 1
            """);
        Add($"""
            select s.question, s.side, avg(s.value)::float8
            from {S}.scores s join {S}.cases c on c.case_key = s.case_key
            where c.team_id = $1 and s.held_on between $2 and $3 group by 1, 2
            """);

        var checkIns = new Dictionary<string, (int Held, int Measured, double? OnTime)>();
        var scores = new Dictionary<string, Dictionary<string, SidesMean>>();
        var agreements = new Dictionary<string, (int Made, int Reviewed, double? Achieved)>();
        var period = new Dictionary<string, SidesMean>();
        await using (var reader = await batch.ExecuteReaderAsync(ct))
        {
            while (await reader.ReadAsync(ct))
                checkIns[reader.GetString(0)] = (reader.GetInt32(1), reader.GetInt32(2), reader.GetInt32(2) == 0 ? null : Math.Round(reader.GetDouble(3), 3));
            await reader.NextResultAsync(ct);
            while (await reader.ReadAsync(ct))
            {
                var perQuestion = scores.TryGetValue(reader.GetString(0), out var q) ? q : scores[reader.GetString(0)] = new();
                var question = reader.GetString(1);
                var mean = Math.Round(reader.GetDouble(3), 2);
                var current = perQuestion.GetValueOrDefault(question, new SidesMean(null, null));
                perQuestion[question] = reader.GetString(2) == "professional" ? current with { Professional = mean } : current with { Client = mean };
            }
            await reader.NextResultAsync(ct);
            while (await reader.ReadAsync(ct))
                agreements[reader.GetString(0)] = (reader.GetInt32(1), reader.GetInt32(2), reader.IsDBNull(3) ? null : Math.Round(reader.GetDouble(3), 3));
            await reader.NextResultAsync(ct);
            while (await reader.ReadAsync(ct))
            {
                var current = period.GetValueOrDefault(reader.GetString(0), new SidesMean(null, null));
                var mean = Math.Round(reader.GetDouble(2), 2);
                period[reader.GetString(0)] = reader.GetString(1) == "professional" ? current with { Professional = mean } : current with { Client = mean };
            }
        }

        var result = new List<DashboardMonth>();
        for (var month = new DateOnly(from.Year, from.Month, 1); month <= to; month = month.AddMonths(1))
        {
            var key = month.ToString("yyyy-MM", CultureInfo.InvariantCulture);
            var c = checkIns.GetValueOrDefault(key);
            var a = agreements.GetValueOrDefault(key);
            var monthMeans = Enum.GetValues<Question>().Select(Words.Of).ToDictionary(
                q => q, q => scores.GetValueOrDefault(key)?.GetValueOrDefault(q) ?? new SidesMean(null, null));
            result.Add(new DashboardMonth(key, c.Held, c.Measured, c.OnTime, monthMeans, a.Made, a.Reviewed, a.Achieved));
        }
        var means = Enum.GetValues<Question>().Select(Words.Of).ToDictionary(q => q, q => period.GetValueOrDefault(q, new SidesMean(null, null)));
        return (result, means);
    }
}
