using Microsoft.Playwright;
using Shouldly;

namespace SamenSterker.Tests.Web;

/// <summary>The Praatplaat on screen (issue 23, seed 002): a reflection with the family whose step comes back at the next.</summary>
[Collection(BrowserCollection.Name)]
public sealed class PraatplaatTests(BrowserFixture web)
{
    private static DateOnly Today => BrowserFixture.Today;

    [Fact]
    public async Task a_reflection_with_the_family_ends_in_a_step_that_comes_back_at_the_next_reflection()
    {
        var caseId = await web.OpenCase("Fam. Praatplaat", Today.AddDays(20));
        var anna = await web.SignedIn();
        await anna.GotoAsync($"{web.BaseUrl}/clienten/{caseId}");
        await anna.ClickAsync("text=Praatplaat met het gezin");
        await Assertions.Expect(anna.Locator("h1")).ToHaveTextAsync("Praatplaat met het gezin · Fam. Praatplaat");
        (await anna.Locator("label[for=answer-3]").TextContentAsync()).ShouldBe(
            "Ervaar je dat je voldoende te zeggen hebt over wie van de mensen om jou heen wordt betrokken bij de hulp en op welke manier?");
        // The step is what a reflection ends in: without it, the field says so.
        await anna.ClickAsync("form[data-api] button[type=submit]");
        await Assertions.Expect(anna.Locator("#nextStep-error")).ToBeVisibleAsync();
        await anna.FillAsync("#answer-1", "Dat oma meedenkt");
        await anna.FillAsync("#nextStep", "Noor vragen wie ze bij het volgende gesprek wil");
        await anna.ClickAsync("form[data-api] button[type=submit]");
        await Assertions.Expect(anna.Locator(".reflection .next-step")).ToContainTextAsync("Noor vragen wie ze bij het volgende gesprek wil");
        await BrowserFixture.Accessible(anna);

        // The next time, the step comes back first.
        await Assertions.Expect(anna.Locator(".previous-step legend")).ToContainTextAsync("Noor vragen wie ze bij het volgende gesprek wil");
        await anna.FillAsync("#nextStep", "Oma uitnodigen voor de check-in");
        await anna.ClickAsync("form[data-api] button[type=submit]");
        await Assertions.Expect(anna.Locator(".form-status .notice")).ToBeVisibleAsync(); // how it went is not said yet
        await anna.CheckAsync("input[name='previousStep.outcome'][value=taken]");
        await anna.FillAsync("#previousStep-note", "Ze koos oma en de buurvrouw");
        await anna.ClickAsync("form[data-api] button[type=submit]");
        await Assertions.Expect(anna.Locator(".reflection")).ToHaveCountAsync(2);
        (await anna.Locator(".reflection").First.TextContentAsync()).ShouldContain("Gezet · Ze koos oma en de buurvrouw");
        await BrowserFixture.Screenshot(anna, "praatplaat-gezin");
        await anna.SetViewportSizeAsync(390, 844);
        (await anna.EvaluateAsync<int>("document.documentElement.scrollWidth")).ShouldBeLessThanOrEqualTo(390);
        await BrowserFixture.Screenshot(anna, "telefoon-praatplaat");

        // With colleagues and alone: the nav's Praatplaat.
        await anna.SetViewportSizeAsync(1366, 768);
        await anna.ClickAsync("header.top >> text=Praatplaat");
        await Assertions.Expect(anna.Locator("h1")).ToHaveTextAsync("Praatplaat: in gesprek met jezelf");
        await anna.ClickAsync("text=Met collega's");
        await Assertions.Expect(anna.Locator("h1")).ToHaveTextAsync("Praatplaat met collega's · team noord");
        await BrowserFixture.Accessible(anna);
        await anna.Context.CloseAsync();

        // The team lead sees how often and when.
        var tom = await web.SignedIn("t-tom", SamenSterker.Access.Roles.TeamLead);
        await tom.GotoAsync($"{web.BaseUrl}/team");
        (await tom.Locator("section:has(#praatplaat)").TextContentAsync()).ShouldContain("Met gezinnen: ");
        var families = await tom.Locator("section:has(#praatplaat) p").Nth(1).TextContentAsync();
        families!.ShouldMatch(@"Met gezinnen: \d+ keer bij \d+ cliënt(en)?, het laatst op .+\.");
        await tom.Context.CloseAsync();
    }
}
