using Weasel.Postgresql.Tables;

namespace SamenSterker.Analytics;

/// <summary>
/// The analysts' schema: plain relational tables, pseudonymous (no names, no free text), kept by
/// <see cref="AnalyticsProjection"/>. docs/analytics.md describes every column.
/// </summary>
public static class AnalyticsTables
{
    public const string Schema = "analytics";

    public static readonly Table Cases = Define("cases", t =>
    {
        t.AddColumn("case_key", "text").AsPrimaryKey();
        t.AddColumn("kind", "text").NotNull();
        t.AddColumn("team_id", "text").NotNull();
        t.AddColumn("opened_on", "date").NotNull();
        t.AddColumn("closed_on", "date");
        t.AddColumn("casusregie_key", "text").NotNull();
        t.AddColumn("procesregie_key", "text");
        t.AddColumn("interval_months", "integer").NotNull();
        t.AddColumn("on_new_family_plan", "boolean").NotNull();
        t.AddColumn("casusregie_handovers", "integer").NotNull().DefaultValueByExpression("0");
        t.Indexes.Add(new IndexDefinition("analytics_cases_team") { Columns = ["team_id"] });
    });

    public static readonly Table CheckIns = Define("check_ins", t =>
    {
        t.AddColumn("check_in_key", "text").AsPrimaryKey();
        t.AddColumn("case_key", "text").NotNull();
        t.AddColumn("held_on", "date").NotNull();
        t.AddColumn("form", "text").NotNull();
        t.AddColumn("client_respondents", "integer").NotNull();
        t.AddColumn("moment_no", "integer").NotNull();
        t.AddColumn("due_on", "date");
        t.AddColumn("days_late", "integer");
        t.AddColumn("on_time", "boolean");
        // The check-in's scores summed per side: a per-check-in or per-case mean without reading every score row.
        t.AddColumn("client_sum", "numeric").NotNull().DefaultValueByExpression("0");
        t.AddColumn("client_scores", "integer").NotNull().DefaultValueByExpression("0");
        t.AddColumn("professional_sum", "numeric").NotNull().DefaultValueByExpression("0");
        t.AddColumn("professional_scores", "integer").NotNull().DefaultValueByExpression("0");
        t.Indexes.Add(new IndexDefinition("analytics_check_ins_case") { Columns = ["case_key", "held_on"] });
    });

    public static readonly Table Scores = Define("scores", t =>
    {
        t.AddColumn("check_in_key", "text").AsPrimaryKey();
        t.AddColumn("respondent_key", "text").AsPrimaryKey();
        t.AddColumn("question", "text").AsPrimaryKey();
        t.AddColumn("case_key", "text").NotNull();
        t.AddColumn("held_on", "date").NotNull();
        t.AddColumn("side", "text").NotNull();
        t.AddColumn("respondent_role", "text").NotNull();
        t.AddColumn("form", "text").NotNull();
        t.AddColumn("value", "numeric(3,1)").NotNull();
        t.AddColumn("smiley", "smallint");
        // A team's or a case's scores by date (the team dashboard) without reading the whole table.
        t.Indexes.Add(new IndexDefinition("analytics_scores_case") { Columns = ["case_key", "held_on"] });
    });

    public static readonly Table Agreements = Define("agreements", t =>
    {
        t.AddColumn("agreement_key", "text").AsPrimaryKey();
        t.AddColumn("case_key", "text").NotNull();
        t.AddColumn("check_in_key", "text").NotNull();
        t.AddColumn("made_on", "date").NotNull();
        t.AddColumn("due_on", "date").NotNull();
        t.AddColumn("reviewed_on", "date");
        t.AddColumn("review_check_in_key", "text");
        t.AddColumn("outcome", "text");
        t.Indexes.Add(new IndexDefinition("analytics_agreements_case") { Columns = ["case_key", "made_on"] });
    });

    public static readonly Table CheckInSchedule = Define("check_in_schedule", t =>
    {
        t.AddColumn("case_key", "text").AsPrimaryKey();
        t.AddColumn("moment_no", "integer").AsPrimaryKey();
        t.AddColumn("due_on", "date").NotNull();
        t.AddColumn("due_reason", "text").NotNull();
        t.AddColumn("held_on", "date");
        t.AddColumn("check_in_key", "text");
        t.AddColumn("days_late", "integer");
        t.AddColumn("on_time", "boolean");
    });

    public static readonly Table SteunkringMembers = Define("steunkring_members", t =>
    {
        t.AddColumn("member_key", "text").AsPrimaryKey();
        t.AddColumn("case_key", "text").NotNull();
        t.AddColumn("relation", "text").NotNull();
        t.AddColumn("with_organisation", "boolean").NotNull();
        t.AddColumn("joined_on", "date").NotNull();
        t.AddColumn("left_on", "date");
    });

