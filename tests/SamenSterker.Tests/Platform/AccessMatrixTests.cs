using System.Text.Json;
using Alba;
using Marten;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using SamenSterker.Access;
using SamenSterker.Reminders;
using SamenSterker.Tests.Support;
using Shouldly;

namespace SamenSterker.Tests.Platform;

/// <summary>
/// Who may do what, as one table: every endpoint of the API has a kind, and every kind says what each
/// user gets — every kind of role holder in the case (casusregie, procesregie, procesbegeleider, a professional
/// in its steunkring), a colleague of the same team without a role, the team lead, an auditor, an analyst, an
/// admin, and a professional and a team lead of another team. One test per cell. An endpoint the table does not
/// name fails <see cref="every_endpoint_of_the_api_is_in_the_matrix"/>.
/// </summary>
public sealed class AccessMatrixTests(AppFixture app) : ApiTest(app)
{
    public enum Kind
    {
        Read, RecordCheckIn, MomentsOrFamilyPlan, Steunkring, AssignProcesbegeleider, CoreQuestions, AllianceFeedback,
        HandOver, Close, Correct, Open, List, ReminderHistory, Own, Dashboard, Operate, CalendarFeed, AccessLog,
        WithdrawAnswerLink, AnswerBySecret, ReadDrawing,
    }

    /// <summary>
    /// The users of every row: who they are in the token. The case belongs to team noord; p-anna holds casusregie,
    /// p-piet procesregie, p-dirk is procesbegeleider, p-petra a professional in the steunkring.
    /// </summary>
    public static readonly Dictionary<string, (string Sub, string Role, string? Team)> Users = new()
    {
        ["casusregie"] = ("p-anna", Roles.Professional, "noord"),
        ["procesregie"] = ("p-piet", Roles.Professional, "noord"),
        ["procesbegeleider"] = ("p-dirk", Roles.Professional, "noord"),
        ["steunkring-professional"] = ("p-petra", Roles.Professional, "noord"),
        ["colleague"] = ("p-carl", Roles.Professional, "noord"),
        ["teamlead"] = ("t-tom", Roles.TeamLead, "noord"),
        ["auditor"] = ("a-ada", Roles.Auditor, null),
        ["analyst"] = ("x-xavi", Roles.Analyst, null),
        ["admin"] = ("b-bea", Roles.Admin, null),
        ["other-professional"] = ("p-zara", Roles.Professional, "zuid"),
        ["other-teamlead"] = ("t-zeno", Roles.TeamLead, "zuid"),
    };

