using JasperFx.Events;
using JasperFx.Events.Projections;
using Marten;
using Marten.Events.Daemon;
using Marten.Events.Projections;
using SamenSterker.Agreements;
using SamenSterker.Alliance;
using SamenSterker.Cases;
using SamenSterker.CheckIns;
using SamenSterker.Corrections;
using SamenSterker.Infrastructure;
using SamenSterker.Steunkring;
using SamenSterker.Operations;

namespace SamenSterker.Analytics;

/// <summary>The per-case state the analytics projection needs to place a check-in against its due date.</summary>
public sealed class AnalyticsCaseState
{
    public Guid Id { get; set; }
    public CheckInScheduleState Schedule { get; set; } = new();
}

/// <summary>One case's analytics rows, thrown away and built again from its events (in one transaction).</summary>
public sealed class AnalyticsReprojection(Pseudonyms keys, int familyPlanCheckInDays) : ICaseReprojection
{
    public string Projection => AnalyticsProjection.Name;

    public async Task Reproject(IServiceProvider services, Guid caseId, CancellationToken ct)
    {
        await using var session = services.GetRequiredService<IDocumentStore>().LightweightSession();
        var events = await session.Events.FetchStreamAsync(caseId, token: ct);
        var projection = new AnalyticsProjection(keys, familyPlanCheckInDays);
        projection.ForgetCase(session, caseId);
        await projection.ApplyAsync(session, events, ct);
        await session.SaveChangesAsync(ct);
    }
}

/// <summary>
/// Keeps the <c>analytics</c> tables: one SQL statement per fact, queued into the daemon's batch
/// (one transaction per batch). Async, so analysts' tables cost the write path nothing. It handles a
/// batch at once because placing a check-in against its due date needs the case's schedule so far:
/// that state is loaded once per batch, folded in memory with the same rules as the case itself
/// (<see cref="CheckInScheduleState"/>), and stored back.
/// </summary>
public sealed class AnalyticsProjection(Pseudonyms keys, int familyPlanCheckInDays) : IProjection
{
    public const string Name = "Analytics";
    private const string S = AnalyticsTables.Schema;

    public static void Register(StoreOptions opts, CompositeProjection readModels, Pseudonyms keys, int familyPlanCheckInDays)
    {
        foreach (var table in AnalyticsTables.All) opts.Storage.ExtendedSchemaObjects.Add(table);
        readModels.Add(new AnalyticsProjection(keys, familyPlanCheckInDays), o =>
        {
            foreach (var table in AnalyticsTables.All) o.DeleteDataInTableOnTeardown(table.Identifier.QualifiedName);
            o.DeleteViewTypeOnTeardown<AnalyticsCaseState>();
        });
    }

    public async Task ApplyAsync(IDocumentOperations ops, IReadOnlyList<IEvent> events, CancellationToken ct)
    {
        var caseIds = events.Select(e => e.StreamId).Distinct().ToArray();
        var states = (await ops.LoadManyAsync<AnalyticsCaseState>(ct, caseIds)).ToDictionary(s => s.Id);
        var touched = new HashSet<Guid>();
        var scores = new ScoreRows();
        var slice = new Pseudonyms.Memo(keys);

        foreach (var e in events)
        {
            var caseKey = slice.Case(e.StreamId);
            if (e.Data is CaseOpened opened)
                states[e.StreamId] = new AnalyticsCaseState { Id = e.StreamId, Schedule = CheckInScheduleState.Start(opened) };
            if (!states.TryGetValue(e.StreamId, out var state)) continue; // not a case stream
            touched.Add(e.StreamId);
            Project(ops, e, caseKey, state, scores, slice);
        }

        InsertScores(ops, scores);
        foreach (var id in touched) ops.Store(states[id]);
    }

    /// <summary>
    /// The scores gathered so far in one statement, after the check-ins they belong to. Also before any statement that
    /// changes scores (a correction in the same slice as the score it corrects would otherwise find nothing to change).
    /// </summary>
    private static void InsertScores(IDocumentOperations ops, ScoreRows scores)
    {
        if (scores.Count == 0) return;
        ops.QueueSqlCommand($"""
            insert into {S}.scores (check_in_key, respondent_key, question, case_key, held_on, side, respondent_role, form, value, smiley)
            select s.check_in_key, s.respondent_key, s.question, s.case_key, c.held_on, s.side, s.respondent_role, s.form, s.value, s.smiley
            from unnest(?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::numeric[], ?::smallint[])
              as s(check_in_key, respondent_key, question, case_key, side, respondent_role, form, value, smiley)
            join {S}.check_ins c on c.check_in_key = s.check_in_key
            on conflict do nothing
            """, scores.Columns());
        SumScores(ops, scores.CheckIns());
        scores.Clear();
    }

