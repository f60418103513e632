using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Playwright;
using SamenSterker.Tests.Support;
using Shouldly;

namespace SamenSterker.Tests.Web;

/// <summary>Corrections on screen (issue 23): whoever recorded a check-in, or the team lead, corrects a score, the date or the
/// agreement with a reason; the timeline shows it as a correction.</summary>
[Collection(BrowserCollection.Name)]
public sealed class CorrectionTests(BrowserFixture web)
{
    private static DateOnly Today => BrowserFixture.Today;

    [Fact]
    public async Task the_professional_corrects_a_score_and_the_agreement_with_a_reason_and_a_colleague_is_not_offered_it()
    {
        var caseId = await web.OpenCase("Fam. Herstel", Today.AddDays(-2));
        var checkInId = Guid.NewGuid();
        using (var api = web.Api())
            (await api.PostAsJsonAsync($"/api/cases/{caseId}/check-ins", CaseApi.CheckIn(checkInId, heldOn: Today.AddDays(-1).ToString("yyyy-MM-dd"),
                byWhen: Today.AddDays(30).ToString("yyyy-MM-dd")))).EnsureSuccessStatusCode();

        var anna = await web.SignedIn();
        await anna.GotoAsync($"{web.BaseUrl}/clienten/{caseId}/check-ins/{checkInId}/samenvatting");
        await anna.ClickAsync("text=Een fout herstellen");
        await Assertions.Expect(anna.Locator("h1")).ToContainTextAsync("Een fout herstellen · check-in van");
        await BrowserFixture.Accessible(anna);

        // A reason is required; a value on a child's faces is refused in words at its field.
        var score = anna.Locator("form:has(#score-value)");
        await score.Locator("#score-respondentId").SelectOptionAsync("r2");
        await score.Locator("#score-value").FillAsync("6");
        await score.Locator("#score-reason").FillAsync("Verkeerd overgenomen van papier");
        await score.Locator("button[type=submit]").ClickAsync();
        await Assertions.Expect(score.Locator(".field-error")).ToContainTextAsync("gezichtje");

        // The mother's score on listening: 7,5 was meant as 5,7.
        await score.Locator("#score-respondentId").SelectOptionAsync("r1");
        await score.Locator("#score-question").SelectOptionAsync("luisteren");
        await score.Locator("#score-value").FillAsync("5,7");
        await score.Locator("button[type=submit]").ClickAsync();
        await anna.WaitForURLAsync($"{web.BaseUrl}/clienten/{caseId}");
        await web.UntilShown(anna, "text=Correctie: score Luisteren van 7,5 naar 5,7");
        (await anna.ContentAsync()).ShouldContain("Verkeerd overgenomen van papier");

        // The agreement, corrected.
        await anna.GotoAsync($"{web.BaseUrl}/clienten/{caseId}/check-ins/{checkInId}/corrigeren");
        var agreement = anna.Locator("form:has(#agreement-what)");
        await agreement.Locator("#agreement-what").FillAsync("Elke week op maandag kort bellen");
        await agreement.Locator("#agreement-reason").FillAsync("De dag stond er niet bij");
        await agreement.Locator("button[type=submit]").ClickAsync();
        await anna.WaitForURLAsync($"{web.BaseUrl}/clienten/{caseId}");
        await web.UntilShown(anna, "text=Correctie van de afspraak");
        await BrowserFixture.Screenshot(anna, "correctie-tijdlijn");
        await anna.Context.CloseAsync();

        // A colleague without a role is not offered it (the API would refuse).
        var bert = await web.SignedIn("p-bert");
        await bert.GotoAsync($"{web.BaseUrl}/clienten/{caseId}/check-ins/{checkInId}/corrigeren");
        bert.Url.ShouldBe($"{web.BaseUrl}/clienten/{caseId}");
        await bert.Context.CloseAsync();
    }
}