    /// <summary>
    /// The spec (issue 8, per action since issue 19): per kind, per user, the status code. 0 is the success the endpoint
    /// gives. Columns: casusregie, procesregie, procesbegeleider, steunkring professional, colleague, team lead, auditor,
    /// analyst, admin, another team's professional, another team's lead.
    /// </summary>
    private static readonly Dictionary<Kind, Dictionary<string, int>> Expected = new()
    {
        [Kind.Read] =                   Row(200, 200, 200, 200, 200, 200, 200, 403, 403, 404, 404),
        [Kind.ReadDrawing] =            Row(200, 200, 200, 200, 200, 200, 200, 403, 403, 404, 404),
        [Kind.RecordCheckIn] =          Row(0,   0,   0,   0,   403, 403, 403, 403, 403, 404, 404),
        [Kind.MomentsOrFamilyPlan] =    Row(0,   0,   403, 403, 403, 403, 403, 403, 403, 404, 404),
        [Kind.Steunkring] =             Row(0,   403, 0,   403, 403, 403, 403, 403, 403, 404, 404),
        [Kind.AssignProcesbegeleider] = Row(0,   403, 403, 403, 403, 0,   403, 403, 403, 404, 404),
        [Kind.CoreQuestions] =          Row(0,   403, 0,   403, 403, 403, 403, 403, 403, 404, 404),
        [Kind.AllianceFeedback] =       Row(0,   0,   0,   0,   403, 403, 403, 403, 403, 404, 404),
        [Kind.HandOver] =               Row(0,   403, 403, 403, 403, 0,   403, 403, 403, 404, 404),
        [Kind.Close] =                  Row(0,   403, 403, 403, 403, 0,   403, 403, 403, 404, 404),
        // The member corrected here was added by p-anna (casusregie): whoever recorded a fact may correct it too (below).
        [Kind.Correct] =                Row(0,   403, 403, 403, 403, 0,   403, 403, 403, 404, 404),
        [Kind.Open] =                   Row(201, 201, 201, 201, 201, 403, 403, 403, 403, 403, 403),
        [Kind.List] =                   Row(200, 200, 200, 200, 200, 200, 200, 403, 403, 200, 200),
        [Kind.ReminderHistory] =        Row(403, 403, 403, 403, 403, 200, 200, 403, 403, 403, 404),
        [Kind.Own] =                    Row(0,   0,   0,   0,   0,   0,   403, 403, 403, 0,   0),
        [Kind.Dashboard] =              Row(403, 403, 403, 403, 403, 200, 403, 403, 403, 403, 403),
        [Kind.Operate] =                Row(403, 403, 403, 403, 403, 403, 403, 403, 0,   403, 403),
        [Kind.AccessLog] =              Row(403, 403, 403, 403, 403, 403, 200, 403, 403, 403, 403),
        // The feed is reached by its secret token, not by who asks: an unknown token is 404 for everyone.
        [Kind.CalendarFeed] =           Row(404, 404, 404, 404, 404, 404, 404, 404, 404, 404, 404),
        // Withdrawing a link no one made: who may record the check-in learns there is no such link; the others are refused first.
        [Kind.WithdrawAnswerLink] =     Row(404, 404, 404, 404, 403, 403, 403, 403, 403, 404, 404),
        // The client's answers are reached by the link's secret, not by who asks: an unknown one is 404 for everyone.
        [Kind.AnswerBySecret] =         Row(404, 404, 404, 404, 404, 404, 404, 404, 404, 404, 404),
    };