    /// <summary>Sums the scores of these check-ins per side into <c>check_ins</c> (after their scores were written or corrected).</summary>
    private static void SumScores(IDocumentOperations ops, string[] checkInKeys) =>
        ops.QueueSqlCommand($"""
            update {S}.check_ins c set client_sum = x.client_sum, client_scores = x.client_scores,
                   professional_sum = x.professional_sum, professional_scores = x.professional_scores
            from (select check_in_key,
                         coalesce(sum(value) filter (where side = 'client'), 0) as client_sum,
                         count(*) filter (where side = 'client') as client_scores,
                         coalesce(sum(value) filter (where side = 'professional'), 0) as professional_sum,
                         count(*) filter (where side = 'professional') as professional_scores
                  from {S}.scores where check_in_key = any(?) group by check_in_key) x
            where c.check_in_key = x.check_in_key
            """, (object)checkInKeys);

    private void Project(IDocumentOperations ops, IEvent e, string caseKey, AnalyticsCaseState state, ScoreRows scores, Pseudonyms.Memo slice)
    {
        switch (e.Data)
        {
            case CaseOpened x:
                ops.QueueSqlCommand($"""
                    insert into {S}.cases (case_key, kind, team_id, opened_on, casusregie_key, interval_months, on_new_family_plan)
                    values (?, ?, ?, ?, ?, ?, ?) on conflict (case_key) do nothing
                    """, caseKey, Words.Of(x.Kind), x.TeamId, x.OpenedOn, keys.User(x.Casusregie), x.CheckInMoments.IntervalMonths,
                    x.CheckInMoments.OnNewFamilyPlan);
                Replan(ops, caseKey, state);
                break;

            case CheckInMomentsAgreed x:
                ops.QueueSqlCommand($"update {S}.cases set interval_months = ?, on_new_family_plan = ? where case_key = ?",
                    x.IntervalMonths, x.OnNewFamilyPlan, caseKey);
                state.Schedule = state.Schedule.Apply(x);
                Replan(ops, caseKey, state);
                break;

            case FamilyPlanSet x:
                ops.QueueSqlCommand($"insert into {S}.family_plans (family_plan_key, case_key, set_on) values (?, ?, ?) on conflict do nothing",
                    keys.Other("family-plan", x.FamilyPlanId), caseKey, x.SetOn);
                state.Schedule = state.Schedule.Apply(x);
                Replan(ops, caseKey, state);
                break;

            case RoleAssigned { Role: CaseRole.Casusregie } x:
                ops.QueueSqlCommand($"update {S}.cases set casusregie_key = ?, casusregie_handovers = casusregie_handovers + 1 where case_key = ?",
                    keys.User(x.UserId), caseKey);
                break;

            case RoleAssigned x:
                ops.QueueSqlCommand($"update {S}.cases set procesregie_key = ? where case_key = ?", keys.User(x.UserId), caseKey);
                break;

            case CheckInHeld x:
                HoldCheckIn(ops, caseKey, state, x, slice);
                break;

            case ScoreGiven x:
                scores.Add(slice.CheckIn(x.CheckInId), slice.Respondent(e.StreamId, x.RespondentId), Words.Of(x.Question), caseKey,
                    Words.Of(x.Side), Words.Of(x.Role), Words.Of(x.Form), (decimal)x.Value, x.Smiley);
                break;

            case AgreementMade x:
                ops.QueueSqlCommand($"""
                    insert into {S}.agreements (agreement_key, case_key, check_in_key, made_on, due_on) values (?, ?, ?, ?, ?)
                    on conflict do nothing
                    """, keys.Agreement(x.AgreementId), caseKey, slice.CheckIn(x.CheckInId), x.MadeOn, x.ByWhen);
                break;

            case AgreementReviewed x:
                ops.QueueSqlCommand($"update {S}.agreements set reviewed_on = ?, review_check_in_key = ?, outcome = ? where agreement_key = ?",
                    x.ReviewedOn, slice.CheckIn(x.CheckInId), Words.Of(x.Outcome), keys.Agreement(x.AgreementId));
                break;

            case SteunkringMemberAdded x:
                ops.QueueSqlCommand($"""
                    insert into {S}.steunkring_members (member_key, case_key, relation, with_organisation, joined_on) values (?, ?, ?, ?, ?)
                    on conflict do nothing
                    """, keys.Member(x.MemberId), caseKey, Words.Of(x.Relation), !string.IsNullOrWhiteSpace(x.Organisation), x.JoinedOn);
                break;

            case SteunkringMemberLeft x:
                ops.QueueSqlCommand($"update {S}.steunkring_members set left_on = ? where member_key = ?", x.LeftOn, keys.Member(x.MemberId));
                break;

            case SteunkringMeetingHeld x:
                ops.QueueSqlCommand($"""
                    insert into {S}.steunkring_meetings (meeting_key, case_key, held_on, agenda_items, plan_agreements, members_attended, client_attended)
                    values (?, ?, ?, ?, ?, ?, ?) on conflict do nothing
                    """, keys.Other("meeting", x.MeetingId), caseKey, x.HeldOn, x.Agenda.Count, x.Agreements.Count, x.AttendedMemberIds.Count,
                    x.ClientAttended);
                break;

            case AllianceFeedbackGiven x:
                ops.QueueSqlCommand($"""
                    insert into {S}.alliance_feedback (feedback_key, case_key, given_on, from_side, said_goes_well, said_could_be_better, keyword_count)
                    values (?, ?, ?, ?, ?, ?, ?) on conflict do nothing
                    """, keys.Other("feedback", x.FeedbackId), caseKey, x.GivenOn, Words.Of(x.From), !string.IsNullOrWhiteSpace(x.GoesWell),
                    !string.IsNullOrWhiteSpace(x.CouldBeBetter), x.Keywords.Count);
                break;

            case ScoreCorrected x:
                InsertScores(ops, scores);
                ops.QueueSqlCommand($"update {S}.scores set value = ?, smiley = ?::smallint where check_in_key = ? and respondent_key = ? and question = ?",
                    (decimal)x.Value, (object?)x.Smiley ?? DBNull.Value, slice.CheckIn(x.CheckInId), slice.Respondent(e.StreamId, x.RespondentId), Words.Of(x.Question));
                SumScores(ops, [slice.CheckIn(x.CheckInId)]);
                break;

            case CheckInDateCorrected x:
                InsertScores(ops, scores);
                var corrected = keys.CheckIn(x.CheckInId);
                foreach (var table in new[] { "check_ins", "check_in_schedule" })
                    ops.QueueSqlCommand($"""
                        update {S}.{table} set held_on = ?::date,
                          days_late = case when due_on is null then null else greatest(0, ?::date - due_on) end,
                          on_time = case when due_on is null then null else ?::date <= due_on end
                        where check_in_key = ?
                        """, x.HeldOn, x.HeldOn, x.HeldOn, corrected);
                ops.QueueSqlCommand($"update {S}.scores set held_on = ? where check_in_key = ?", x.HeldOn, corrected);
                ops.QueueSqlCommand($"update {S}.agreements set made_on = ? where check_in_key = ?", x.HeldOn, corrected);
                ops.QueueSqlCommand($"update {S}.agreements set reviewed_on = ? where review_check_in_key = ?", x.HeldOn, corrected);
                state.Schedule = state.Schedule.Apply(x);
                Replan(ops, caseKey, state);
                break;

            case AgreementCorrected x:
                ops.QueueSqlCommand($"update {S}.agreements set due_on = ? where agreement_key = ?", x.ByWhen, keys.Agreement(x.AgreementId));
                break;

            case SteunkringMemberCorrected { AddedInError: true } x:
                ops.QueueSqlCommand($"delete from {S}.steunkring_members where member_key = ?", keys.Member(x.MemberId));
                break;

            case SteunkringMemberCorrected x:
                ops.QueueSqlCommand($"update {S}.steunkring_members set relation = ?, with_organisation = ? where member_key = ?",
                    Words.Of(x.Relation), !string.IsNullOrWhiteSpace(x.Organisation), keys.Member(x.MemberId));
                break;

            case CaseClosed x:
                ops.QueueSqlCommand($"update {S}.cases set closed_on = ? where case_key = ?", x.ClosedOn, caseKey);
                ops.QueueSqlCommand($"delete from {S}.check_in_schedule where case_key = ? and held_on is null", caseKey);
                state.Schedule = state.Schedule.Apply(x);
                break;
        }
    }

