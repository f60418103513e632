using System.Net.Http.Json;
using Microsoft.Playwright;
using Shouldly;

namespace SamenSterker.Tests.Web;

/// <summary>SLIM on screen (issue 23, seed 004): the professionals around a client by name, and their shared goal and approach.</summary>
[Collection(BrowserCollection.Name)]
public sealed class ProfessionalsTests(BrowserFixture web)
{
    private static DateOnly Today => BrowserFixture.Today;

    [Fact]
    public async Task the_professionals_around_a_client_appear_by_name_with_their_shared_goal_and_each_change_kept()
    {
        var caseId = await web.OpenCase("Fam. Slim", Today.AddDays(15));
        using (var api = web.Api())
            (await api.PostAsJsonAsync($"/api/cases/{caseId}/steunkring/members",
                new { name = "Petra de Boer", relation = "professional", organisation = "Basisschool De Linde" })).EnsureSuccessStatusCode();
        var anna = await web.SignedIn();
        await anna.GotoAsync($"{web.BaseUrl}/clienten/{caseId}");
        await anna.ClickAsync("text=De professionals rond de cliënt");
        await Assertions.Expect(anna.Locator("h1")).ToHaveTextAsync("De professionals rond Fam. Slim");
        var who = await anna.Locator("section:has(#wie)").TextContentAsync();
        who.ShouldContain("Anna de Vries");          // casusregie by name, not by id
        who.ShouldNotContain("p-anna");
        who.ShouldContain("Petra de Boer · Basisschool De Linde");

        await anna.FillAsync("#goal", "Sem gaat weer elke dag naar school");
        await anna.FillAsync("#approach", "Eén plan voor school, wijkteam en oma; Anna belt de school elke vrijdag");
        await anna.ClickAsync("form[data-api] button[type=submit]");
        await Assertions.Expect(anna.Locator("#shared-goal")).ToHaveTextAsync("Sem gaat weer elke dag naar school");
        await anna.ClickAsync("summary:has-text('Doel of aanpak wijzigen')");
        await anna.FillAsync("#goal", "Sem gaat vier dagen naar school");
        await anna.ClickAsync("form[data-api] button[type=submit]");
        await Assertions.Expect(anna.Locator("#shared-goal")).ToHaveTextAsync("Sem gaat vier dagen naar school");
        await Assertions.Expect(anna.Locator("section:has(#eerder) article")).ToHaveCountAsync(1); // the earlier version; the current one stands above
        (await anna.Locator("section:has(#eerder) article").TextContentAsync()).ShouldContain("Sem gaat weer elke dag naar school");
        await Assertions.Expect(anna.Locator("section:has(#doel)")).ToContainTextAsync("vastgelegd door Anna de Vries");
        await BrowserFixture.Accessible(anna);
        await BrowserFixture.Screenshot(anna, "professionals");
        await anna.SetViewportSizeAsync(390, 844);
        (await anna.EvaluateAsync<int>("document.documentElement.scrollWidth")).ShouldBeLessThanOrEqualTo(390);
        await anna.Context.CloseAsync();
    }
}