    /// <summary>Every endpoint of the API: method and route as ASP.NET Core has them, its kind, the request to send.</summary>
    public static readonly Dictionary<string, (Kind Kind, int Success, Func<Prepared, (string Url, object? Body)> Request)> Endpoints = new()
    {
        ["POST /api/cases"] = (Kind.Open, 201, _ => ("/api/cases", CaseApi.NewCase("C-9009", openedOn: "2026-09-01"))),
        ["GET /api/cases"] = (Kind.List, 200, _ => ("/api/cases?status=all", null)),
        ["GET /api/check-ins/due"] = (Kind.List, 200, _ => ("/api/check-ins/due?within=60", null)),
        ["GET /api/cases/{id:guid}"] = (Kind.Read, 200, p => ($"/api/cases/{p.CaseId}", null)),
        ["GET /api/cases/{id:guid}/timeline"] = (Kind.Read, 200, p => ($"/api/cases/{p.CaseId}/timeline", null)),
        ["GET /api/cases/{id:guid}/trends"] = (Kind.Read, 200, p => ($"/api/cases/{p.CaseId}/trends", null)),
        ["GET /api/cases/{id:guid}/trends.svg"] = (Kind.Read, 200, p => ($"/api/cases/{p.CaseId}/trends.svg", null)),
        ["GET /api/cases/{id:guid}/history"] = (Kind.Read, 200, p => ($"/api/cases/{p.CaseId}/history", null)),
        ["GET /api/cases/{id:guid}/history/verify"] = (Kind.Read, 200, p => ($"/api/cases/{p.CaseId}/history/verify", null)),
        ["GET /api/cases/{id:guid}/agreements"] = (Kind.Read, 200, p => ($"/api/cases/{p.CaseId}/agreements", null)),
        ["PUT /api/cases/{id:guid}/check-in-moments"] = (Kind.MomentsOrFamilyPlan, 200, p => ($"/api/cases/{p.CaseId}/check-in-moments",
            new { intervalMonths = 2, firstOn = "2027-01-10" })),
        ["POST /api/cases/{id:guid}/family-plans"] = (Kind.MomentsOrFamilyPlan, 201, p => ($"/api/cases/{p.CaseId}/family-plans",
            new { setOn = "2026-11-01", summary = "Nieuw plan" })),
        ["POST /api/cases/{id:guid}/check-ins"] = (Kind.RecordCheckIn, 201, p => ($"/api/cases/{p.CaseId}/check-ins", CaseApi.CheckIn())),
        ["POST /api/cases/{id:guid}/answer-links"] = (Kind.RecordCheckIn, 201, p => ($"/api/cases/{p.CaseId}/answer-links",
            new { checkInId = Guid.NewGuid(), respondentId = "r1", name = "moeder", role = "parent" })),
        ["GET /api/cases/{id:guid}/answer-links"] = (Kind.Read, 200, p => ($"/api/cases/{p.CaseId}/answer-links?checkInId={Guid.NewGuid()}", null)),
        ["DELETE /api/cases/{id:guid}/answer-links/{linkId:guid}"] = (Kind.WithdrawAnswerLink, 204, p => ($"/api/cases/{p.CaseId}/answer-links/{Guid.NewGuid()}", null)),
        // A summary link to a check-in never held, or withdrawing one never made: as withdrawing an answer link (Kind.WithdrawAnswerLink).
        ["POST /api/cases/{id:guid}/check-ins/{checkInId:guid}/summary-links"] = (Kind.WithdrawAnswerLink, 201, p => ($"/api/cases/{p.CaseId}/check-ins/{Guid.NewGuid()}/summary-links", null)),
        ["DELETE /api/cases/{id:guid}/summary-links/{linkId:guid}"] = (Kind.WithdrawAnswerLink, 204, p => ($"/api/cases/{p.CaseId}/summary-links/{Guid.NewGuid()}", null)),
        ["POST /api/answer-links/{secret}/answers"] = (Kind.AnswerBySecret, 204, _ => ($"/api/answer-links/{new string('x', 43)}/answers",
            new { answers = CaseApi.Questions.Select(q => new { question = q, value = 5.0 }) })),
        ["POST /api/cases/{id:guid}/steunkring/members"] = (Kind.Steunkring, 201, p => ($"/api/cases/{p.CaseId}/steunkring/members",
            new { name = "Buurman Kees", relation = "neighbour" })),
        ["DELETE /api/cases/{id:guid}/steunkring/members/{memberId:guid}"] = (Kind.Steunkring, 200, p => ($"/api/cases/{p.CaseId}/steunkring/members/{p.MemberId}", null)),
        ["PUT /api/cases/{id:guid}/steunkring/procesbegeleider"] = (Kind.AssignProcesbegeleider, 200, p => ($"/api/cases/{p.CaseId}/steunkring/procesbegeleider",
            new { procesbegeleider = "p-eva" })),
        ["POST /api/cases/{id:guid}/steunkring/planned-meetings"] = (Kind.Steunkring, 201, p => ($"/api/cases/{p.CaseId}/steunkring/planned-meetings",
            new { on = "2026-12-10", at = "19:30", place = "Bij oma thuis" })),
        ["PUT /api/cases/{id:guid}/steunkring/planned-meetings/{meetingId:guid}"] = (Kind.Steunkring, 200, p => (
            $"/api/cases/{p.CaseId}/steunkring/planned-meetings/{p.PlannedMeetingId}", new { on = "2026-12-11", place = "Het buurthuis" })),
        ["PUT /api/cases/{id:guid}/steunkring/planned-meetings/{meetingId:guid}/agenda"] = (Kind.Steunkring, 200, p => (
            $"/api/cases/{p.CaseId}/steunkring/planned-meetings/{p.PlannedMeetingId}/agenda", new { items = new[] { "Wat wil ik?", "Vervoer naar school" } })),
        ["GET /api/cases/{id:guid}/steunkring"] = (Kind.Read, 200, p => ($"/api/cases/{p.CaseId}/steunkring", null)),
        ["POST /api/cases/{id:guid}/steunkring/intakes"] = (Kind.Steunkring, 201, p => ($"/api/cases/{p.CaseId}/steunkring/intakes",
            new { memberId = p.MemberId, heldOn = "2026-11-20", howTheyCanHelp = "Oppassen" })),
        ["POST /api/cases/{id:guid}/steunkring/meetings"] = (Kind.Steunkring, 201, p => ($"/api/cases/{p.CaseId}/steunkring/meetings",
            new { heldOn = "2026-11-20", agenda = new[] { "Wat wil ik?" }, attended = new[] { p.MemberId } })),
        ["POST /api/cases/{id:guid}/core-questions"] = (Kind.CoreQuestions, 201, p => ($"/api/cases/{p.CaseId}/core-questions",
            new { watWilIk = "Rust", watKanIk = "Koken", watHebIkNodig = "Hulp" })),
        ["POST /api/cases/{id:guid}/alliance-feedback"] = (Kind.AllianceFeedback, 201, p => ($"/api/cases/{p.CaseId}/alliance-feedback",
            new { from = "client", goesWell = "Luisteren" })),
        ["POST /api/cases/{id:guid}/alliance-drawings"] = (Kind.AllianceFeedback, 201, p => ($"/api/cases/{p.CaseId}/alliance-drawings", Drawing())),
        ["GET /api/cases/{id:guid}/alliance-drawings/{drawingId:guid}"] = (Kind.ReadDrawing, 200, p => ($"/api/cases/{p.CaseId}/alliance-drawings/{p.DrawingId}", null)),
        ["GET /api/cases/{id:guid}/alliance"] = (Kind.Read, 200, p => ($"/api/cases/{p.CaseId}/alliance", null)),
        ["POST /api/cases/{id:guid}/praatplaat-reflections"] = (Kind.RecordCheckIn, 201, p => ($"/api/cases/{p.CaseId}/praatplaat-reflections",
            new { answers = new Dictionary<string, string> { ["1"] = "Dat oma meedoet" }, nextStep = "Oma uitnodigen" })),
        ["GET /api/cases/{id:guid}/praatplaat-reflections"] = (Kind.Read, 200, p => ($"/api/cases/{p.CaseId}/praatplaat-reflections", null)),
        ["POST /api/me/praatplaat-reflections"] = (Kind.Own, 201, _ => ("/api/me/praatplaat-reflections", new { setting = "alone", nextStep = "Buurvrouw bellen" })),
        ["GET /api/me/praatplaat-reflections"] = (Kind.Own, 200, _ => ("/api/me/praatplaat-reflections?setting=alone", null)),
        ["POST /api/me/alliance-reflections"] = (Kind.Own, 201, _ => ("/api/me/alliance-reflections",
            new { answers = new Dictionary<string, string> { ["1"] = "Dat cliënten tekenen wat ze niet zeggen" } })),
        ["GET /api/me/alliance-reflections"] = (Kind.Own, 200, _ => ("/api/me/alliance-reflections", null)),
        ["PUT /api/cases/{id:guid}/shared-approach"] = (Kind.MomentsOrFamilyPlan, 200, p => ($"/api/cases/{p.CaseId}/shared-approach",
            new { goal = "Sem gaat weer naar school", approach = "School, wijkteam en oma: één plan, casusregie belt wekelijks" })),
        ["GET /api/cases/{id:guid}/shared-approach"] = (Kind.Read, 200, p => ($"/api/cases/{p.CaseId}/shared-approach", null)),
        ["PUT /api/cases/{id:guid}/roles"] = (Kind.HandOver, 200, p => ($"/api/cases/{p.CaseId}/roles", new { procesregie = "p-proc" })),
        ["POST /api/cases/{id:guid}/close"] = (Kind.Close, 200, p => ($"/api/cases/{p.CaseId}/close",
            new { closedOn = "2026-11-20", reason = "Doelen bereikt" })),
        ["POST /api/cases/{id:guid}/corrections"] = (Kind.Correct, 201, p => ($"/api/cases/{p.CaseId}/corrections",
            new { reason = "Naam verkeerd gespeld", member = new { memberId = p.MemberId, name = "Oma Jansen" } })),
        ["GET /api/reminders"] = (Kind.ReminderHistory, 200, p => ($"/api/reminders?case={p.CaseId}", null)),
        ["GET /api/me/reminders"] = (Kind.Own, 200, _ => ("/api/me/reminders", null)),
        ["POST /api/me/reminders/{reminderId:guid}/read"] = (Kind.Own, 204, _ => ($"/api/me/reminders/{SeededReminder}/read", null)),
        ["POST /api/me/calendar-token"] = (Kind.Own, 201, _ => ("/api/me/calendar-token", null)),
        ["GET /api/me/calendar-token"] = (Kind.Own, 200, _ => ("/api/me/calendar-token", null)),
        ["GET /api/calendar/{feedToken}.ics"] = (Kind.CalendarFeed, 200, _ => ("/api/calendar/no-such-feed-token-0123456789.ics", null)),
        ["GET /api/teams/{teamId}/dashboard"] = (Kind.Dashboard, 200, _ => ("/api/teams/noord/dashboard", null)),
        ["GET /api/audit/access-log"] = (Kind.AccessLog, 200, p => ($"/api/audit/access-log?case={p.CaseId}", null)),
        ["POST /api/admin/erasure-requests"] = (Kind.Operate, 409, p => ("/api/admin/erasure-requests", new { caseId = p.CaseId, reason = "AVG-verzoek" })),
        ["GET /api/admin/set-aside"] = (Kind.Operate, 200, _ => ("/api/admin/set-aside", null)),
        ["POST /api/admin/set-aside/replay"] = (Kind.Operate, 200, _ => ("/api/admin/set-aside/replay", null)),
    };

