using Alba;
using Npgsql;
using SamenSterker.Access;
using SamenSterker.Tests.Support;
using Shouldly;

namespace SamenSterker.Tests.Privacy;

/// <summary>The right to erasure: the client's personal data is gone from every response and every table, the history stays verifiable.</summary>
public sealed class ErasureTests(AppFixture app) : ApiTest(app)
{
    private static readonly string Bert = AppFixture.Token(sub: "p-bert");
    private static readonly string Admin = AppFixture.Token(Roles.Admin, "b-bea", null);
    private static readonly string Auditor = AppFixture.Token(Roles.Auditor, "a-ada", null);
    private static readonly string Lead = AppFixture.Token(Roles.TeamLead, "t-tom");

    /// <summary>Everything typed about the client in <see cref="CaseWithEverything"/>.</summary>
    private static readonly string[] Personal =
    [
        "de Boer", "moeder", "Sem", "luistert goed", "soms laat", "Elke week kort bellen", "Anna en moeder", "op de hoogte", "Te druk",
        "Verhuisd naar Zwolle", "Plan met de school", "Weer naar school", "Koken", "Een maatje", "Zij luistert", "Afspraken nakomen",
        "geduldig", "Agenda: de zomer", "Oppassen op woensdag", "Kent het gezin al jaren", "Fietsenmaker",
    ];

    private async Task<Guid> CaseWithEverything()
    {
        var caseId = await Host.CaseWithHistory();
        var memberId = (await Host.GetCase(caseId)).GetProperty("steunkring").GetProperty("members")[0].GetProperty("memberId").GetGuid();
        await Host.Send(HttpMethod.Post, $"/api/cases/{caseId}/family-plans", new { setOn = "2026-10-01", summary = "Plan met de school" }, token: Bert, expect: 201);
        await Host.Send(HttpMethod.Post, $"/api/cases/{caseId}/core-questions", new { watWilIk = "Weer naar school", watKanIk = "Koken", watHebIkNodig = "Een maatje" },
            token: Bert, expect: 201);
        await Host.Send(HttpMethod.Post, $"/api/cases/{caseId}/alliance-feedback",
            new { from = "client", goesWell = "Zij luistert", couldBeBetter = "Afspraken nakomen", keywords = new[] { "geduldig" } }, token: Bert, expect: 201);
        await Host.Send(HttpMethod.Put, $"/api/cases/{caseId}/steunkring/procesbegeleider", new { procesbegeleider = "p-dirk" }, token: Bert, expect: 200);
        await Host.Send(HttpMethod.Post, $"/api/cases/{caseId}/steunkring/intakes",
            new { memberId, heldOn = "2026-10-02", howTheyCanHelp = "Oppassen op woensdag", sharedHistory = "Kent het gezin al jaren" }, token: Bert, expect: 201);
        await Host.Send(HttpMethod.Post, $"/api/cases/{caseId}/steunkring/meetings",
            new { heldOn = "2026-10-03", agenda = new[] { "Agenda: de zomer" }, attended = new[] { memberId } }, token: Bert, expect: 201);
        await Host.Send(HttpMethod.Post, $"/api/cases/{caseId}/steunkring/members",
            new { name = "Fietsenmaker Jan", relation = "neighbour" }, token: Bert, expect: 201);
        await Host.Send(HttpMethod.Post, $"/api/cases/{caseId}/close", new { closedOn = "2026-11-20", reason = "Verhuisd naar Zwolle" }, token: Bert, expect: 200);
        await Projected();
        return caseId;
    }

    [Fact]
    public async Task after_an_erasure_no_response_and_no_table_holds_the_clients_personal_data_and_the_history_still_verifies()
    {
        var caseId = await CaseWithEverything();
        (await Everything(caseId)).ShouldContain("de Boer", customMessage: "the test must see the data before it is erased");

        var erased = await Host.Send(HttpMethod.Post, "/api/admin/erasure-requests", new { caseId, reason = "AVG-verzoek 2026-114" }, token: Admin, expect: 200);
        await Projected();

        erased.Json().GetProperty("caseId").GetGuid().ShouldBe(caseId);
        var everything = await Everything(caseId);
        foreach (var text in Personal) everything.ShouldNotContain(text, Case.Insensitive, $"'{text}' is still in {Where(everything, text)}");
        var verify = (await Host.Send(HttpMethod.Get, $"/api/cases/{caseId}/history/verify", token: Auditor, expect: 200)).Json();
        verify.GetProperty("intact").GetBoolean().ShouldBeTrue(verify.ToString());
        verify.GetProperty("personalDataErased").GetBoolean().ShouldBeTrue();
        var c = await Host.GetCase(caseId, Roles.TeamLead);
        c.GetProperty("clientName").GetString().ShouldBe("[gewist]");
        c.GetProperty("clientReference").GetString().ShouldBe("C-2001"); // the organisation's own reference stays (docs/privacy.md)
        var timeline = await Host.Get($"/api/cases/{caseId}/timeline?limit=500");
        timeline.GetProperty("items").EnumerateArray().Last().GetProperty("summary").GetString()!.ShouldContain("personal data was erased");
        // Still a history: the scores and their dates are there, only the words are gone.
        var trends = await Host.Get($"/api/cases/{caseId}/trends");
        trends.GetProperty("checkIns").GetArrayLength().ShouldBe(3);
    }

