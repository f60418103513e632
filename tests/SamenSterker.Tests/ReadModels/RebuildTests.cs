using JasperFx.Events.Daemon;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using SamenSterker.Analytics;
using SamenSterker.Operations;
using SamenSterker.Platform;
using SamenSterker.Tests.Support;
using Shouldly;

namespace SamenSterker.Tests.ReadModels;

/// <summary>Every projection can be thrown away and rebuilt from the events, with the same result.</summary>
public sealed class RebuildTests(AppFixture app) : ApiTest(app)
{
    [Fact]
    public async Task rebuilt_projections_equal_the_live_ones()
    {
        var first = await Host.CaseWithHistory("C-2001");
        await Host.CaseWithHistory("C-2002", team: "zuid");
        var bert = AppFixture.Token(sub: "p-bert"); // casusregie of both cases since their hand-over
        await Host.Send(HttpMethod.Post, $"/api/cases/{first}/family-plans", new { setOn = "2026-11-01", summary = "Nieuw plan" }, token: bert, expect: 201);
        var member = (await Host.Get($"/api/cases/{first}")).GetProperty("steunkring").GetProperty("members")[0].GetProperty("memberId").GetGuid();
        await Host.Send(HttpMethod.Put, $"/api/cases/{first}/steunkring/procesbegeleider", new { procesbegeleider = "p-dirk" }, token: bert, expect: 200);
        await Host.Send(HttpMethod.Post, $"/api/cases/{first}/steunkring/intakes", new { memberId = member, heldOn = "2026-11-01", sharedHistory = "Kent het gezin" }, token: bert, expect: 201);
        var planned = (await Host.Send(HttpMethod.Post, $"/api/cases/{first}/steunkring/planned-meetings", new { on = "2026-11-23", place = "Thuis" },
            token: bert, expect: 201)).Json().GetProperty("meetingId").GetGuid();
        await Host.Send(HttpMethod.Put, $"/api/cases/{first}/steunkring/planned-meetings/{planned}/agenda", new { items = new[] { "Wat wil ik?" } },
            token: bert, expect: 200);
        await Host.Send(HttpMethod.Post, $"/api/cases/{first}/steunkring/meetings",
            new { meetingId = planned, heldOn = "2026-11-02", attended = new[] { member },
                agreements = new[] { new { what = "Oma belt", who = "Oma", byWhen = "2026-11-10" } } }, token: bert, expect: 201);
        var agreement = (await Host.Send(HttpMethod.Get, $"/api/cases/{first}/steunkring", token: bert, expect: 200)).Json()
            .GetProperty("openAgreements")[0].GetProperty("agreementId").GetGuid();
        await Host.Send(HttpMethod.Post, $"/api/cases/{first}/steunkring/meetings",
            new { heldOn = "2026-11-03", agenda = new[] { "Terugblik" }, reviews = new[] { new { agreementId = agreement, outcome = "partly" } } },
            token: bert, expect: 201);
        await Host.Send(HttpMethod.Post, $"/api/cases/{first}/alliance-feedback", new { from = "professional", goesWell = "Open" }, token: bert, expect: 201);
        await Host.Send(HttpMethod.Post, $"/api/cases/{first}/alliance-drawings", Platform.AccessMatrixTests.Drawing(), token: bert, expect: 201);
        await Host.Send(HttpMethod.Post, $"/api/cases/{first}/praatplaat-reflections", new { nextStep = "Oma bellen" }, token: bert, expect: 201);
        await Host.Send(HttpMethod.Put, $"/api/cases/{first}/shared-approach", new { goal = "Rust", approach = "Eén plan" }, token: bert, expect: 200);
        await Host.Send(HttpMethod.Post, $"/api/cases/{first}/close", new { closedOn = "2026-11-20", reason = "Klaar" }, token: bert, expect: 200);
        await Projected();
        var live = await Snapshot();

        var daemon = Host.Services.GetRequiredService<IProjectionCoordinator>().DaemonForMainDatabase();
        await ProjectionRebuild.RebuildAll(daemon, TextWriter.Null, CancellationToken.None);
        await Projected();

        var rebuilt = await Snapshot();
        rebuilt.Keys.ShouldBe(live.Keys);
        foreach (var (name, rows) in live)
        {
            rows.ShouldNotBeEmpty(name);
            rebuilt[name].ShouldBe(rows, $"{name} differs after the rebuild");
        }
    }

    private static async Task<Dictionary<string, List<string>>> Snapshot()
    {
        var sources = AnalyticsTables.All.ToDictionary(t => t.Identifier.QualifiedName, t => $"select t::text from {t.Identifier.QualifiedName} t");
        foreach (var doc in new[] { "mt_doc_case", "mt_doc_casescores", "mt_doc_caseagreements", "mt_doc_casesummary" })
            sources[doc] = $"select id::text || ' ' || data::text from {EventStore.Schema}.{doc}";

        var snapshot = new Dictionary<string, List<string>>();
        await using var connection = new NpgsqlConnection(AppFixture.ConnectionString);
        await connection.OpenAsync();
        foreach (var (name, sql) in sources)
        {
            await using var command = new NpgsqlCommand(sql, connection);
            await using var reader = await command.ExecuteReaderAsync();
            var rows = new List<string>();
            while (await reader.ReadAsync()) rows.Add(reader.GetString(0));
            rows.Sort(StringComparer.Ordinal);
            snapshot[name] = rows;
        }
        return snapshot;
    }
}
