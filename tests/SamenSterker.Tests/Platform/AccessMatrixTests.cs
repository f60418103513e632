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
/// user gets — a professional who holds a role in the case, a colleague of the same team without one,
/// the team lead, an auditor, an analyst, an admin, and a professional and a team lead of another team.
/// One test per cell. An endpoint the table does not name fails <see cref="every_endpoint_of_the_api_is_in_the_matrix"/>.
/// </summary>
public sealed class AccessMatrixTests(AppFixture app) : ApiTest(app)
{
    public enum Kind { Read, Record, HandOverOrClose, Correct, Open, List, ReminderHistory, Own, Dashboard, Operate, CalendarFeed, AccessLog }

    /// <summary>The users of every row: who they are in the token. The case belongs to team noord; p-anna holds casusregie.</summary>
    public static readonly Dictionary<string, (string Sub, string Role, string? Team)> Users = new()
    {
        ["holder"] = ("p-anna", Roles.Professional, "noord"),
        ["colleague"] = ("p-carl", Roles.Professional, "noord"),
        ["teamlead"] = ("t-tom", Roles.TeamLead, "noord"),
        ["auditor"] = ("a-ada", Roles.Auditor, null),
        ["analyst"] = ("x-xavi", Roles.Analyst, null),
        ["admin"] = ("b-bea", Roles.Admin, null),
        ["other-professional"] = ("p-zara", Roles.Professional, "zuid"),
        ["other-teamlead"] = ("t-zeno", Roles.TeamLead, "zuid"),
    };