    private void HoldCheckIn(IDocumentOperations ops, string caseKey, AnalyticsCaseState state, CheckInHeld x, Pseudonyms.Memo slice)
    {
        // The check-in is measured against the due date in force when it was held.
        var due = state.Schedule.NextDue(familyPlanCheckInDays);
        var moment = state.Schedule.CheckInsHeld + 1;
        int? daysLate = due is null ? null : Math.Max(0, x.HeldOn.DayNumber - due.DueOn.DayNumber);
        bool? onTime = due is null ? null : x.HeldOn <= due.DueOn;
        var checkInKey = slice.CheckIn(x.CheckInId);

        ops.QueueSqlCommand($"""
            insert into {S}.check_ins (check_in_key, case_key, held_on, form, client_respondents, moment_no, due_on, days_late, on_time)
            values (?, ?, ?, ?, ?, ?, ?::date, ?::integer, ?::boolean) on conflict do nothing
            """, checkInKey, caseKey, x.HeldOn, Words.Of(x.Form), x.Respondents.Count(r => r.Side == RespondentSide.Client), moment,
            (object?)due?.DueOn ?? DBNull.Value, (object?)daysLate ?? DBNull.Value, (object?)onTime ?? DBNull.Value);
        ops.QueueSqlCommand($"""
            update {S}.check_in_schedule set held_on = ?, check_in_key = ?, days_late = ?::integer, on_time = ?::boolean
            where case_key = ? and moment_no = ?
            """, x.HeldOn, checkInKey, (object?)daysLate ?? DBNull.Value, (object?)onTime ?? DBNull.Value, caseKey, moment);

        state.Schedule = state.Schedule.Apply(x);
        Replan(ops, caseKey, state);
    }