    [Fact]
    public async Task an_erased_case_takes_no_more_changes_and_erasing_again_changes_nothing()
    {
        var caseId = await CaseWithEverything();
        await Host.Send(HttpMethod.Post, "/api/admin/erasure-requests", new { caseId, reason = "AVG-verzoek" }, token: Admin, expect: 200);
        var version = (await Host.GetCase(caseId)).GetProperty("version").GetInt64();

        var again = await Host.Send(HttpMethod.Post, "/api/admin/erasure-requests", new { caseId, reason = "AVG-verzoek" }, token: Admin, expect: 200);
        var agreementId = (await Host.GetCase(caseId)).GetProperty("openAgreements")[0].GetProperty("agreementId").GetGuid();
        var correction = await Host.Send(HttpMethod.Post, $"/api/cases/{caseId}/corrections",
            new { reason = "x", agreement = new { agreementId, who = "Bert" } }, token: Lead, expect: 409);

        again.Json().GetProperty("version").GetInt64().ShouldBe(version);
        correction.Detail().ShouldContain("personal data was erased");
        (await Host.GetCase(caseId)).GetProperty("version").GetInt64().ShouldBe(version);
    }

    [Fact]
    public async Task an_open_case_is_closed_before_it_is_erased_and_only_an_admin_asks()
    {
        var caseId = await Host.OpenCase();

        (await Host.Send(HttpMethod.Post, "/api/admin/erasure-requests", new { caseId, reason = "AVG" }, token: Admin, expect: 409)).Detail()
            .ShouldContain("Close the case");
        await Host.Send(HttpMethod.Post, "/api/admin/erasure-requests", new { caseId, reason = "AVG" }, token: Lead, expect: 403);
        await Host.Send(HttpMethod.Post, "/api/admin/erasure-requests", new { caseId = Guid.NewGuid(), reason = "AVG" }, token: Admin, expect: 404);
        (await Host.Send(HttpMethod.Post, "/api/admin/erasure-requests", new { caseId }, token: Admin)).ShouldNameField("reason");
    }

    /// <summary>Which response or table (the "@@" line before it) holds <paramref name="text"/>, with the line itself.</summary>
    private static string Where(string everything, string text)
    {
        var source = "?";
        foreach (var line in everything.Split('\n'))
        {
            if (line.StartsWith("@@ ", StringComparison.Ordinal)) source = line[3..];
            else if (line.Contains(text, StringComparison.OrdinalIgnoreCase)) return $"{source}: {line[..Math.Min(line.Length, 600)]}";
        }
        return "nowhere";
    }

    /// <summary>Every response about the case (as team lead and auditor) and every row of every table, as one text.</summary>
    private async Task<string> Everything(Guid caseId)
    {
        var all = new System.Text.StringBuilder();
        foreach (var url in new[]
                 {
                     $"/api/cases/{caseId}", $"/api/cases/{caseId}/timeline?limit=500", $"/api/cases/{caseId}/trends", $"/api/cases/{caseId}/trends.svg",
                     $"/api/cases/{caseId}/agreements", $"/api/cases/{caseId}/history?limit=1000", $"/api/cases/{caseId}?version=20",
                     $"/api/cases/{caseId}/agreements?version=30", $"/api/cases?status=all", $"/api/check-ins/due?within=366",
                     $"/api/reminders?case={caseId}", $"/api/teams/noord/dashboard", $"/api/audit/access-log?case={caseId}",
                 })
        {
            var asWho = url.Contains("access-log") || url.Contains("history") ? Auditor : Lead;
            all.AppendLine($"@@ {url}").AppendLine((await Host.Send(HttpMethod.Get, url, token: asWho, expect: 200)).ReadAsText());
        }
        foreach (var accept in new[] { "application/x-ndjson", "text/csv" })
        {
            var export = await Host.Scenario(s =>
            {
                s.WithBearerToken(Auditor);
                s.WithRequestHeader("Accept", accept);
                s.Get.Url($"/api/cases/{caseId}/history");
            });
            all.AppendLine($"@@ history as {accept}").AppendLine(export.ReadAsText());
        }

        await using var connection = new NpgsqlConnection(AppFixture.ConnectionString);
        await connection.OpenAsync();
        var tables = new List<string>();
        await using (var list = new NpgsqlCommand(
                         "select quote_ident(table_schema) || '.' || quote_ident(table_name) from information_schema.tables " +
                         "where table_schema in ('samensterker', 'analytics', 'wolverine') and table_type = 'BASE TABLE'", connection))
        await using (var reader = await list.ExecuteReaderAsync())
            while (await reader.ReadAsync()) tables.Add(reader.GetString(0));
        tables.Count.ShouldBeGreaterThan(10);
        foreach (var table in tables)
        {
            // The access log is never reset between test classes: its rows about this case (it holds ids and paths only).
            var where = table.EndsWith(".access_log", StringComparison.Ordinal) ? $" where case_id = '{caseId}' or '{caseId}' = any(cases_shown)" : "";
            all.AppendLine($"@@ table {table}");
            await using var rows = new NpgsqlCommand($"select t::text from {table} t{where}", connection);
            await using var reader = await rows.ExecuteReaderAsync();
            while (await reader.ReadAsync()) all.AppendLine(reader.GetString(0));
        }
        return all.ToString();
    }
}
