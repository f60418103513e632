using System.Globalization;
using System.Text.Json;
using Marten;
using Npgsql;
using SamenSterker.Alliance;
using SamenSterker.Cases;
using SamenSterker.CheckIns;
using SamenSterker.Platform;
using SamenSterker.Steunkring;

namespace SamenSterker.Timeline;

/// <summary>
/// The case timeline: every event of the case in words a person reads, with the event's own time, user and version.
/// Read straight from the case's stream (the unique index on stream and version makes a page one index range): an
/// entry is a pure function of one event, so a stored copy of it would only cost a rebuild, disk and a lag behind the
/// write. It is current the moment a write commits, and an erasure's masking shows in it at once. One plain query
/// (as <see cref="Corrections.CorrectAFact"/> reads a fact): only each event's data is deserialized, with Marten's
/// own serializer; Marten's event reader would also build an envelope with a fresh random id for every event.
/// </summary>
public static class CaseTimeline
{
    /// <summary>Marten's event type names, with each type and the kind the timeline shows for it (made once).</summary>
    private static readonly Dictionary<string, (Type Type, string Kind)> Types = CaseStreamEvents.All.ToDictionary(
        EventStore.EventTypeName, t => (t, JsonNamingPolicy.CamelCase.ConvertName(t.Name)));

    /// <summary>Every kind but the single scores (they belong to their check-in).</summary>
    private static readonly string[] Facts = Types.Where(t => t.Value.Type != typeof(ScoreGiven)).Select(t => t.Key).ToArray();

    private const string Columns = "version, timestamp, user_name, type, data";

    /// <summary>The timeline from version <paramref name="after"/> on, oldest first.</summary>
    public static Task<IReadOnlyList<TimelineEntryView>> After(NpgsqlDataSource db, ISerializer serializer, Guid caseId, long after, int take,
        CancellationToken ct) =>
        Read(db, serializer, $"""
            select {Columns} from {EventStore.Schema}.mt_events
            where stream_id = $1 and version > $2 and is_archived = false order by version limit $3
            """, ct, caseId, after, take);

    /// <summary>The latest facts of the case, newest first, without the single scores.</summary>
    public static Task<IReadOnlyList<TimelineEntryView>> LatestFacts(NpgsqlDataSource db, ISerializer serializer, Guid caseId, int take,
        CancellationToken ct) =>
        Read(db, serializer, $"""
            select {Columns} from {EventStore.Schema}.mt_events
            where stream_id = $1 and type = any($2) and is_archived = false order by version desc limit $3
            """, ct, caseId, Facts, take);

    /// <summary>
    /// The agreements and steunkring members of a case by id (one query over their facts and corrections), so a review
    /// says which agreement it was about and a leaving member is named, also when the agreement or member is long gone.
    /// </summary>
    public static async Task<CaseReferences> References(NpgsqlDataSource db, ISerializer serializer, Guid caseId, CancellationToken ct)
    {
        Type[] named = [typeof(AgreementMade), typeof(AgreementCorrected), typeof(SteunkringMemberAdded), typeof(SteunkringMemberCorrected),
            typeof(SteunkringMeetingHeld)];
        var agreements = new Dictionary<Guid, string>();
        var members = new Dictionary<Guid, string>();
        foreach (var fact in await CaseFacts.Of(db, serializer, caseId, named, ct))
            switch (fact.Data)
            {
                case AgreementMade e: agreements[e.AgreementId] = e.What; break;
                case AgreementCorrected e: agreements[e.AgreementId] = e.What; break;
                case SteunkringMemberAdded e: members[e.MemberId] = e.Name; break;
                case SteunkringMemberCorrected e: members[e.MemberId] = e.Name; break;
                case SteunkringMeetingHeld e:
                    for (var i = 0; i < e.Agreements.Count; i++) agreements[PlanAgreementIds.Of(e.MeetingId, i, e.Agreements[i])] = e.Agreements[i].What;
                    break;
            }
        return new CaseReferences(agreements, members);
    }

    private static async Task<IReadOnlyList<TimelineEntryView>> Read(NpgsqlDataSource db, ISerializer serializer, string sql,
        CancellationToken ct, params object[] parameters)
    {
        await using var command = db.CreateCommand(sql);
        foreach (var value in parameters) command.Parameters.Add(new NpgsqlParameter { Value = value });
        await using var reader = await command.ExecuteReaderAsync(ct);
        var entries = new List<TimelineEntryView>();
        while (await reader.ReadAsync(ct))
        {
            var alias = reader.GetString(3);
            var known = Types.TryGetValue(alias, out var kind);
            var data = known ? serializer.FromJson(kind.Type, reader, 4) : null;
            entries.Add(new TimelineEntryView(reader.GetInt64(0), reader.GetFieldValue<DateTimeOffset>(1),
                reader.IsDBNull(2) ? null : reader.GetString(2),
                known ? kind.Kind : alias, data is null ? "" : TimelineText.Summary(data) ?? "") { Fact = data });
        }
        return entries;
    }
}