    /// <summary>The spec (issue 8): per kind, per user, the status code. 2xx is written as the success the endpoint gives.</summary>
    private static readonly Dictionary<Kind, Dictionary<string, int>> Expected = new()
    {
        [Kind.Read] = Row(holder: 200, colleague: 200, lead: 200, auditor: 200, analyst: 403, admin: 403, otherPro: 404, otherLead: 404),
        [Kind.Record] = Row(holder: 0, colleague: 403, lead: 403, auditor: 403, analyst: 403, admin: 403, otherPro: 404, otherLead: 404),
        [Kind.HandOverOrClose] = Row(holder: 0, colleague: 403, lead: 0, auditor: 403, analyst: 403, admin: 403, otherPro: 404, otherLead: 404),
        [Kind.Correct] = Row(holder: 0, colleague: 403, lead: 0, auditor: 403, analyst: 403, admin: 403, otherPro: 404, otherLead: 404),
        [Kind.Open] = Row(holder: 201, colleague: 201, lead: 403, auditor: 403, analyst: 403, admin: 403, otherPro: 403, otherLead: 403),
        [Kind.List] = Row(holder: 200, colleague: 200, lead: 200, auditor: 200, analyst: 403, admin: 403, otherPro: 200, otherLead: 200),
        [Kind.ReminderHistory] = Row(holder: 403, colleague: 403, lead: 200, auditor: 200, analyst: 403, admin: 403, otherPro: 403, otherLead: 404),
        [Kind.Own] = Row(holder: 0, colleague: 0, lead: 0, auditor: 403, analyst: 403, admin: 403, otherPro: 0, otherLead: 0),
        [Kind.Dashboard] = Row(holder: 403, colleague: 403, lead: 200, auditor: 403, analyst: 403, admin: 403, otherPro: 403, otherLead: 403),
        [Kind.Operate] = Row(holder: 403, colleague: 403, lead: 403, auditor: 403, analyst: 403, admin: 0, otherPro: 403, otherLead: 403),
        [Kind.AccessLog] = Row(holder: 403, colleague: 403, lead: 403, auditor: 200, analyst: 403, admin: 403, otherPro: 403, otherLead: 403),
        // The feed is reached by its secret token, not by who asks: an unknown token is 404 for everyone.
        [Kind.CalendarFeed] = Row(holder: 404, colleague: 404, lead: 404, auditor: 404, analyst: 404, admin: 404, otherPro: 404, otherLead: 404),
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
        ["PUT /api/cases/{id:guid}/check-in-moments"] = (Kind.Record, 200, p => ($"/api/cases/{p.CaseId}/check-in-moments",
            new { intervalMonths = 2, firstOn = "2027-01-10" })),
        ["POST /api/cases/{id:guid}/family-plans"] = (Kind.Record, 201, p => ($"/api/cases/{p.CaseId}/family-plans",
            new { setOn = "2026-11-01", summary = "Nieuw plan" })),
        ["POST /api/cases/{id:guid}/check-ins"] = (Kind.Record, 201, p => ($"/api/cases/{p.CaseId}/check-ins", CaseApi.CheckIn())),
        ["POST /api/cases/{id:guid}/steunkring/members"] = (Kind.Record, 201, p => ($"/api/cases/{p.CaseId}/steunkring/members",
            new { name = "Buurman Kees", relation = "neighbour" })),
        ["DELETE /api/cases/{id:guid}/steunkring/members/{memberId:guid}"] = (Kind.Record, 200, p => ($"/api/cases/{p.CaseId}/steunkring/members/{p.MemberId}", null)),
        ["PUT /api/cases/{id:guid}/steunkring/procesbegeleider"] = (Kind.Record, 200, p => ($"/api/cases/{p.CaseId}/steunkring/procesbegeleider",
            new { procesbegeleider = "p-eva" })),
        ["POST /api/cases/{id:guid}/steunkring/intakes"] = (Kind.Record, 201, p => ($"/api/cases/{p.CaseId}/steunkring/intakes",
            new { memberId = p.MemberId, heldOn = "2026-11-20", howTheyCanHelp = "Oppassen" })),
        ["POST /api/cases/{id:guid}/steunkring/meetings"] = (Kind.Record, 201, p => ($"/api/cases/{p.CaseId}/steunkring/meetings",
            new { heldOn = "2026-11-20", agenda = new[] { "Wat wil ik?" }, attended = new[] { p.MemberId } })),
        ["POST /api/cases/{id:guid}/core-questions"] = (Kind.Record, 201, p => ($"/api/cases/{p.CaseId}/core-questions",
            new { watWilIk = "Rust", watKanIk = "Koken", watHebIkNodig = "Hulp" })),
        ["POST /api/cases/{id:guid}/alliance-feedback"] = (Kind.Record, 201, p => ($"/api/cases/{p.CaseId}/alliance-feedback",
            new { from = "client", goesWell = "Luisteren" })),
        ["PUT /api/cases/{id:guid}/roles"] = (Kind.HandOverOrClose, 200, p => ($"/api/cases/{p.CaseId}/roles", new { procesregie = "p-proc" })),
        ["POST /api/cases/{id:guid}/close"] = (Kind.HandOverOrClose, 200, p => ($"/api/cases/{p.CaseId}/close",
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
            if (expected == 404 && kind is Kind.Read or Kind.Record or Kind.HandOverOrClose or Kind.Correct)
                result.Detail().ShouldBe($"There is no case with id {prepared.CaseId}."); // exactly as for a case that does not exist
            if (kind is Kind.Record or Kind.HandOverOrClose or Kind.Correct)
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
    public async Task a_professional_member_of_the_steunkring_with_a_user_id_may_record()
    {
        var p = await Prepare(Kind.Record);
        var petra = AppFixture.Token(sub: "p-petra");
        await Host.Send(HttpMethod.Post, $"/api/cases/{p.CaseId}/core-questions", new { watWilIk = "a", watKanIk = "b", watHebIkNodig = "c" },
            token: petra, expect: 403);

        await Host.Send(HttpMethod.Post, $"/api/cases/{p.CaseId}/steunkring/members",
            new { name = "Petra (school)", relation = "professional", organisation = "School", userId = "p-petra" }, expect: 201);

        await Host.Send(HttpMethod.Post, $"/api/cases/{p.CaseId}/core-questions", new { watWilIk = "a", watKanIk = "b", watHebIkNodig = "c" },
            token: petra, expect: 201);
    }

    [Fact]
    public async Task a_refused_write_says_why()
    {
        var p = await Prepare(Kind.Record);

        var colleague = await Host.Send(HttpMethod.Post, $"/api/cases/{p.CaseId}/check-ins", CaseApi.CheckIn(), token: AppFixture.Token(sub: "p-carl"), expect: 403);
        var lead = await Host.Send(HttpMethod.Post, $"/api/cases/{p.CaseId}/check-ins", CaseApi.CheckIn(), token: AppFixture.Token(Roles.TeamLead, "t-tom"), expect: 403);

        colleague.Detail().ShouldContain("You hold no role in this case");
        lead.Detail().ShouldContain("A team lead hands over casusregie and procesregie, closes cases and corrects mistakes");
    }

    private async Task<Prepared> Prepare(Kind kind)
    {
        var caseId = await Host.OpenCase();
        var memberId = (await Host.Send(HttpMethod.Post, $"/api/cases/{caseId}/steunkring/members", new { name = "Oma", relation = "family" }, expect: 201))
            .Json().GetProperty("memberId").GetGuid();
        await Host.Send(HttpMethod.Put, $"/api/cases/{caseId}/steunkring/procesbegeleider", new { procesbegeleider = "p-dirk" }, expect: 200);
        if (kind == Kind.Own) await SeedInboxesAndFeeds(caseId);
        if (kind is Kind.List or Kind.Dashboard) await Projected();
        return new Prepared(caseId, memberId) { Version = 3 };
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
            session.Store(new CalendarFeed { Id = sub, Token = $"feed-{sub}-0123456789abcdef", CreatedAt = DateTimeOffset.UtcNow });
        }
        await session.SaveChangesAsync();
    }

    private static Dictionary<string, int> Row(int holder, int colleague, int lead, int auditor, int analyst, int admin, int otherPro, int otherLead) => new()
    {
        ["holder"] = holder, ["colleague"] = colleague, ["teamlead"] = lead, ["auditor"] = auditor, ["analyst"] = analyst, ["admin"] = admin,
        ["other-professional"] = otherPro, ["other-teamlead"] = otherLead,
    };
}
