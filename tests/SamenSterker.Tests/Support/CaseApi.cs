using System.Text.Json;
using Alba;
using Shouldly;

namespace SamenSterker.Tests.Support;

/// <summary>Test helpers that read like the domain: open a case, record a check-in, read it back.</summary>
public static class CaseApi
{
    public static readonly string[] Questions = ["omgang", "luisteren", "contact", "gezinsplan", "afspraken"];

    public static object NewCase(string reference = "C-1001", string? firstOn = "2026-12-01", string? openedOn = null, string casusregie = "p-anna") => new
    {
        clientReference = reference,
        clientName = "Fam. Jansen",
        kind = "family",
        teamId = "noord",
        casusregie,
        openedOn,
        checkInMoments = new { intervalMonths = 3, onNewFamilyPlan = true, firstOn },
    };

    public static async Task<Guid> OpenCase(this IAlbaHost host, object? body = null)
    {
        body ??= NewCase(openedOn: "2026-09-01");
        // p-anna opens it, as a professional of the team the case is for.
        var team = JsonSerializer.SerializeToElement(body).TryGetProperty("teamId", out var t) ? t.GetString() : "noord";
        var result = await host.Scenario(s =>
        {
            s.WithBearerToken(AppFixture.Token(team: team));
            s.Post.Json(body, JsonStyle.MinimalApi).ToUrl("/api/cases");
            s.StatusCodeShouldBe(201);
        });
        return result.Json().GetProperty("id").GetGuid();
    }

    /// <summary>A complete, valid check-in: a parent on the line, a child on smileys, the professional.</summary>
    public static Dictionary<string, object?> CheckIn(Guid? checkInId = null, string heldOn = "2026-11-20",
        IEnumerable<object>? reviews = null, string byWhen = "2027-01-15", double mother = 7.5, int child = 4, double professional = 6.0)
    {
        var scores = new List<object>();
        foreach (var q in Questions)
        {
            scores.Add(new { respondentId = "r1", question = q, value = mother, mostSatisfied = "luistert goed", leastSatisfied = "soms laat" });
            scores.Add(new { respondentId = "r2", question = q, smiley = child });
            scores.Add(new { respondentId = "pro", question = q, value = professional });
        }
        return new Dictionary<string, object?>
        {
            ["checkInId"] = checkInId ?? Guid.NewGuid(),
            ["heldOn"] = heldOn,
            ["form"] = "line",
            ["respondents"] = new object[]
            {
                new { respondentId = "r1", side = "client", role = "parent", label = "moeder" },
                new { respondentId = "r2", side = "client", role = "child", label = "Sem", form = "smiley" },
                new { respondentId = "pro", side = "professional", role = "professional" },
            },
            ["scores"] = scores,
            ["reviews"] = (reviews ?? []).ToArray(),
            ["agreement"] = new { what = "Elke week kort bellen", who = "Anna en moeder", byWhen, howWeKnow = "Moeder zegt dat ze op de hoogte is" },
        };
    }

    public static async Task<JsonElement> RecordCheckIn(this IAlbaHost host, Guid caseId, object body, string by = "p-anna", string team = "noord")
    {
        var result = await host.Scenario(s =>
        {
            s.WithBearerToken(AppFixture.Token(sub: by, team: team));
            s.Post.Json(body, JsonStyle.MinimalApi).ToUrl($"/api/cases/{caseId}/check-ins");
            s.StatusCodeShouldBe(201);
        });
        return result.Json();
    }

