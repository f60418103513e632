using Alba;
using Marten;
using Microsoft.Extensions.DependencyInjection;
using SamenSterker.Audit;
using SamenSterker.SummaryLinks;
using SamenSterker.Tests.Support;
using Shouldly;

namespace SamenSterker.Tests.SummaryLinks;

/// <summary>The family keeps the summary on their own phone: a link to one saved check-in's summary, nothing else, for two weeks.</summary>
public sealed class SummaryLinkTests(AppFixture app) : ApiTest(app)
{
    private async Task<(Guid CaseId, Guid CheckInId)> CaseWithACheckIn()
    {
        var caseId = await Host.OpenCase();
        var checkInId = Guid.NewGuid();
        await Host.RecordCheckIn(caseId, CaseApi.CheckIn(checkInId: checkInId, heldOn: DateOnly.FromDateTime(App.Clock.GetUtcNow().UtcDateTime).AddDays(-1).ToString("yyyy-MM-dd"),
            byWhen: DateOnly.FromDateTime(App.Clock.GetUtcNow().UtcDateTime).AddDays(30).ToString("yyyy-MM-dd"), mother: 6.0, child: 4, professional: 7.0));
        return (caseId, checkInId);
    }

    private static string SecretOf(string url) => url[(url.LastIndexOf('/') + 1)..];

    [Fact]
    public async Task the_family_opens_the_summary_by_its_link_without_an_account_and_sees_that_summary_only()
    {
        var (caseId, checkInId) = await CaseWithACheckIn();
        var created = (await Host.Send(HttpMethod.Post, $"/api/cases/{caseId}/check-ins/{checkInId}/summary-links", expect: 201)).Json();
        var url = created.GetProperty("url").GetString()!;
        url.ShouldContain("/s/");
        created.GetProperty("qrSvg").GetString()!.ShouldStartWith("<svg");
        created.GetProperty("expiresAt").GetDateTimeOffset().ShouldBe(App.Clock.GetUtcNow() + SummaryLink.Lifetime);
        var secret = SecretOf(url);

        var page = (await Host.Send(HttpMethod.Get, $"/s/{secret}", token: "", expect: 200)).ReadAsText();
        page.ShouldContain("Elke week kort bellen");   // the agreement made
        page.ShouldContain("moeder");                   // who took part
        page.ShouldNotContain("/clienten/");            // no way further into the case
        page.ShouldNotContain("<script");               // and nothing that could keep the page on the phone

        // Stored only as its hash; each opening is in the access log under the link.
        await using (var session = Host.Services.GetRequiredService<IDocumentStore>().QuerySession())
            (await session.Query<SummaryLink>().SingleAsync(l => l.CaseId == caseId)).TokenHash.ShouldNotContain(secret);
        await Wait.Until(() => Task.FromResult(Host.Services.GetRequiredService<AccessLogWriter>().Pending), n => n == 0, seconds: 10);
        var log = (await Host.Get($"/api/audit/access-log?case={caseId}", "auditor")).GetProperty("items").EnumerateArray()
            .Where(e => e.GetProperty("userId").GetString() == $"summary-link:{created.GetProperty("linkId").GetGuid()}").ToList();
        log.Count.ShouldBe(1);
        log[0].GetProperty("path").GetString()!.ShouldNotContain(secret);
    }

    [Fact]
    public async Task a_withdrawn_an_expired_or_an_unknown_link_says_so_in_words_and_nothing_of_the_case()
    {
        var (caseId, checkInId) = await CaseWithACheckIn();
        var created = (await Host.Send(HttpMethod.Post, $"/api/cases/{caseId}/check-ins/{checkInId}/summary-links", expect: 201)).Json();
        var secret = SecretOf(created.GetProperty("url").GetString()!);
        await Host.Send(HttpMethod.Delete, $"/api/cases/{caseId}/summary-links/{created.GetProperty("linkId").GetGuid()}", expect: 204);
        var gone = (await Host.Send(HttpMethod.Get, $"/s/{secret}", token: "", expect: 410)).ReadAsText();
        gone.ShouldContain("Deze link werkt niet (meer).");
        gone.ShouldNotContain("Elke week kort bellen");
        (await Host.Send(HttpMethod.Get, $"/s/{new string('q', 43)}", token: "", expect: 404)).ReadAsText().ShouldContain("Deze link werkt niet (meer).");

        var later = (await Host.Send(HttpMethod.Post, $"/api/cases/{caseId}/check-ins/{checkInId}/summary-links", expect: 201)).Json();
        await using (var session = Host.Services.GetRequiredService<IDocumentStore>().LightweightSession())
        {
            var link = await session.LoadAsync<SummaryLink>(later.GetProperty("linkId").GetGuid());
            link!.ExpiresAt = App.Clock.GetUtcNow().AddMinutes(-1); // two weeks later (the clock is shared by the tests)
            session.Store(link);
            await session.SaveChangesAsync();
        }
        await Host.Send(HttpMethod.Get, $"/s/{SecretOf(later.GetProperty("url").GetString()!)}", token: "", expect: 410);
    }

    [Fact]
    public async Task only_who_may_record_the_check_ins_shares_and_only_a_saved_check_in()
    {
        var (caseId, checkInId) = await CaseWithACheckIn();
        (await Host.Send(HttpMethod.Post, $"/api/cases/{caseId}/check-ins/{Guid.NewGuid()}/summary-links", expect: 404)).Detail().ShouldContain("no saved check-in");
        await Host.Send(HttpMethod.Post, $"/api/cases/{caseId}/check-ins/{checkInId}/summary-links", token: AppFixture.Token(sub: "p-bert"), expect: 403);
        await Host.Send(HttpMethod.Post, $"/api/cases/{caseId}/check-ins/{checkInId}/summary-links", token: AppFixture.Token(sub: "p-zara", team: "zuid"), expect: 404);
        await Host.Send(HttpMethod.Post, $"/api/cases/{caseId}/check-ins/{checkInId}/summary-links", token: AppFixture.Token("auditor"), expect: 403);
    }
}