    private static readonly Guid SeededReminder = Guid.Parse("8a8f1a3c-64a4-4c43-9bb1-6a1f5d7e0c01");

    public sealed record Prepared(Guid CaseId, Guid MemberId)
    {
        public long Version { get; init; }
        public Guid DrawingId { get; init; }
        public Guid PlannedMeetingId { get; init; }
    }

    /// <summary>A photo of a drawing, as the form sends it.</summary>
    public static System.Net.Http.MultipartFormDataContent Drawing()
    {
        var form = new System.Net.Http.MultipartFormDataContent();
        var photo = new System.Net.Http.ByteArrayContent(Alliance.DrawingTests.PhoneJpegWithGps());
        photo.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("image/jpeg");
        form.Add(photo, "photo", "tekening.jpg");
        form.Add(new System.Net.Http.StringContent("client"), "from");
        return form;
    }

    public static TheoryData<string, string> Cells()
    {
        var data = new TheoryData<string, string>();
        foreach (var endpoint in Endpoints.Keys)
        foreach (var user in Users.Keys)
            data.Add(endpoint, user);
        return data;
    }

    [Theory]
    [MemberData(nameof(Cells))]
    public async Task each_user_gets_what_the_matrix_says(string endpoint, string user)
    {
        var (kind, success, request) = Endpoints[endpoint];
        var expected = Expected[kind][user] is 0 ? success : Expected[kind][user];
        var prepared = await Prepare(kind);
        var (url, body) = request(prepared);
        var (sub, role, team) = Users[user];

        var result = await Host.Send(new HttpMethod(endpoint.Split(' ')[0]), url, body, token: AppFixture.Token(role, sub, team));

        result.Context.Response.StatusCode.ShouldBe(expected, $"{endpoint} as {user}: {result.ReadAsText()}");
        if (expected >= 400)
        {
            result.Context.Response.ContentType!.ShouldStartWith("application/problem+json");
            if (expected == 404 && kind is not (Kind.Open or Kind.List or Kind.ReminderHistory or Kind.Own or Kind.Dashboard or Kind.Operate or Kind.CalendarFeed or Kind.AccessLog or Kind.AnswerBySecret)
                && !(kind == Kind.WithdrawAnswerLink && !user.StartsWith("other-", StringComparison.Ordinal)))
                result.Detail().ShouldBe($"There is no case with id {prepared.CaseId}."); // exactly as for a case that does not exist
            if (IsWrite(kind))
                (await Host.GetCase(prepared.CaseId)).GetProperty("version").GetInt64().ShouldBe(prepared.Version, "a refused write stores nothing");
        }
        if (kind == Kind.List && expected == 200)
        {
            var listed = result.ReadAsText().Contains(prepared.CaseId.ToString());
            listed.ShouldBe(Users[user].Team is "noord" or null, $"{endpoint} as {user} shows the case: {listed}");
        }
    }