    public static readonly Table SteunkringMeetings = Define("steunkring_meetings", t =>
    {
        t.AddColumn("meeting_key", "text").AsPrimaryKey();
        t.AddColumn("case_key", "text").NotNull();
        t.AddColumn("held_on", "date").NotNull();
        t.AddColumn("agenda_items", "integer").NotNull();
        t.AddColumn("plan_agreements", "integer").NotNull();
        t.AddColumn("members_attended", "integer").NotNull();
        t.AddColumn("client_attended", "boolean").NotNull();
    });

    public static readonly Table SteunkringIntakes = Define("steunkring_intakes", t =>
    {
        t.AddColumn("intake_key", "text").AsPrimaryKey();
        t.AddColumn("case_key", "text").NotNull();
        t.AddColumn("member_key", "text").NotNull();
        t.AddColumn("held_on", "date").NotNull();
    });

    /// <summary>Each meeting as planned (the day it was last planned for, how often it moved, whether its agenda was prepared with
    /// the client); whether it was held is in steunkring_meetings under the same meeting_key.</summary>
    public static readonly Table SteunkringMeetingPlans = Define("steunkring_meeting_plans", t =>
    {
        t.AddColumn("meeting_key", "text").AsPrimaryKey();
        t.AddColumn("case_key", "text").NotNull();
        t.AddColumn("planned_for", "date").NotNull();
        t.AddColumn("times_moved", "integer").NotNull();
        t.AddColumn("agenda_prepared", "boolean").NotNull();
    });

    public static readonly Table SteunkringPlanAgreements = Define("steunkring_plan_agreements", t =>
    {
        t.AddColumn("agreement_key", "text").AsPrimaryKey();
        t.AddColumn("case_key", "text").NotNull();
        t.AddColumn("meeting_key", "text").NotNull();
        t.AddColumn("made_on", "date").NotNull();
        t.AddColumn("due_on", "date");
        t.AddColumn("reviewed_on", "date");
        t.AddColumn("outcome", "text");
    });

    public static readonly Table AllianceFeedback = Define("alliance_feedback", t =>
    {
        t.AddColumn("feedback_key", "text").AsPrimaryKey();
        t.AddColumn("case_key", "text").NotNull();
        t.AddColumn("given_on", "date").NotNull();
        t.AddColumn("from_side", "text").NotNull();
        t.AddColumn("said_goes_well", "boolean").NotNull();
        t.AddColumn("said_could_be_better", "boolean").NotNull();
        t.AddColumn("keyword_count", "integer").NotNull();
    });

    public static readonly Table AllianceDrawings = Define("alliance_drawings", t =>
    {
        t.AddColumn("drawing_key", "text").AsPrimaryKey();
        t.AddColumn("case_key", "text").NotNull();
        t.AddColumn("given_on", "date").NotNull();
        t.AddColumn("from_side", "text").NotNull();
        t.AddColumn("with_caption", "boolean").NotNull();
    });

    public static readonly Table PraatplaatReflections = Define("praatplaat_reflections", t =>
    {
        t.AddColumn("reflection_key", "text").AsPrimaryKey();
        t.AddColumn("case_key", "text").NotNull();
        t.AddColumn("held_on", "date").NotNull();
        t.AddColumn("questions_answered", "integer").NotNull();
        t.AddColumn("previous_step_outcome", "text");
    });

    public static readonly Table SharedApproachChanges = Define("shared_approach_changes", t =>
    {
        t.AddColumn("change_key", "text").AsPrimaryKey();
        t.AddColumn("case_key", "text").NotNull();
        t.AddColumn("agreed_on", "date").NotNull();
    });

    public static readonly Table FamilyPlans = Define("family_plans", t =>
    {
        t.AddColumn("family_plan_key", "text").AsPrimaryKey();
        t.AddColumn("case_key", "text").NotNull();
        t.AddColumn("set_on", "date").NotNull();
    });

    public static readonly IReadOnlyList<Table> All =
        [Cases, CheckIns, Scores, Agreements, CheckInSchedule, SteunkringMembers, SteunkringMeetings, SteunkringIntakes,
            SteunkringMeetingPlans, SteunkringPlanAgreements, AllianceFeedback, AllianceDrawings,
            PraatplaatReflections, SharedApproachChanges, FamilyPlans];

    private static Table Define(string name, Action<Table> columns)
    {
        var table = new Table($"{Schema}.{name}");
        columns(table);
        return table;
    }
}
