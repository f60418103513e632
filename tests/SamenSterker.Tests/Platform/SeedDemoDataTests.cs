using System.Text.Json;
using Marten;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Npgsql;
using SamenSterker.Audit;
using SamenSterker.Cases;
using SamenSterker.CheckIns;
using SamenSterker.Operations;
using SamenSterker.Seed;
using SamenSterker.Tests.Support;
using Shouldly;

namespace SamenSterker.Tests.Platform;

/// <summary>The demo data generator (ops/run.sh seed --cases N) writes cases the service itself would have written.</summary>
public sealed class SeedDemoDataTests(AppFixture app) : ApiTest(app)
{
    [Fact]
    public async Task seeded_cases_are_real_histories_the_api_serves_the_chain_proves_and_the_projections_fold()
    {
        var json = Host.Services.GetRequiredService<IOptions<JsonOptions>>().Value.SerializerOptions;
        var result = await SeedDemoData.Write(App.Store, new SeedOptions(Cases: 40, Writers: 2, CasesPerBatch: 15), json, AppFixture.Today, null, default);

        await using var query = App.Store.QuerySession();
        var events = await query.Events.QueryAllRawEvents().ToListAsync();
        result.Cases.ShouldBe(40);
        events.Count.ShouldBe((int)result.Events);
        events.Select(e => e.StreamId).Distinct().Count().ShouldBe(40);
        (result.CheckIns / 40.0).ShouldBeInRange(8, 25); // ~15 a case, as the national estimate assumes
        events.ShouldAllBe(e => e.UserName == "seed" && e.CorrelationId!.StartsWith("seed-"));

        // What makes it realistic: families with several respondents, children on smileys, hand-overs, reviews, closings.
        var checkIns = events.Select(e => e.Data).OfType<CheckInHeld>().ToList();
        checkIns.ShouldContain(c => c.Respondents.Count(r => r.Side == RespondentSide.Client) >= 3);
        checkIns.ShouldContain(c => c.Respondents.Any(r => r.Role == RespondentRole.Child && r.Form == ScoreForm.Smiley));
        events.Select(e => e.Data).OfType<RoleAssigned>().ShouldContain(r => r.Role == CaseRole.Casusregie && r.PreviousUserId != null);
        events.Select(e => e.Data).OfType<SamenSterker.CheckIns.AgreementReviewed>().ShouldNotBeEmpty();
        events.Select(e => e.Data).OfType<SamenSterker.Steunkring.SteunkringMemberAdded>().ShouldNotBeEmpty();
        events.Select(e => e.Data).OfType<CaseClosed>().ShouldNotBeEmpty();
        var scores = events.Select(e => e.Data).OfType<ScoreGiven>().Select(s => s.Value).ToList();
        scores.Min().ShouldBeLessThan(4);
        scores.Max().ShouldBeGreaterThan(8);

        // The people it invents have names, so the pages show "Anna de Vries" for p-anna and offer noord's colleagues.
        var people = await query.LoadManyAsync<SamenSterker.Access.UserProfile>("p-anna", "t-tom", "p-jet");
        people.Select(p => p.Name).ShouldBe(["Anna de Vries", "Tom Bakker", "Jet van Dijk"], ignoreOrder: true);
        people.Single(p => p.Id == "p-anna").Team.ShouldBe("noord");

        // Linked by the hash chain as they were appended.
        var db = Host.Services.GetRequiredService<NpgsqlDataSource>();
        var verified = await EventChain.Verify(db, null, default);
        verified.Count.ShouldBe(40);
        verified.ShouldAllBe(v => v.Intact);

        // Served by the API to the team's professionals, with the read models folded from the same events.
        await Projected();
        var opened = events.Select(e => e.Data).OfType<CaseOpened>().First();
        var summary = await Host.GetCase(opened.CaseId, team: opened.TeamId);
        summary.GetProperty("clientReference").GetString().ShouldBe(opened.ClientReference);
        var held = events.Where(e => e.StreamId == opened.CaseId).Select(e => e.Data).OfType<CheckInHeld>().Count();
        var trends = await Host.Get($"/api/cases/{opened.CaseId}/trends", team: opened.TeamId);
        trends.GetProperty("checkIns").GetArrayLength().ShouldBe(held);
    }

    [Fact]
    public void the_same_seed_generates_the_same_history()
    {
        var json = Host.Services.GetRequiredService<IOptions<JsonOptions>>().Value.SerializerOptions;
        string Shape(CaseGenerator.History h) => JsonSerializer.Serialize(h.Events.Select(e => e switch
        {
            CaseOpened o => (object)new { o.ClientName, o.Kind, o.OpenedOn, o.TeamId },
            ScoreGiven s => new { s.RespondentId, s.Question, s.Value },
            CheckInHeld c => new { c.HeldOn, c.Respondents.Count },
            _ => e.GetType().Name,
        }));

        var first = new CaseGenerator(json, AppFixture.Today).Generate(7, 3);
        var again = new CaseGenerator(json, AppFixture.Today).Generate(7, 3);
        var other = new CaseGenerator(json, AppFixture.Today).Generate(8, 3);

        Shape(again).ShouldBe(Shape(first));
        Shape(other).ShouldNotBe(Shape(first));
        // And in every process (HashCode.Combine, once used here, is seeded per process): a fixed case, a fixed history.
        var opened = first.Events.OfType<CaseOpened>().Single();
        $"{opened.ClientName}|{opened.Kind}|{opened.OpenedOn:yyyy-MM-dd}|{first.Events.Count}".ShouldBe("Eva Dekker|Child|2023-04-20|201"); // 201 since the child answers under the client's own first name (one random draw less)
    }
}