    [Fact]
    public void every_endpoint_of_the_api_is_in_the_matrix()
    {
        var served = Host.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText?.StartsWith("/api/", StringComparison.Ordinal) == true)
            .SelectMany(e => (e.Metadata.GetMetadata<Microsoft.AspNetCore.Routing.HttpMethodMetadata>()?.HttpMethods ?? ["ANY"])
                .Select(m => $"{m} {e.RoutePattern.RawText!.TrimEnd('/')}"))
            .ToHashSet();

        served.Except(Endpoints.Keys).ShouldBeEmpty("endpoints that the access matrix does not cover");
        Endpoints.Keys.Except(served).ShouldBeEmpty("matrix rows for endpoints that do not exist");
    }

    [Fact]
    public async Task a_professional_member_of_the_steunkring_takes_part_but_cannot_take_over_the_case()
    {
        // The security review's finding: a professional in the steunkring handed casusregie and procesregie to himself
        // and closed the case, after which the casusregie was refused.
        var p = await Prepare(Kind.RecordCheckIn);
        var petra = AppFixture.Token(sub: "p-petra");

        var handOver = await Host.Send(HttpMethod.Put, $"/api/cases/{p.CaseId}/roles", new { casusregie = "p-petra", procesregie = "p-petra" },
            token: petra, expect: 403);
        await Host.Send(HttpMethod.Post, $"/api/cases/{p.CaseId}/close", new { closedOn = "2026-11-20", reason = "Klaar" }, token: petra, expect: 403);
        await Host.Send(HttpMethod.Put, $"/api/cases/{p.CaseId}/steunkring/procesbegeleider", new { procesbegeleider = "p-petra" }, token: petra, expect: 403);

        handOver.Detail().ShouldBe("Handing over casusregie or procesregie is for casusregie or the team lead of this case; you are a professional in the steunkring.");
        var c = await Host.GetCase(p.CaseId);
        c.GetProperty("roles").GetProperty("casusregie").GetString().ShouldBe("p-anna");
        c.GetProperty("closed").GetBoolean().ShouldBeFalse();
        // What she may do: take part in a check-in, and the casusregie still may do everything.
        await Host.Send(HttpMethod.Post, $"/api/cases/{p.CaseId}/check-ins", CaseApi.CheckIn(), token: petra, expect: 201);
        await Host.Send(HttpMethod.Put, $"/api/cases/{p.CaseId}/roles", new { procesregie = "p-proc" }, expect: 200);
    }

    [Fact]
    public async Task whoever_recorded_a_fact_may_correct_it_and_another_role_holder_may_not()
    {
        var p = await Prepare(Kind.Correct);
        var dirk = AppFixture.Token(sub: "p-dirk");
        var member = (await Host.Send(HttpMethod.Post, $"/api/cases/{p.CaseId}/steunkring/members", new { name = "Buurvrouw Els", relation = "neighbour" },
            token: dirk, expect: 201)).Json().GetProperty("memberId").GetGuid();
        var correction = new { reason = "Naam verkeerd gespeld", member = new { memberId = member, name = "Buurvrouw Elsa" } };

        await Host.Send(HttpMethod.Post, $"/api/cases/{p.CaseId}/corrections", correction, token: AppFixture.Token(sub: "p-piet"), expect: 403);
        await Host.Send(HttpMethod.Post, $"/api/cases/{p.CaseId}/corrections", correction, token: dirk, expect: 201);
    }

    [Fact]
    public async Task a_refused_write_says_why()
    {
        var p = await Prepare(Kind.RecordCheckIn);

        var colleague = await Host.Send(HttpMethod.Post, $"/api/cases/{p.CaseId}/check-ins", CaseApi.CheckIn(), token: AppFixture.Token(sub: "p-carl"), expect: 403);
        var lead = await Host.Send(HttpMethod.Post, $"/api/cases/{p.CaseId}/check-ins", CaseApi.CheckIn(), token: AppFixture.Token(Roles.TeamLead, "t-tom"), expect: 403);

        colleague.Detail().ShouldContain("You hold no role in this case");
        lead.Detail().ShouldContain("A team lead hands over casusregie and procesregie, closes cases and corrects mistakes");
    }

    private static bool IsWrite(Kind kind) => kind is Kind.RecordCheckIn or Kind.MomentsOrFamilyPlan or Kind.Steunkring
        or Kind.AssignProcesbegeleider or Kind.CoreQuestions or Kind.AllianceFeedback or Kind.HandOver or Kind.Close or Kind.Correct;

    /// <summary>A case of team noord with every kind of role holder: p-anna casusregie, p-piet procesregie, p-dirk procesbegeleider,
    /// p-petra a professional in the steunkring (beside Oma).</summary>
    private async Task<Prepared> Prepare(Kind kind)
    {
        var caseId = await Host.OpenCase();
        var memberId = (await Host.Send(HttpMethod.Post, $"/api/cases/{caseId}/steunkring/members", new { name = "Oma", relation = "family" }, expect: 201))
            .Json().GetProperty("memberId").GetGuid();
        await Host.Send(HttpMethod.Post, $"/api/cases/{caseId}/steunkring/members",
            new { name = "Petra (school)", relation = "professional", organisation = "School", userId = "p-petra" }, expect: 201);
        await Host.Send(HttpMethod.Put, $"/api/cases/{caseId}/steunkring/procesbegeleider", new { procesbegeleider = "p-dirk" }, expect: 200);
        await Host.Send(HttpMethod.Put, $"/api/cases/{caseId}/roles", new { procesregie = "p-piet" }, expect: 200);
        if (kind == Kind.Own) await SeedInboxesAndFeeds(caseId);
        if (kind is Kind.List or Kind.Dashboard) await Projected();
        var drawingId = kind == Kind.ReadDrawing
            ? (await Host.Send(HttpMethod.Post, $"/api/cases/{caseId}/alliance-drawings", Drawing(), expect: 201)).Json().GetProperty("drawingId").GetGuid()
            : Guid.Empty;
        var plannedMeetingId = kind == Kind.Steunkring
            ? (await Host.Send(HttpMethod.Post, $"/api/cases/{caseId}/steunkring/planned-meetings", new { on = "2026-12-01", place = "Thuis" }, expect: 201))
                .Json().GetProperty("meetingId").GetGuid()
            : Guid.Empty;
        return new Prepared(caseId, memberId)
        {
            Version = kind is Kind.ReadDrawing or Kind.Steunkring ? 6 : 5, DrawingId = drawingId, PlannedMeetingId = plannedMeetingId,
        };
    }

    private async Task SeedInboxesAndFeeds(Guid caseId)
    {
        await using var session = App.Store.LightweightSession();
        foreach (var (sub, _, _) in Users.Values)
        {
            session.Store(new InboxItem
            {
                Id = InboxItem.IdOf(SeededReminder, sub), UserId = sub, ReminderId = SeededReminder, CaseId = caseId, CaseReference = "C-1001",
                Kind = ReminderKind.Overdue, DueOn = new DateOnly(2026, 11, 20), SentAt = DateTimeOffset.UtcNow,
            });
            session.Store(Host.Services.GetRequiredService<CalendarFeedTokens>().New(sub, DateTimeOffset.UtcNow).Feed);
        }
        await session.SaveChangesAsync();
    }

    private static Dictionary<string, int> Row(int casusregie, int procesregie, int procesbegeleider, int steunkringProfessional, int colleague,
        int lead, int auditor, int analyst, int admin, int otherPro, int otherLead) => new()
    {
        ["casusregie"] = casusregie, ["procesregie"] = procesregie, ["procesbegeleider"] = procesbegeleider,
        ["steunkring-professional"] = steunkringProfessional, ["colleague"] = colleague, ["teamlead"] = lead, ["auditor"] = auditor,
        ["analyst"] = analyst, ["admin"] = admin, ["other-professional"] = otherPro, ["other-teamlead"] = otherLead,
    };
}