/// <summary>One line a person reads for each kind of event (English, with the method's Dutch words).</summary>
public static class TimelineText
{
    public static string? Summary(object data) => data switch
    {
        CaseOpened e => $"Case {e.ClientReference} opened ({Words.Of(e.Kind)}, team {e.TeamId}); casusregie: {e.Casusregie}; {Moments(e.CheckInMoments.IntervalMonths, e.CheckInMoments.OnNewFamilyPlan, e.CheckInMoments.FirstOn)}",
        CheckInMomentsAgreed e => $"Check-in moments agreed: {Moments(e.IntervalMonths, e.OnNewFamilyPlan, e.NextOn)}",
        FamilyPlanSet e => $"New gezinsplan set on {Date(e.SetOn)}: {Short(e.Summary)}",
        RoleAssigned e => e.PreviousUserId is null
            ? $"{Title(e.Role)} assigned to {e.UserId}"
            : $"{Title(e.Role)} handed over from {e.PreviousUserId} to {e.UserId}",
        CheckInHeld e => $"Check-in held on {Date(e.HeldOn)} with {string.Join(", ", e.Respondents.Select(Who))} ({Words.Of(e.Form)} form)",
        ScoreGiven e => $"{(e.Side == RespondentSide.Professional ? "Professional" : "Client side")} ({e.RespondentId}) scored {Words.Of(e.Question)}: "
                        + (e.Smiley is { } s ? $"smiley {s} ({Number(e.Value)} on the line)" : Number(e.Value)),
        AgreementReviewed e => $"Agreement reviewed: {Outcome(e.Outcome)}" + (string.IsNullOrWhiteSpace(e.Note) ? "" : $" — {Short(e.Note)}"),
        AgreementMade e => $"Agreement made: {Short(e.What)} — {e.Who}, by {Date(e.ByWhen)}",
        SteunkringMemberAdded e => $"{e.Name} ({Words.Of(e.Relation)}{(e.Organisation is null ? "" : ", " + e.Organisation)}) joined the steunkring",
        SteunkringMemberLeft e => $"A member left the steunkring on {Date(e.LeftOn)}" + (string.IsNullOrWhiteSpace(e.Reason) ? "" : $": {Short(e.Reason)}"),
        ProcesbegeleiderAssigned e => e.PreviousUserId is null
            ? $"Procesbegeleider of the steunkring: {e.UserId}"
            : $"Procesbegeleider handed over from {e.PreviousUserId} to {e.UserId}",
        SteunkringIntakeHeld e => $"Intake with a steunkring member held on {Date(e.HeldOn)}",
        SteunkringMeetingPlanned { WasOn: { } was } e => $"Steunkring meeting of {Date(was)} moved to {Date(e.On)}{(e.At is { } at ? " at " + at.ToString("HH:mm", CultureInfo.InvariantCulture) : "")}",
        SteunkringMeetingPlanned e => $"Steunkring meeting planned on {Date(e.On)}{(e.At is { } at ? " at " + at.ToString("HH:mm", CultureInfo.InvariantCulture) : "")}, at a place the client chose",
        SteunkringAgendaPrepared e => $"Agenda of the steunkring meeting prepared with the client: {e.Items.Count} item(s)",
        PlanAgreementReviewed e => $"Agreement of the steunkring's plan reviewed: {Outcome(e.Outcome)}" + (string.IsNullOrWhiteSpace(e.Note) ? "" : $" — {Short(e.Note)}"),
        SteunkringMeetingHeld e => $"Steunkring meeting held on {Date(e.HeldOn)}: {e.Agenda.Count} agenda item(s), {e.Agreements.Count} agreement(s) in the plan, {e.AttendedMemberIds.Count} member(s) attended",
        CoreQuestionsAnswered e => $"Core questions answered — Wat wil ik? {Short(e.WatWilIk, 60)}",
        AllianceFeedbackGiven e => $"Werkalliantie-monitor: feedback from the {Words.Of(e.From)}",
        AllianceDrawingAdded e => $"Werkalliantie-monitor: a drawing from the {Words.Of(e.From)}",
        Praatplaat.ReflectionWithFamilyHeld => "Praatplaat: a reflection with the family, ending in a next step",
        SharedApproachAgreed => "SLIM: the shared goal and approach agreed",
        CaseClosed e => $"Case closed on {Date(e.ClosedOn)}: {Short(e.Reason)}",
        Cases.PersonalDataErased e => $"The client's personal data was erased on {Date(e.ErasedOn)} on request: {Short(e.Reason)}",
        ScoreCorrected e => $"Correction of version {e.CorrectsVersion}: {Words.Of(e.Question)} score of {e.RespondentId} {Number(e.WasValue)} → {Number(e.Value)}. Why: {Short(e.Reason)}",
        CheckInDateCorrected e => $"Correction of version {e.CorrectsVersion}: the check-in of {Date(e.WasHeldOn)} was held on {Date(e.HeldOn)}. Why: {Short(e.Reason)}",
        AgreementCorrected e => $"Correction of version {e.CorrectsVersion}: the agreement reads {Short(e.What)} — {e.Who}, by {Date(e.ByWhen)}. Why: {Short(e.Reason)}",
        SteunkringMemberCorrected { AddedInError: true } e => $"Correction of version {e.CorrectsVersion}: {e.Name} was added to this steunkring by mistake. Why: {Short(e.Reason)}",
        SteunkringMemberCorrected e => $"Correction of version {e.CorrectsVersion}: steunkring member {e.Name} ({Words.Of(e.Relation)}{(e.Organisation is null ? "" : ", " + e.Organisation)}). Why: {Short(e.Reason)}",
        _ => null,
    };