    /// <summary>The open row of the schedule: the next moment and when it is due now.</summary>
    private void Replan(IDocumentOperations ops, string caseKey, AnalyticsCaseState state)
    {
        if (state.Schedule.NextDue(familyPlanCheckInDays) is not { } due) return;
        ops.QueueSqlCommand($"""
            insert into {S}.check_in_schedule (case_key, moment_no, due_on, due_reason) values (?, ?, ?, ?)
            on conflict (case_key, moment_no) do update set due_on = excluded.due_on, due_reason = excluded.due_reason
            """, caseKey, state.Schedule.CheckInsHeld + 1, due.DueOn, Words.Of(due.Reason));
    }

    /// <summary>Removes one case's rows, so that applying its events again starts from nothing (its state restarts at CaseOpened).</summary>
    public void ForgetCase(IDocumentOperations ops, Guid caseId)
    {
        var caseKey = keys.Case(caseId);
        foreach (var table in AnalyticsTables.All)
            ops.QueueSqlCommand($"delete from {table.Identifier.QualifiedName} where case_key = ?", caseKey);
    }

    /// <summary>The score rows of one batch, as columns for one unnest() insert.</summary>
    private sealed class ScoreRows
    {
        private readonly List<string> _checkIn = [], _respondent = [], _question = [], _case = [], _side = [], _role = [], _form = [];
        private readonly List<decimal> _value = [];
        private readonly List<short?> _smiley = [];

        public int Count => _value.Count;

        public void Clear()
        {
            foreach (var list in new System.Collections.IList[] { _checkIn, _respondent, _question, _case, _side, _role, _form, _value, _smiley }) list.Clear();
        }

        public void Add(string checkIn, string respondent, string question, string caseKey, string side, string role, string form,
            decimal value, int? smiley)
        {
            _checkIn.Add(checkIn); _respondent.Add(respondent); _question.Add(question); _case.Add(caseKey);
            _side.Add(side); _role.Add(role); _form.Add(form); _value.Add(value); _smiley.Add((short?)smiley);
        }

        public string[] CheckIns() => _checkIn.Distinct().ToArray();

        public object[] Columns() =>
        [
            _checkIn.ToArray(), _respondent.ToArray(), _question.ToArray(), _case.ToArray(), _side.ToArray(), _role.ToArray(),
            _form.ToArray(), _value.ToArray(), _smiley.ToArray(),
        ];
    }
}
