using System.Text.Json;
using Npgsql;
using SamenSterker.Access;
using SamenSterker.Tests.Support;
using Shouldly;

namespace SamenSterker.Tests.Audit;

/// <summary>An auditor replays a case: every event with its metadata, the whole history as an export, the case as it stood then.</summary>
public sealed class ReplayTests(AppFixture app) : ApiTest(app)
{
    private static readonly string Auditor = AppFixture.Token(Roles.Auditor, "a-ada", null);

    private async Task<JsonElement> AsAuditor(string url) => (await Host.Send(HttpMethod.Get, url, token: Auditor, expect: 200)).Json();

    [Fact]
    public async Task the_history_lists_every_event_in_order_with_its_metadata_and_pages()
    {
        var caseId = await Host.CaseWithHistory();
        var version = (await Host.GetCase(caseId)).GetProperty("version").GetInt64();

        var all = await AsAuditor($"/api/cases/{caseId}/history?limit=1000");
        var items = all.GetProperty("items").EnumerateArray().ToList();

        items.Select(e => e.GetProperty("version").GetInt64()).ShouldBe(Enumerable.Range(1, (int)version).Select(v => (long)v));
        items.Select(e => e.GetProperty("sequence").GetInt64()).ShouldBeInOrder();
        items[0].GetProperty("type").GetString().ShouldBe("case_opened");
        items[0].GetProperty("user").GetString().ShouldBe("p-anna");
        items[0].GetProperty("data").GetProperty("clientName").GetString().ShouldBe("Fam. de Boer");
        items[0].GetProperty("correlationId").GetString().ShouldNotBeNullOrEmpty();
        items[0].GetProperty("link").GetString()!.Length.ShouldBe(64);
        items[^1].GetProperty("user").GetString().ShouldBe("p-bert");
        all.GetProperty("next").ValueKind.ShouldBe(JsonValueKind.Null);

        var page = await AsAuditor($"/api/cases/{caseId}/history?limit=10");
        page.GetProperty("items").GetArrayLength().ShouldBe(10);
        var next = page.GetProperty("next").GetInt64();
        next.ShouldBe(11);
        var rest = await AsAuditor($"/api/cases/{caseId}/history?fromVersion={next}&limit=1000");
        rest.GetProperty("items")[0].GetProperty("version").GetInt64().ShouldBe(11);

        var at = items[20].GetProperty("timestamp").GetDateTimeOffset();
        var until = await AsAuditor($"/api/cases/{caseId}/history?to={Uri.EscapeDataString(at.ToString("O"))}&limit=1000");
        until.GetProperty("items").EnumerateArray().ShouldAllBe(e => e.GetProperty("timestamp").GetDateTimeOffset() < at);
        (await Host.Send(HttpMethod.Get, $"/api/cases/{caseId}/history?fromVersion=0", token: Auditor)).ShouldNameField("fromVersion");
    }

    [Fact]
    public async Task the_whole_history_exports_as_ndjson_and_csv()
    {
        var caseId = await Host.CaseWithHistory();
        var version = (await Host.GetCase(caseId)).GetProperty("version").GetInt64();

        var ndjson = await Host.Scenario(s =>
        {
            s.WithBearerToken(Auditor);
            s.WithRequestHeader("Accept", "application/x-ndjson");
            s.Get.Url($"/api/cases/{caseId}/history");
            s.StatusCodeShouldBe(200);
        });
        ndjson.Context.Response.ContentType.ShouldBe("application/x-ndjson");
        var lines = ndjson.ReadAsText().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        lines.Length.ShouldBe((int)version);
        lines.Select(l => JsonDocument.Parse(l).RootElement.GetProperty("version").GetInt64()).ShouldBe(Enumerable.Range(1, (int)version).Select(v => (long)v));
        JsonDocument.Parse(lines[0]).RootElement.GetProperty("data").GetProperty("teamId").GetString().ShouldBe("noord");

        var csv = await Host.Scenario(s =>
        {
            s.WithBearerToken(Auditor);
            s.WithRequestHeader("Accept", "text/csv");
            s.Get.Url($"/api/cases/{caseId}/history");
            s.StatusCodeShouldBe(200);
        });
        csv.Context.Response.ContentType!.ShouldStartWith("text/csv");
        var rows = csv.ReadAsText().Split(["\r\n", "\n"], StringSplitOptions.RemoveEmptyEntries);
        rows[0].ShouldBe("sequence,version,timestamp,type,user,correlationId,causationId,link,data");
        rows.Length.ShouldBe((int)version + 1);
        rows[1].ShouldContain("case_opened");
        rows[1].ShouldContain("\"{\"\"kind\"\": \"\"family\"\"");
    }

