using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using SamenSterker.Access;
using SamenSterker.Audit;
using SamenSterker.Tests.Support;
using Shouldly;

namespace SamenSterker.Tests.Audit;

/// <summary>NEN 7513: every access to a case is logged — also refused ones, also list views, also reading the log.</summary>
public sealed class AccessLogTests(AppFixture app) : ApiTest(app)
{
    private static string Auditor => AppFixture.Token(Roles.Auditor, "a-ada", null);

    private static async Task<long> LogRows(Guid caseId, string resource)
    {
        await using var connection = new NpgsqlConnection(AppFixture.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"select count(*) from {AccessLog.Table} where case_id = $1 and resource = $2", connection);
        command.Parameters.Add(new NpgsqlParameter { Value = caseId });
        command.Parameters.Add(new NpgsqlParameter { Value = resource });
        return (long)(await command.ExecuteScalarAsync())!;
    }

    private Task Written() => Wait.Until(() => Task.FromResult(Host.Services.GetRequiredService<AccessLogWriter>().Pending), n => n == 0, seconds: 10);

    [Fact]
    public async Task reads_writes_and_refusals_of_a_case_are_logged_with_who_what_when_and_the_outcome()
    {
        var caseId = await Host.OpenCase();
        await Host.Send(HttpMethod.Post, $"/api/cases/{caseId}/steunkring/members", new { name = "Oma", relation = "family" }, expect: 201);
        await Host.Scenario(s =>
        {
            s.WithBearerToken(AppFixture.Token(sub: "p-carl"));
            s.WithRequestHeader("X-Correlation-Id", "req-nen-7513");
            s.Get.Url($"/api/cases/{caseId}/timeline");
            s.StatusCodeShouldBe(200);
        });
        await Host.Send(HttpMethod.Get, $"/api/cases/{caseId}", token: AppFixture.Token(sub: "p-zara", team: "zuid"), expect: 404);
        await Written();

        var log = (await Host.Get($"/api/audit/access-log?case={caseId}", Roles.Auditor)).GetProperty("items").EnumerateArray().ToList();

        log.Select(e => (e.GetProperty("method").GetString(), e.GetProperty("resource").GetString(), e.GetProperty("userId").GetString(), e.GetProperty("outcome").GetInt32()))
            .ShouldBe([
                ("POST", "/api/cases", "p-anna", 201), // the opening, though its URL names no case (issue 19, finding 8)
                ("POST", "/api/cases/{id:guid}/steunkring/members", "p-anna", 201),
                ("GET", "/api/cases/{id:guid}/timeline", "p-carl", 200),
                ("GET", "/api/cases/{id:guid}", "p-zara", 404),
            ]);
        var read = log[2];
        read.GetProperty("roles").GetString().ShouldBe("professional");
        read.GetProperty("team").GetString().ShouldBe("noord");
        read.GetProperty("correlationId").GetString().ShouldBe("req-nen-7513");
        read.GetProperty("path").GetString().ShouldBe($"/api/cases/{caseId}/timeline");
        log[3].GetProperty("team").GetString().ShouldBe("zuid");
    }

    [Fact]
    public async Task a_list_that_showed_the_case_counts_as_looking_at_it_and_reading_the_log_is_logged_too()
    {
        var caseId = await Host.OpenCase();
        await Projected();
        await Host.Send(HttpMethod.Get, "/api/cases", token: AppFixture.Token(sub: "p-carl"), expect: 200);
        await Written();

        var first = (await Host.Send(HttpMethod.Get, $"/api/audit/access-log?case={caseId}", token: Auditor, expect: 200)).Json();
        first.GetProperty("items").EnumerateArray().ShouldContain(e => e.GetProperty("resource").GetString() == "/api/cases"
                                                                      && e.GetProperty("userId").GetString() == "p-carl");
        await Written();
        var auditorsOwn = await Host.Send(HttpMethod.Get, "/api/audit/access-log?user=a-ada", token: Auditor, expect: 200);
        auditorsOwn.Json().GetProperty("items").EnumerateArray()
            .ShouldContain(e => e.GetProperty("resource").GetString() == "/api/audit/access-log" && e.GetProperty("outcome").GetInt32() == 200);
    }

    [Fact]
    public async Task the_log_pages_by_id()
    {
        var caseId = await Host.OpenCase();
        for (var i = 0; i < 5; i++) await Host.Send(HttpMethod.Get, $"/api/cases/{caseId}", expect: 200);
        await Written();

        var first = (await Host.Send(HttpMethod.Get, $"/api/audit/access-log?case={caseId}&limit=4", token: Auditor, expect: 200)).Json();
        var next = first.GetProperty("next").GetInt64();
        // Its entry is queued when its response has completed, which may be just after the client has it: wait for the row.
        await Wait.Until(() => LogRows(caseId, "/api/audit/access-log"), n => n >= 1, seconds: 10);
        var second = (await Host.Send(HttpMethod.Get, $"/api/audit/access-log?case={caseId}&limit=4&after={next}", token: Auditor, expect: 200)).Json();

        first.GetProperty("items").GetArrayLength().ShouldBe(4);
        // The opening and three reads first; the last two of the five reads, then the auditor's own look at this case's log.
        var rest = second.GetProperty("items").EnumerateArray().ToList();
        rest.Select(e => e.GetProperty("resource").GetString()).ShouldBe(["/api/cases/{id:guid}", "/api/cases/{id:guid}", "/api/audit/access-log"]);
        second.GetProperty("next").ValueKind.ShouldBe(System.Text.Json.JsonValueKind.Null);
        (await Host.Send(HttpMethod.Get, "/api/audit/access-log?limit=0", token: Auditor)).ShouldNameField("limit");
    }

    [Theory]
    [InlineData("update samensterker.access_log set user_id = 'someone-else'")]
    [InlineData("delete from samensterker.access_log")]
    [InlineData("truncate samensterker.access_log")]
    public async Task the_log_is_append_only_even_in_plain_sql(string sql)
    {
        await Host.OpenCase();
        await Written();
        await using var connection = new NpgsqlConnection(AppFixture.ConnectionString);
        await connection.OpenAsync();
        await using var count = new NpgsqlCommand("select count(*) from samensterker.access_log", connection);
        var before = (long)(await count.ExecuteScalarAsync())!;

        var refused = await Should.ThrowAsync<PostgresException>(async () =>
        {
            await using var command = new NpgsqlCommand(sql, connection);
            await command.ExecuteNonQueryAsync();
        });

        refused.MessageText.ShouldContain("the access log is append-only");
        ((long)(await count.ExecuteScalarAsync())!).ShouldBe(before);
    }
}
