using Alba;
using JasperFx.Events.Daemon;
using Marten;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using SamenSterker.Access;
using SamenSterker.Caseload;
using SamenSterker.Cases;
using SamenSterker.Operations;
using SamenSterker.Platform;
using SamenSterker.Reminders;
using SamenSterker.Steunkring;
using SamenSterker.Tests.Support;
using Shouldly;
using static SamenSterker.Tests.Support.ReminderHosts;

namespace SamenSterker.Tests.Reminders;

/// <summary>
/// One case whose events cannot be processed must not stop the others: its work is retried, set aside
/// (listed, /health Degraded) and replayed after a fix, while every other case gets its read models and
/// reminders as usual.
/// </summary>
[Collection(ReminderCollection.Name)]
public sealed class SetAsideTests
{
    [Fact]
    public async Task a_case_that_cannot_be_planned_or_projected_is_set_aside_and_every_other_case_goes_on()
    {
        await using var host = await Start();
        var db = host.Services.GetRequiredService<NpgsqlDataSource>();
        await ClearSetAside(db);
        var store = host.Services.GetRequiredService<IDocumentStore>();
        var anna = NewUser();
        var bert = NewUser();
        var bad = await host.OpenCase(anna, firstOn: Today.AddMonths(2));
        await Wait.Until(() => host.Reminders(bad), r => r.Count > 0);

        // Events stored before today's boundary checks existed (the test hook: straight into the store while
        // the daemon is paused): a moment no calendar can place, and a member whose stored data no projection can read.
        var coordinator = host.Services.GetRequiredService<IProjectionCoordinator>();
        await coordinator.PauseAsync();
        await using (var session = store.LightweightSession())
        {
            session.Events.Append(bad, new CheckInMomentsAgreed(3, false, new DateOnly(9999, 12, 31)));
            session.Events.Append(bad, new SteunkringMemberAdded(Guid.NewGuid(), "Oma", MemberRelation.Family, null, Today));
            await session.SaveChangesAsync();
        }
        var original = await Scalar<string>(db, $"select data::text from {EventStore.Schema}.mt_events where stream_id = $1 and type = 'steunkring_member_added'", bad);
        // Damaged as only a superuser can (the record's guards refuse every role an UPDATE of an event): switched off for this statement.
        await WithGuardsOff(db, $"update {EventStore.Schema}.mt_events set data = '{{\"memberId\": \"not-a-uuid\"}}' where stream_id = $1 and type = 'steunkring_member_added'", bad);
        await coordinator.ResumeAsync();

        // Another case, opened after: its overdue reminder and its read models arrive within seconds.
        var good = await host.OpenCase(bert, firstOn: Today.AddDays(-7));
        var inbox = await Wait.Until(() => host.Inbox(bert), i => i.Count > 0, seconds: 20);
        inbox.Single().CaseId.ShouldBe(good);
        await Wait.Until(async () =>
        {
            await using var query = store.QuerySession();
            return await query.LoadAsync<CaseSummary>(good);
        }, summary => summary is not null, seconds: 20);

        // The bad case is listed: its planning message (after its retries) and the event the projections could not read.
        var items = await Wait.Until(() => SetAside.List(db, CancellationToken.None),
            found => found.Any(i => i.Kind == "message" && i.Name.Contains(nameof(PlanCaseReminders)))
                     && found.Any(i => i.Kind == "event" && i.Name == EventStore.ReadModels), seconds: 30);
        items.ShouldAllBe(i => i.CaseId == bad);
        items.Single(i => i.Kind == "message").Reason.ShouldContain("ArgumentOutOfRange");
        items.Where(i => i.Kind == "event").ShouldAllBe(i => i.EventType == "steunkring_member_added");
        (await host.Send(HttpMethod.Get, "/health", token: "", expect: 200)).ReadAsText().ShouldBe("Degraded");
        var listed = await host.Get("/api/admin/set-aside", "ops", Roles.Admin);
        listed.GetArrayLength().ShouldBe(items.Count);

        // The fix: the damaged row restored from a backup, the moments agreed again. Then replay.
        await WithGuardsOff(db, $"update {EventStore.Schema}.mt_events set data = '{original.Replace("'", "''")}'::jsonb where stream_id = $1 and type = 'steunkring_member_added'", bad);
        await host.Send(HttpMethod.Put, $"/api/cases/{bad}/check-in-moments", new { intervalMonths = 3, firstOn = Today.AddMonths(1).ToString("yyyy-MM-dd") },
            token: Token(anna), expect: 200);
        await host.Send(HttpMethod.Post, "/api/admin/set-aside/replay", token: Token("ops", Roles.Admin), expect: 200);

        await Wait.Until(() => SetAside.Count(db, CancellationToken.None), n => n == 0, seconds: 30);
        (await host.Send(HttpMethod.Get, "/health", token: "", expect: 200)).ReadAsText().ShouldBe("Healthy");
        var timeline = await host.Get($"/api/cases/{bad}/timeline", anna);
        timeline.GetProperty("items").EnumerateArray().ShouldContain(e => e.GetProperty("kind").GetString() == "steunkringMemberAdded");
        // Planned by the replayed message and the subscription, a moment after the replay answered.
        await Wait.Until(() => host.Reminders(bad), r => r.Any(x => x.Status == ReminderStatus.Planned && x.DueOn == Today.AddMonths(1)), seconds: 20);
        (await host.Reminders(bad)).ShouldContain(r => r.Status == ReminderStatus.Planned && r.DueOn == Today.AddMonths(1));
    }

    private static async Task ClearSetAside(NpgsqlDataSource db)
    {
        await Execute(db, $"delete from {EventStore.Schema}.mt_doc_deadletterevent");
        await Execute(db, "delete from wolverine.wolverine_dead_letters");
    }

    private static async Task Execute(NpgsqlDataSource db, string sql, params object[] args)
    {
        await using var command = db.CreateCommand(sql);
        foreach (var a in args) command.Parameters.Add(new NpgsqlParameter { Value = a });
        await command.ExecuteNonQueryAsync();
    }

    /// <summary>As a superuser, with the triggers off for one transaction (session_replication_role = replica).</summary>
    private static async Task WithGuardsOff(NpgsqlDataSource db, string sql, params object[] args)
    {
        await using var connection = await db.OpenConnectionAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        await using (var off = new NpgsqlCommand("set local session_replication_role = replica", connection, transaction))
            await off.ExecuteNonQueryAsync();
        await using (var command = new NpgsqlCommand(sql, connection, transaction))
        {
            foreach (var a in args) command.Parameters.Add(new NpgsqlParameter { Value = a });
            await command.ExecuteNonQueryAsync();
        }
        await transaction.CommitAsync();
    }

    private static async Task<T> Scalar<T>(NpgsqlDataSource db, string sql, params object[] args)
    {
        await using var command = db.CreateCommand(sql);
        foreach (var a in args) command.Parameters.Add(new NpgsqlParameter { Value = a });
        return (T)(await command.ExecuteScalarAsync())!;
    }
}