    [Fact]
    public async Task the_case_its_trends_and_agreements_as_they_stood_at_a_version_or_a_moment()
    {
        var caseId = await Host.CaseWithHistory();
        var history = (await AsAuditor($"/api/cases/{caseId}/history?limit=1000")).GetProperty("items").EnumerateArray().ToList();
        var firstCheckInDone = history.First(e => e.GetProperty("type").GetString() == "agreement_made");
        var v = firstCheckInDone.GetProperty("version").GetInt64();

        var atVersion = await AsAuditor($"/api/cases/{caseId}?version={v}");
        atVersion.GetProperty("version").GetInt64().ShouldBe(v);
        atVersion.GetProperty("checkInsHeld").GetInt32().ShouldBe(1);
        atVersion.GetProperty("roles").GetProperty("casusregie").GetString().ShouldBe("p-anna");
        atVersion.GetProperty("openAgreements").GetArrayLength().ShouldBe(1);

        var moment = firstCheckInDone.GetProperty("timestamp").GetDateTimeOffset().AddMilliseconds(1);
        var atMoment = await AsAuditor($"/api/cases/{caseId}?asOf={Uri.EscapeDataString(moment.ToString("O"))}");
        atMoment.GetProperty("version").GetInt64().ShouldBe(v);

        var trends = await AsAuditor($"/api/cases/{caseId}/trends?version={v}");
        trends.GetProperty("checkIns").GetArrayLength().ShouldBe(1);
        var agreements = await AsAuditor($"/api/cases/{caseId}/agreements?version={v}");
        agreements.GetProperty("agreements").GetArrayLength().ShouldBe(1);
        agreements.GetProperty("rates").GetProperty("reviewed").GetInt32().ShouldBe(0);

        var now = await Host.GetCase(caseId);
        now.GetProperty("checkInsHeld").GetInt32().ShouldBe(3);
        var beyond = await Host.Send(HttpMethod.Get, $"/api/cases/{caseId}?version=9999", token: Auditor, expect: 404);
        beyond.Detail().ShouldContain("there is no version 9999");
        var before = await Host.Send(HttpMethod.Get, $"/api/cases/{caseId}?asOf=2001-01-01T00:00:00Z", token: Auditor, expect: 404);
        before.Detail().ShouldContain("did not exist yet");
        (await Host.Send(HttpMethod.Get, $"/api/cases/{caseId}?version=0", token: Auditor)).ShouldNameField("version");
    }
}

/// <summary>The hash chain proves that no event was changed, deleted, inserted or moved since it was written.</summary>
public sealed class VerifyTests(AppFixture app) : ApiTest(app)
{
    private static readonly string Auditor = AppFixture.Token(Roles.Auditor, "a-ada", null);

    private async Task<JsonElement> Verify(Guid caseId) =>
        (await Host.Send(HttpMethod.Get, $"/api/cases/{caseId}/history/verify", token: Auditor, expect: 200)).Json();

    /// <summary>
    /// Plain SQL, as someone with every database right would tamper: a superuser, who can switch the record's guards off
    /// for a transaction (session_replication_role). The runtime role cannot (RuntimeRoleTests); the chain is what remains.
    /// </summary>
    private static async Task Sql(string sql, Guid caseId)
    {
        await using var connection = new NpgsqlConnection(AppFixture.ConnectionString);
        await connection.OpenAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        await using (var off = new NpgsqlCommand("set local session_replication_role = replica", connection, transaction))
            await off.ExecuteNonQueryAsync();
        await using (var command = new NpgsqlCommand(sql.Replace("$1", $"'{caseId}'"), connection, transaction))
            await command.ExecuteNonQueryAsync();
        await transaction.CommitAsync();
    }

