using JasperFx.Events;
using Marten;
using Marten.Events.Projections;
using SamenSterker.Alliance;
using SamenSterker.Cases;
using SamenSterker.CheckIns;
using SamenSterker.Platform;
using SamenSterker.Steunkring;

namespace SamenSterker.Analytics;

/// <summary>The per-case state the analytics projection needs to place a check-in against its due date.</summary>
public sealed class AnalyticsCaseState
{
    public Guid Id { get; set; }
    public CheckInScheduleState Schedule { get; set; } = new();
    /// <summary>The case's latest check-in and its date: its scores follow it in the stream and carry that date.</summary>
    public Guid LastCheckIn { get; set; }
    public DateOnly LastHeldOn { get; set; }
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
/// Keeps the <c>analytics</c> tables, queued into the daemon's batch (one transaction per batch). The many rows
/// (check-ins, their scores, agreements and reviews) are gathered per batch and written one statement per table;
/// the rarer facts are a statement each. Async, so analysts' tables cost the write path nothing. It handles a
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
        var rows = new SliceRows();
        var slice = new Pseudonyms.Memo(keys);

        foreach (var e in events)
        {
            var caseKey = slice.Case(e.StreamId);
            if (e.Data is CaseOpened opened)
                states[e.StreamId] = new AnalyticsCaseState { Id = e.StreamId, Schedule = CheckInScheduleState.Start(opened) };
            if (!states.TryGetValue(e.StreamId, out var state)) continue; // not a case stream
            touched.Add(e.StreamId);
            Project(ops, e, caseKey, state, rows, slice);
        }

