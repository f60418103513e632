using Marten;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using SamenSterker.Tests.Support;
using Shouldly;

namespace SamenSterker.Tests.Audit;

/// <summary>
/// The service runs as a database role that cannot rewrite the record (the security review: as the superuser,
/// <c>SET LOCAL session_replication_role = replica</c> switched the access log's trigger off and a DELETE removed
/// NEN 7513 rows). Each statement below is what someone holding the service's own database account would try.
/// </summary>
public sealed class RuntimeRoleTests(AppFixture app) : ApiTest(app)
{
    [Fact]
    public async Task the_service_under_test_connects_as_the_runtime_role_which_is_no_superuser_and_owns_nothing()
    {
        await using var session = App.Store.QuerySession();
        var who = await session.QueryAsync<string>("select current_user || ' ' || rolsuper::text || ' ' || rolcreaterole::text from pg_roles where rolname = current_user");
        var owned = await session.QueryAsync<int>(
            "select count(*)::int from pg_class c join pg_namespace n on n.oid = c.relnamespace where n.nspname in ('samensterker', 'wolverine', 'analytics') and c.relowner = (select oid from pg_roles where rolname = current_user)");

        who.Single().ShouldBe($"{DatabaseRoles.Runtime} false false");
        owned.Single().ShouldBe(0);
    }

    [Theory]
    [InlineData("delete from samensterker.mt_events where stream_id = $1")]
    [InlineData("update samensterker.mt_events set data = jsonb_set(data, '{clientName}', '\"Fam. Anders\"') where stream_id = $1 and version = 1")]
    [InlineData("update samensterker.mt_events set is_archived = true where stream_id = $1 and version = 3")]
    [InlineData("update samensterker.mt_events set user_name = 'p-someone' where stream_id = $1")]
    [InlineData("update samensterker.mt_events set headers = '{\"erased\": \"2026-11-23\"}'::jsonb, data = '{}'::jsonb where stream_id = $1")]
    [InlineData("truncate samensterker.mt_events cascade")]
    [InlineData("delete from samensterker.mt_streams where id = $1")]
    [InlineData("update samensterker.mt_streams set is_archived = true where id = $1")]
    [InlineData("update samensterker.event_chain set link = repeat('0', 64) where stream_id = $1")]
    [InlineData("delete from samensterker.event_chain where stream_id = $1")]
    [InlineData("update samensterker.access_log set user_id = 'someone-else'")]
    [InlineData("delete from samensterker.access_log")]
    [InlineData("set session_replication_role = replica")]
    [InlineData("alter table samensterker.mt_events disable trigger events_append_only")]
    [InlineData("drop trigger events_append_only on samensterker.mt_events")]
    [InlineData("drop trigger access_log_no_update_or_delete on samensterker.access_log")]
    [InlineData("create table samensterker.somewhere_else (x int)")]
    [InlineData("create or replace function samensterker.events_are_append_only() returns trigger language plpgsql as $$ begin return new; end $$")]
    public async Task the_runtime_role_cannot_rewrite_the_record_or_switch_off_its_guards(string sql)
    {
        var caseId = await Host.CaseWithHistory();
        await Host.Send(HttpMethod.Get, $"/api/cases/{caseId}", expect: 200); // a line in the access log

        await using var connection = new NpgsqlConnection(AppFixture.RuntimeConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql.Replace("$1", $"'{caseId}'"), connection);
        var refused = await Should.ThrowAsync<PostgresException>(() => command.ExecuteNonQueryAsync());

        refused.SqlState.ShouldBeOneOf("42501", "42809"); // insufficient privilege, or must be owner
        var verified = (await Host.Send(HttpMethod.Get, $"/api/cases/{caseId}/history/verify", token: AppFixture.Token("auditor", "a-ada", null), expect: 200)).Json();
        verified.GetProperty("intact").GetBoolean().ShouldBeTrue();
    }

    [Fact]
    public async Task the_runtime_role_still_does_everything_the_service_does_erasure_included()
    {
        // The erasure is the one update of events there is: its masking passes the guard because the case recorded its erasure.
        var caseId = await Host.CaseWithHistory("C-3003");
        await Host.Send(HttpMethod.Post, $"/api/cases/{caseId}/close", new { closedOn = "2026-11-20", reason = "Klaar" }, token: AppFixture.Token(sub: "p-bert"), expect: 200);
        await Host.Send(HttpMethod.Post, "/api/admin/erasure-requests", new { caseId, reason = "AVG" }, token: AppFixture.Token("admin", "b-bea", null), expect: 200);

        var verified = (await Host.Send(HttpMethod.Get, $"/api/cases/{caseId}/history/verify", token: AppFixture.Token("auditor", "a-ada", null), expect: 200)).Json();

        verified.GetProperty("intact").GetBoolean().ShouldBeTrue();
        verified.GetProperty("personalDataErased").GetBoolean().ShouldBeTrue();
        (await Host.Send(HttpMethod.Get, $"/api/cases/{caseId}", token: AppFixture.Token("auditor", "a-ada", null), expect: 200)).Json()
            .GetProperty("clientName").GetString().ShouldBe("[gewist]");
    }
}