    [Fact]
    public async Task an_archived_event_is_found_and_the_view_at_its_version_says_why_it_cannot_be_shown()
    {
        // The security review: archiving version 3 by SQL hid it from the timeline and the as-of view, and verify said intact.
        var caseId = await Host.CaseWithHistory();
        await Sql("update samensterker.mt_events set is_archived = true where stream_id = $1 and version = 3", caseId);

        var result = await Verify(caseId);
        var atVersion = await Host.Send(HttpMethod.Get, $"/api/cases/{caseId}?version=3", token: Auditor, expect: 404);

        result.GetProperty("intact").GetBoolean().ShouldBeFalse();
        result.GetProperty("firstBrokenVersion").GetInt64().ShouldBe(3);
        result.GetProperty("reason").GetString()!.ShouldContain("archived");
        atVersion.Detail().ShouldBe("Version 3 of the case cannot be shown: not all of its events up to that version can be read. GET …/history/verify says which and why.");
    }

    [Fact]
    public async Task an_archived_case_is_found()
    {
        var caseId = await Host.CaseWithHistory();
        await Sql("update samensterker.mt_streams set is_archived = true where id = $1", caseId);

        var result = await Verify(caseId);

        result.GetProperty("intact").GetBoolean().ShouldBeFalse();
        result.GetProperty("reason").GetString()!.ShouldContain("archived");
    }

    [Theory]
    [InlineData("causation_id = 'someone-else'")]
    [InlineData("headers = '{\"source\": \"elsewhere\"}'::jsonb")]
    [InlineData("id = gen_random_uuid()")]
    [InlineData("mt_dotnet_type = 'SomethingElse'")]
    public async Task a_changed_column_that_readers_see_is_found(string change)
    {
        var caseId = await Host.CaseWithHistory();
        await Sql($"update samensterker.mt_events set {change} where stream_id = $1 and version = 6", caseId);

        var result = await Verify(caseId);

        result.GetProperty("intact").GetBoolean().ShouldBeFalse();
        result.GetProperty("firstBrokenVersion").GetInt64().ShouldBe(6);
        result.GetProperty("reason").GetString()!.ShouldContain("metadata");
    }

    [Fact]
    public async Task an_erasure_mark_on_a_case_that_was_never_erased_is_found()
    {
        var caseId = await Host.CaseWithHistory();
        await Sql("""update samensterker.mt_events set headers = '{"erased": "2026-11-23T10:00:00Z"}'::jsonb where stream_id = $1 and version = 4""", caseId);

        var result = await Verify(caseId);

        result.GetProperty("firstBrokenVersion").GetInt64().ShouldBe(4);
        result.GetProperty("reason").GetString()!.ShouldContain("erasure mark");
    }

    [Fact]
    public async Task an_untouched_history_is_intact()
    {
        var caseId = await Host.CaseWithHistory();
        var version = (await Host.GetCase(caseId)).GetProperty("version").GetInt64();

        var result = await Verify(caseId);

        result.GetProperty("intact").GetBoolean().ShouldBeTrue();
        result.GetProperty("events").GetInt64().ShouldBe(version);
        var history = (await Host.Send(HttpMethod.Get, $"/api/cases/{caseId}/history?limit=1000", token: Auditor, expect: 200)).Json();
        result.GetProperty("lastHash").GetString().ShouldBe(history.GetProperty("items")[(int)version - 1].GetProperty("link").GetString());
    }

    [Fact]
    public async Task a_changed_event_is_found()
    {
        var caseId = await Host.CaseWithHistory();
        await Sql("update samensterker.mt_events set data = jsonb_set(data, '{value}', '9.5') where stream_id = $1 and version = 12", caseId);

        var result = await Verify(caseId);

        result.GetProperty("intact").GetBoolean().ShouldBeFalse();
        result.GetProperty("firstBrokenVersion").GetInt64().ShouldBe(12);
        result.GetProperty("reason").GetString()!.ShouldContain("data of this event was changed");
    }

    [Fact]
    public async Task a_changed_personal_field_is_found_before_an_erasure()
    {
        var caseId = await Host.CaseWithHistory();
        await Sql("update samensterker.mt_events set data = jsonb_set(data, '{clientName}', '\"Fam. Anders\"') where stream_id = $1 and version = 1", caseId);

        var result = await Verify(caseId);

        result.GetProperty("firstBrokenVersion").GetInt64().ShouldBe(1);
        result.GetProperty("reason").GetString()!.ShouldContain("data of this event was changed");
    }