        rows.Write(ops);
        foreach (var id in touched) ops.Store(states[id]);
    }

    private void Project(IDocumentOperations ops, IEvent e, string caseKey, AnalyticsCaseState state, SliceRows rows, Pseudonyms.Memo slice)
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
                HoldCheckIn(ops, caseKey, state, x, rows, slice);
                break;

            case ScoreGiven x:
                rows.Scores.Add(slice.CheckIn(x.CheckInId), slice.Respondent(e.StreamId, x.RespondentId), Words.Of(x.Question), caseKey,
                    x.CheckInId == state.LastCheckIn ? state.LastHeldOn : null, Words.Of(x.Side), Words.Of(x.Role), Words.Of(x.Form),
                    (decimal)x.Value, x.Smiley);
                break;

            case AgreementMade x:
                rows.Agreements.Add(keys.Agreement(x.AgreementId), caseKey, slice.CheckIn(x.CheckInId), x.MadeOn, x.ByWhen);
                break;

            case AgreementReviewed x:
                var reviewed = keys.Agreement(x.AgreementId);
                if (rows.Reviews.Has(reviewed)) rows.Write(ops); // one review per agreement in a statement
                rows.Reviews.Add(reviewed, x.ReviewedOn, slice.CheckIn(x.CheckInId), Words.Of(x.Outcome));
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
                for (var i = 0; i < x.Agreements.Count; i++)
                    ops.QueueSqlCommand($"""
                        insert into {S}.steunkring_plan_agreements (agreement_key, case_key, meeting_key, made_on, due_on) values (?, ?, ?, ?, ?::date)
                        on conflict do nothing
                        """, keys.Other("plan-agreement", PlanAgreementIds.Of(x.MeetingId, i, x.Agreements[i])), caseKey, keys.Other("meeting", x.MeetingId),
                        x.HeldOn, (object?)x.Agreements[i].ByWhen ?? DBNull.Value);
                break;

            case SteunkringIntakeHeld x:
                ops.QueueSqlCommand($"insert into {S}.steunkring_intakes (intake_key, case_key, member_key, held_on) values (?, ?, ?, ?) on conflict do nothing",
                    keys.Other("intake", x.IntakeId), caseKey, keys.Member(x.MemberId), x.HeldOn);
                break;

            case SteunkringMeetingPlanned x:
                ops.QueueSqlCommand($"""
                    insert into {S}.steunkring_meeting_plans (meeting_key, case_key, planned_for, times_moved, agenda_prepared) values (?, ?, ?, 0, false)
                    on conflict (meeting_key) do update set planned_for = excluded.planned_for, times_moved = {S}.steunkring_meeting_plans.times_moved + 1
                    """, keys.Other("meeting", x.MeetingId), caseKey, x.On);
                break;

            case SteunkringAgendaPrepared x:
                ops.QueueSqlCommand($"update {S}.steunkring_meeting_plans set agenda_prepared = true where meeting_key = ?", keys.Other("meeting", x.MeetingId));
                break;

            case PlanAgreementReviewed x:
                ops.QueueSqlCommand($"update {S}.steunkring_plan_agreements set reviewed_on = ?, outcome = ? where agreement_key = ?",
                    x.ReviewedOn, Words.Of(x.Outcome), keys.Other("plan-agreement", x.AgreementId));
                break;

            case AllianceFeedbackGiven x:
                ops.QueueSqlCommand($"""
                    insert into {S}.alliance_feedback (feedback_key, case_key, given_on, from_side, said_goes_well, said_could_be_better, keyword_count)
                    values (?, ?, ?, ?, ?, ?, ?) on conflict do nothing
                    """, keys.Other("feedback", x.FeedbackId), caseKey, x.GivenOn, Words.Of(x.From), !string.IsNullOrWhiteSpace(x.GoesWell),
                    !string.IsNullOrWhiteSpace(x.CouldBeBetter), x.Keywords.Count);
                break;

            case AllianceDrawingAdded x:
                ops.QueueSqlCommand($"""
                    insert into {S}.alliance_drawings (drawing_key, case_key, given_on, from_side, with_caption) values (?, ?, ?, ?, ?)
                    on conflict do nothing
                    """, keys.Other("drawing", x.DrawingId), caseKey, x.GivenOn, Words.Of(x.From), !string.IsNullOrWhiteSpace(x.Caption));
                break;

            case Praatplaat.ReflectionWithFamilyHeld x:
                ops.QueueSqlCommand($"""
                    insert into {S}.praatplaat_reflections (reflection_key, case_key, held_on, questions_answered, previous_step_outcome)
                    values (?, ?, ?, ?, ?) on conflict do nothing
                    """, keys.Other("reflection", x.ReflectionId), caseKey, x.HeldOn, x.Answers.Count,
                    x.PreviousStep is { } previous ? Words.Of(previous.Outcome) : DBNull.Value);
                break;

            case SharedApproachAgreed x:
                ops.QueueSqlCommand($"insert into {S}.shared_approach_changes (change_key, case_key, agreed_on) values (?, ?, ?) on conflict do nothing",
                    keys.Other("approach", e.Id), caseKey, x.AgreedOn);
                break;

            case ScoreCorrected x:
                rows.Write(ops);
                ops.QueueSqlCommand($"update {S}.scores set value = ?, smiley = ?::smallint where check_in_key = ? and respondent_key = ? and question = ?",
                    (decimal)x.Value, (object?)x.Smiley ?? DBNull.Value, slice.CheckIn(x.CheckInId), slice.Respondent(e.StreamId, x.RespondentId), Words.Of(x.Question));
                SumScores(ops, slice.CheckIn(x.CheckInId));
                break;

            case CheckInDateCorrected x:
                rows.Write(ops);
                if (x.CheckInId == state.LastCheckIn) state.LastHeldOn = x.HeldOn;
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
                rows.Write(ops);
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

    private void HoldCheckIn(IDocumentOperations ops, string caseKey, AnalyticsCaseState state, CheckInHeld x, SliceRows rows, Pseudonyms.Memo slice)
    {
        // The check-in is measured against the due date in force when it was held.
        var due = state.Schedule.NextDue(familyPlanCheckInDays);
        var moment = state.Schedule.CheckInsHeld + 1;
        int? daysLate = due is null ? null : Math.Max(0, x.HeldOn.DayNumber - due.DueOn.DayNumber);
        bool? onTime = due is null ? null : x.HeldOn <= due.DueOn;
        var checkInKey = slice.CheckIn(x.CheckInId);

        rows.CheckIns.Add(checkInKey, caseKey, x.HeldOn, Words.Of(x.Form), x.Respondents.Count(r => r.Side == RespondentSide.Client), moment,
            due?.DueOn, daysLate, onTime);
        state.LastCheckIn = x.CheckInId;
        state.LastHeldOn = x.HeldOn;
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

    /// <summary>Sums the scores of a check-in per side into <c>check_ins</c> again (after a correction of one of them).</summary>
    private static void SumScores(IDocumentOperations ops, string checkInKey) =>
        ops.QueueSqlCommand($"""
            update {S}.check_ins c set client_sum = x.client_sum, client_scores = x.client_scores,
                   professional_sum = x.professional_sum, professional_scores = x.professional_scores
            from (select coalesce(sum(value) filter (where side = 'client'), 0) as client_sum,
                         count(*) filter (where side = 'client') as client_scores,
                         coalesce(sum(value) filter (where side = 'professional'), 0) as professional_sum,
                         count(*) filter (where side = 'professional') as professional_scores
                  from {S}.scores where check_in_key = ?) x
            where c.check_in_key = ?
            """, checkInKey, checkInKey);

    /// <summary>
    /// The rows of one batch, written one statement per table (<c>unnest</c> of column arrays) in the order they depend
    /// on each other: check-ins, agreements, scores (adding to their check-in's sums), reviews. Written at the end of the
    /// batch, and before any statement that changes rows of these tables (a correction), so that it finds them.
    /// </summary>
    private sealed class SliceRows
    {
        public readonly Columns CheckIns = new(9), Agreements = new(5), Scores = new(10), Reviews = new(4);

        public void Write(IDocumentOperations ops)
        {
            if (CheckIns.Count > 0)
                ops.QueueSqlCommand($"""
                    insert into {S}.check_ins (check_in_key, case_key, held_on, form, client_respondents, moment_no, due_on, days_late, on_time)
                    select * from unnest(?::text[], ?::text[], ?::date[], ?::text[], ?::integer[], ?::integer[], ?::date[], ?::integer[], ?::boolean[])
                    on conflict do nothing
                    """, CheckIns.Take());
            if (Agreements.Count > 0)
                ops.QueueSqlCommand($"""
                    insert into {S}.agreements (agreement_key, case_key, check_in_key, made_on, due_on)
                    select * from unnest(?::text[], ?::text[], ?::text[], ?::date[], ?::date[])
                    on conflict do nothing
                    """, Agreements.Take());
            if (Scores.Count > 0)
                // The date comes with the score (its check-in just before it in the stream), else from its check-in's row;
                // only the rows actually inserted add to their check-in's sums.
                ops.QueueSqlCommand($"""
                    with given as (
                      select s.check_in_key, s.respondent_key, s.question, s.case_key,
                             coalesce(s.held_on, (select c.held_on from {S}.check_ins c where c.check_in_key = s.check_in_key)) as held_on,
                             s.side, s.respondent_role, s.form, s.value, s.smiley
                      from unnest(?::text[], ?::text[], ?::text[], ?::text[], ?::date[], ?::text[], ?::text[], ?::text[], ?::numeric[], ?::smallint[])
                        as s(check_in_key, respondent_key, question, case_key, held_on, side, respondent_role, form, value, smiley)
                    ), inserted as (
                      insert into {S}.scores (check_in_key, respondent_key, question, case_key, held_on, side, respondent_role, form, value, smiley)
                      select * from given where held_on is not null
                      on conflict do nothing
                      returning check_in_key, side, value
                    )
                    update {S}.check_ins c
                    set client_sum = c.client_sum + x.client_sum, client_scores = c.client_scores + x.client_scores,
                        professional_sum = c.professional_sum + x.professional_sum, professional_scores = c.professional_scores + x.professional_scores
                    from (select check_in_key,
                                 coalesce(sum(value) filter (where side = 'client'), 0) as client_sum,
                                 count(*) filter (where side = 'client') as client_scores,
                                 coalesce(sum(value) filter (where side = 'professional'), 0) as professional_sum,
                                 count(*) filter (where side = 'professional') as professional_scores
                          from inserted group by check_in_key) x
                    where c.check_in_key = x.check_in_key
                    """, Scores.Take());
            if (Reviews.Count > 0)
                ops.QueueSqlCommand($"""
                    update {S}.agreements a set reviewed_on = r.reviewed_on, review_check_in_key = r.review_check_in_key, outcome = r.outcome
                    from unnest(?::text[], ?::date[], ?::text[], ?::text[]) as r(agreement_key, reviewed_on, review_check_in_key, outcome)
                    where a.agreement_key = r.agreement_key
                    """, Reviews.Take());
        }
    }

    /// <summary>Rows as columns, for one <c>unnest</c> statement; the first column is the row's key.</summary>
    private sealed class Columns(int width)
    {
        private readonly List<object?>[] _columns = Enumerable.Range(0, width).Select(_ => new List<object?>()).ToArray();
        private readonly HashSet<string> _keys = [];

        public int Count => _columns[0].Count;
        public bool Has(string key) => _keys.Contains(key);

        public void Add(params object?[] row)
        {
            for (var i = 0; i < row.Length; i++) _columns[i].Add(row[i]);
            _keys.Add((string)row[0]!);
        }

        /// <summary>The columns as typed arrays (Npgsql sends each as one array parameter), and empty again.</summary>
        public object[] Take()
        {
            var arrays = _columns.Select(Typed).ToArray();
            foreach (var column in _columns) column.Clear();
            _keys.Clear();
            return arrays;
        }

        private static object Typed(List<object?> column) => column.FirstOrDefault(v => v is not null) switch
        {
            string => column.Cast<string?>().ToArray(),
            DateOnly => column.Select(v => (DateOnly?)v).ToArray(),
            int => column.Select(v => (int?)v).ToArray(),
            bool => column.Select(v => (bool?)v).ToArray(),
            decimal => column.Select(v => (decimal?)v).ToArray(),
            short => column.Select(v => (short?)v).ToArray(),
            _ => column.Select(_ => (string?)null).ToArray(), // all null: the statement's cast gives the type
        };
    }
}