    /// <summary>
    /// A case with a history: opened in January, three check-ins in which the mother's view drops
    /// while the professional's stays (each reviewing the previous agreement), a steunkring member,
    /// a casusregie hand-over. Returns the case id.
    /// </summary>
    public static async Task<Guid> CaseWithHistory(this IAlbaHost host, string reference = "C-2001", string team = "noord")
    {
        var caseId = await host.OpenCase(new
        {
            clientReference = reference, clientName = "Fam. de Boer", kind = "family", teamId = team, casusregie = "p-anna",
            openedOn = "2026-01-05", checkInMoments = new { intervalMonths = 3, onNewFamilyPlan = true, firstOn = "2026-03-01" },
        });
        string Anna() => AppFixture.Token(sub: "p-anna", team: team);
        await host.Send(HttpMethod.Post, $"/api/cases/{caseId}/steunkring/members", new { name = "Oma de Boer", relation = "family" }, token: Anna(), expect: 201);
        await host.RecordCheckIn(caseId, CheckIn(heldOn: "2026-03-10", byWhen: "2026-04-30", mother: 8.0, child: 5, professional: 7.0), team: team);
        await host.RecordCheckIn(caseId, CheckIn(heldOn: "2026-06-20", byWhen: "2026-07-31", mother: 6.5, child: 4, professional: 7.0,
            reviews: [new { agreementId = await OpenAgreement(host, caseId, team), outcome = "achieved" }]), team: team);
        await host.Send(HttpMethod.Put, $"/api/cases/{caseId}/roles", new { casusregie = "p-bert" }, token: Anna(), expect: 200);
        // Casusregie is p-bert's now: he records the next check-in.
        await host.RecordCheckIn(caseId, CheckIn(heldOn: "2026-09-15", byWhen: "2026-12-31", mother: 3.5, child: 2, professional: 7.0,
            reviews: [new { agreementId = await OpenAgreement(host, caseId, team), outcome = "notAchieved", note = "Te druk" }]), by: "p-bert", team: team);
        return caseId;
    }

    public static async Task<Guid> OpenAgreement(IAlbaHost host, Guid caseId, string team = "noord") =>
        (await host.GetCase(caseId, team: team)).GetProperty("openAgreements")[0].GetProperty("agreementId").GetGuid();

    public static async Task<JsonElement> Get(this IAlbaHost host, string url, string role = "professional", string team = "noord")
    {
        var result = await host.Scenario(s =>
        {
            s.WithBearerToken(AppFixture.Token(role, team: team));
            s.Get.Url(url);
            s.StatusCodeShouldBe(200);
        });
        return result.Json();
    }

    public static async Task<JsonElement> GetCase(this IAlbaHost host, Guid caseId, string role = "professional", string team = "noord")
    {
        var result = await host.Scenario(s =>
        {
            s.WithBearerToken(AppFixture.Token(role, team: team));
            s.Get.Url($"/api/cases/{caseId}");
            s.StatusCodeShouldBe(200);
        });
        return result.Json();
    }

    /// <summary>Sends a request and returns the result whatever its status (assert on it yourself).</summary>
    public static Task<IScenarioResult> Send(this IAlbaHost host, HttpMethod method, string url, object? body = null,
        string? token = null, int? expect = null, string? ifMatch = null, string? rawJson = null)
    {
        return host.Scenario(s =>
        {
            if (token != "") s.WithBearerToken(token ?? AppFixture.Token());
            if (ifMatch is not null) s.WithRequestHeader("If-Match", ifMatch);
            var verb = method.Method switch
            {
                "POST" => s.Post,
                "PUT" => s.Put,
                "DELETE" => s.Delete,
                _ => s.Get,
            };
            if (rawJson is not null) verb.Text(rawJson).ContentType("application/json").ToUrl(url);
            else if (body is System.Net.Http.MultipartFormDataContent multipart) verb.MultipartFormData(multipart).ToUrl(url);
            else if (body is not null) verb.Json(body, JsonStyle.MinimalApi).ToUrl(url);
            else verb.Url(url);
            if (expect is { } code) s.StatusCodeShouldBe(code);
            else s.IgnoreStatusCode();
        });
    }

    public static JsonElement Json(this IScenarioResult result) => JsonDocument.Parse(result.ReadAsText()).RootElement.Clone();

    /// <summary>Asserts a 400 problem details that names <paramref name="field"/>.</summary>
    public static void ShouldNameField(this IScenarioResult result, string field)
    {
        result.Context.Response.StatusCode.ShouldBe(400);
        result.Context.Response.ContentType.ShouldNotBeNull().ShouldStartWith("application/problem+json");
        var errors = result.Json().GetProperty("errors");
        errors.EnumerateObject().Select(p => p.Name).ShouldContain(field, $"errors were: {errors}");
    }

    public static string ETag(this IScenarioResult result) => result.Context.Response.Headers.ETag.ToString();

    public static string Detail(this IScenarioResult result) => result.Json().GetProperty("detail").GetString() ?? "";
}
