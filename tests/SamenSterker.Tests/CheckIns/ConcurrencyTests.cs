using JasperFx;
using Marten;
using SamenSterker.Cases;
using SamenSterker.CheckIns;
using SamenSterker.Tests.Support;
using Shouldly;
using Case = SamenSterker.Cases.Case;

namespace SamenSterker.Tests.CheckIns;

public sealed class ConcurrencyTests(AppFixture app) : ApiTest(app)
{
    [Fact]
    public async Task two_concurrent_check_ins_on_one_case_leave_exactly_one_in_the_stream()
    {
        for (var round = 0; round < 5; round++)
        {
            var caseId = await Host.OpenCase();
            var url = $"/api/cases/{caseId}/check-ins";

            var results = await Task.WhenAll(
                Task.Run(() => Host.Send(HttpMethod.Post, url, CaseApi.CheckIn(heldOn: "2026-11-20"))),
                Task.Run(() => Host.Send(HttpMethod.Post, url, CaseApi.CheckIn(heldOn: "2026-11-21"))));

            var statuses = results.Select(r => r.Context.Response.StatusCode).OrderBy(s => s).ToList();
            statuses.ShouldBe([201, 409]); // the loser: a version conflict, or (if it ran second) the unreviewed agreement
            await using var session = App.Store.QuerySession();
            var events = await session.Events.FetchStreamAsync(caseId);
            events.Count(e => e.Data is CheckInHeld).ShouldBe(1);
            events.Count.ShouldBe(18);
        }
    }

    [Fact]
    public async Task writers_that_read_the_same_version_cannot_both_append()
    {
        var caseId = await Host.OpenCase();
        await using var first = App.Store.LightweightSession();
        await using var second = App.Store.LightweightSession();
        var a = await first.Events.FetchForWriting<Case>(caseId);
        var b = await second.Events.FetchForWriting<Case>(caseId);

        a.AppendOne(new FamilyPlanSet(Guid.NewGuid(), new DateOnly(2026, 11, 1), "plan A"));
        b.AppendOne(new FamilyPlanSet(Guid.NewGuid(), new DateOnly(2026, 11, 2), "plan B"));
        await first.SaveChangesAsync();

        await Should.ThrowAsync<ConcurrencyException>(() => second.SaveChangesAsync());
        await using var query = App.Store.QuerySession();
        (await query.Events.FetchStreamAsync(caseId)).Count.ShouldBe(2);
    }

    [Fact]
    public async Task a_stale_if_match_is_412_and_appends_nothing()
    {
        var caseId = await Host.OpenCase();
        await Host.Send(HttpMethod.Post, $"/api/cases/{caseId}/family-plans", new { setOn = "2026-11-01", summary = "Plan" }, expect: 201);

        var result = await Host.Send(HttpMethod.Post, $"/api/cases/{caseId}/check-ins", CaseApi.CheckIn(), ifMatch: "\"1\"", expect: 412);

        result.Context.Response.ContentType!.ShouldStartWith("application/problem+json");
        (await Host.GetCase(caseId)).GetProperty("version").GetInt64().ShouldBe(2);
    }

    [Fact]
    public async Task a_matching_if_match_is_accepted()
    {
        var caseId = await Host.OpenCase();

        var result = await Host.Send(HttpMethod.Post, $"/api/cases/{caseId}/check-ins", CaseApi.CheckIn(), ifMatch: "\"1\"", expect: 201);

        result.ETag().ShouldBe("\"18\"");
    }

    [Fact]
    public async Task concurrent_writers_with_the_same_if_match_one_wins_the_other_gets_412()
    {
        var caseId = await Host.OpenCase();
        var url = $"/api/cases/{caseId}/steunkring/members";

        var results = await Task.WhenAll(Enumerable.Range(0, 4).Select(i => Task.Run(() =>
            Host.Send(HttpMethod.Post, url, new { name = $"Lid {i}", relation = "friend" }, ifMatch: "\"1\""))));

        results.Count(r => r.Context.Response.StatusCode == 201).ShouldBe(1);
        results.Count(r => r.Context.Response.StatusCode == 412).ShouldBe(3);
        (await Host.GetCase(caseId)).GetProperty("steunkring").GetProperty("members").GetArrayLength().ShouldBe(1);
    }

    [Fact]
    public async Task ten_racing_check_ins_with_the_same_if_match_are_one_201_and_nine_412_none_decided_against_a_state_its_sender_never_saw()
    {
        // Issue 19, finding 7: each reviews the open agreement; the losers were answered 400 "not an open agreement",
        // decided against the winner's state. The precondition comes first: 412.
        var caseId = await Host.CaseWithHistory();
        var seen = await Host.GetCase(caseId);
        var version = seen.GetProperty("version").GetInt64();
        var agreement = seen.GetProperty("openAgreements")[0].GetProperty("agreementId").GetGuid();

        var answers = await Task.WhenAll(Enumerable.Range(0, 10).Select(_ => Task.Run(() => Host.Send(HttpMethod.Post, $"/api/cases/{caseId}/check-ins",
            CaseApi.CheckIn(heldOn: "2026-11-20", reviews: [new { agreementId = agreement, outcome = "partly" }]), token: AppFixture.Token(sub: "p-bert"),
            ifMatch: $"\"{version}\""))));

        answers.Select(a => a.Context.Response.StatusCode).Order().ShouldBe([201, .. Enumerable.Repeat(412, 9)]);
        // A stale precondition is 412 whatever else the request holds: here a body with no respondents at all.
        await Host.Send(HttpMethod.Post, $"/api/cases/{caseId}/check-ins", new { heldOn = "2026-11-21" }, token: AppFixture.Token(sub: "p-bert"),
            ifMatch: $"\"{version}\"", expect: 412);
    }

    [Fact]
    public async Task an_if_match_that_is_not_a_version_is_400()
    {
        var caseId = await Host.OpenCase();

        (await Host.Send(HttpMethod.Post, $"/api/cases/{caseId}/check-ins", CaseApi.CheckIn(), ifMatch: "\"abc\"", expect: 400))
            .ShouldNameField("If-Match");
    }
}

public sealed class ConflictLoggingTests(AppFixture app) : ApiTest(app)
{
    [Fact]
    public async Task a_storm_of_racing_writers_writes_no_error_log_line()
    {
        var caseId = await Host.OpenCase();
        var before = App.Logs.Events.Count;

        var answers = await Task.WhenAll(Enumerable.Range(0, 20).Select(i =>
            Host.Send(HttpMethod.Post, $"/api/cases/{caseId}/steunkring/members", new { name = $"Lid {i}", relation = "friend" })));

        answers.Select(a => a.Context.Response.StatusCode).ShouldAllBe(s => s == 201 || s == 409);
        answers.ShouldContain(a => a.Context.Response.StatusCode == 409, "the storm should have made conflicts");
        App.Logs.Events.Skip(before).Where(e => e.Level >= Serilog.Events.LogEventLevel.Error).ShouldBeEmpty();
    }
}