    private static string Moments(int months, bool onPlan, DateOnly? next) =>
        $"a check-in every {months} month{(months == 1 ? "" : "s")}"
        + (onPlan ? " and on every new gezinsplan" : "")
        + (next is { } n ? $", the next on {Date(n)}" : "");

    private static string Who(Respondent r) => r.Label is { Length: > 0 } label ? label : Words.Of(r.Role);

    private static string Title(CaseRole role) => role == CaseRole.Casusregie ? "Casusregie" : "Procesregie";

    private static string Outcome(AgreementOutcome o) => o switch
    {
        AgreementOutcome.Achieved => "achieved",
        AgreementOutcome.Partly => "partly achieved",
        _ => "not achieved",
    };

    private static string Date(DateOnly d) => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
    private static string Number(double v) => v.ToString("0.0", CultureInfo.InvariantCulture);
    private static string Short(string? text, int max = 120) =>
        text is null ? "" : text.Length <= max ? text : text[..(max - 1)] + "…";
}

public sealed record TimelinePage(Guid CaseId, IReadOnlyList<TimelineEntryView> Items, long? Next);

public sealed record TimelineEntryView(long Version, DateTimeOffset At, string? By, string Kind, string Summary)
{
    /// <summary>The event itself, for a page that says it in its own words (not part of the API's answer).</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public object? Fact { get; init; }
}

/// <summary>What later facts refer to by id: each agreement's words and each steunkring member's name, as last written.</summary>
public sealed record CaseReferences(IReadOnlyDictionary<Guid, string> Agreements, IReadOnlyDictionary<Guid, string> Members)
{
    public static readonly CaseReferences None = new(new Dictionary<Guid, string>(), new Dictionary<Guid, string>());
}

public static class GetTimeline
{
    public const int DefaultLimit = 50;
    public const int MaxLimit = 500;

    public static void Map(RouteGroupBuilder cases) => cases
        .MapGet("/{id:guid}/timeline", async (Guid id, long? after, int? limit, NpgsqlDataSource db, IDocumentStore store, CancellationToken ct) =>
        {
            if (after is < 0) return Problems.Invalid("after", "'after' is a version, 0 or more.");
            if (limit is < 1 or > MaxLimit) return Problems.Invalid("limit", $"'limit' is between 1 and {MaxLimit}.");
            var take = limit ?? DefaultLimit;
            var from = after ?? 0;

            // The case itself was found and checked by the read access filter.
            var entries = await CaseTimeline.After(db, store.Options.Serializer(), id, from, take + 1, ct);
            var items = entries.Take(take).ToList();
            return TypedResults.Ok(new TimelinePage(id, items, entries.Count > take ? items[^1].Version : null));
        })
        .WithName("GetTimeline")
        .WithSummary("Every fact of the case in order: when, who, what, in words a person reads; paged by version")
        .Produces<TimelinePage>()
        .ProducesProblem(StatusCodes.Status404NotFound);
}