    [Fact]
    public async Task after_an_erasure_a_changed_event_is_still_found_and_a_seal_removed_without_erasure_too()
    {
        var erased = await Host.CaseWithHistory("C-3001");
        await Host.Send(HttpMethod.Post, $"/api/cases/{erased}/close", new { closedOn = "2026-11-20", reason = "Klaar" }, token: AppFixture.Token(sub: "p-bert"), expect: 200);
        await Host.Send(HttpMethod.Post, "/api/admin/erasure-requests", new { caseId = erased, reason = "AVG" }, token: AppFixture.Token(Roles.Admin, "b-bea", null), expect: 200);
        await Sql("update samensterker.mt_events set data = jsonb_set(data, '{value}', '9.5') where stream_id = $1 and version = 12", erased);
        var other = await Host.CaseWithHistory("C-3002");
        await Sql("delete from samensterker.case_seals where stream_id = $1", other);

        (await Verify(erased)).GetProperty("firstBrokenVersion").GetInt64().ShouldBe(12);
        var unsealed = await Verify(other);
        unsealed.GetProperty("firstBrokenVersion").GetInt64().ShouldBe(1);
        unsealed.GetProperty("reason").GetString()!.ShouldContain("no erasure of its personal data was recorded");
    }

    [Fact]
    public async Task a_changed_author_is_found()
    {
        var caseId = await Host.CaseWithHistory();
        await Sql("update samensterker.mt_events set user_name = 'p-someone' where stream_id = $1 and version = 5", caseId);

        var result = await Verify(caseId);

        result.GetProperty("firstBrokenVersion").GetInt64().ShouldBe(5);
        result.GetProperty("reason").GetString()!.ShouldContain("metadata");
    }

    [Fact]
    public async Task a_deleted_event_is_found()
    {
        var caseId = await Host.CaseWithHistory();
        await Sql("delete from samensterker.mt_events where stream_id = $1 and version = 7", caseId);

        var result = await Verify(caseId);

        result.GetProperty("intact").GetBoolean().ShouldBeFalse();
        result.GetProperty("firstBrokenVersion").GetInt64().ShouldBe(7);
        result.GetProperty("reason").GetString()!.ShouldContain("deleted");
    }

    [Fact]
    public async Task an_event_deleted_with_its_link_is_found()
    {
        var caseId = await Host.CaseWithHistory();
        await Sql("""
            delete from samensterker.mt_events where stream_id = $1 and version = 7;
            delete from samensterker.event_chain where stream_id = $1 and version = 7;
            """, caseId);

        var result = await Verify(caseId);

        result.GetProperty("firstBrokenVersion").GetInt64().ShouldBe(8);
        result.GetProperty("reason").GetString()!.ShouldContain("missing");
    }

    [Fact]
    public async Task two_reordered_events_are_found()
    {
        var caseId = await Host.CaseWithHistory();
        await Sql("""
            update samensterker.mt_events set version = -1 where stream_id = $1 and version = 9;
            update samensterker.mt_events set version = 9 where stream_id = $1 and version = 10;
            update samensterker.mt_events set version = 10 where stream_id = $1 and version = -1;
            """, caseId);

        var result = await Verify(caseId);

        result.GetProperty("intact").GetBoolean().ShouldBeFalse();
        result.GetProperty("firstBrokenVersion").GetInt64().ShouldBe(9);
        result.GetProperty("reason").GetString()!.ShouldContain("moved");
    }

    [Fact]
    public async Task the_last_event_deleted_with_its_link_is_found()
    {
        var caseId = await Host.CaseWithHistory();
        var version = (await Host.GetCase(caseId)).GetProperty("version").GetInt64();
        await Sql($"""
            delete from samensterker.mt_events where stream_id = $1 and version = {version};
            delete from samensterker.event_chain where stream_id = $1 and version = {version};
            """, caseId);

        var result = await Verify(caseId);

        result.GetProperty("firstBrokenVersion").GetInt64().ShouldBe(version);
        result.GetProperty("reason").GetString()!.ShouldContain("last events are missing");
    }
}
