using System.Net.Http.Json;
using Microsoft.Playwright;
using SamenSterker.Access;
using SamenSterker.Tests.Support;
using Shouldly;

namespace SamenSterker.Tests.Web;

/// <summary>
/// Every page on a phone (390×844): nothing scrolls sideways, on every page a professional or a team lead opens, every
/// step of the check-in included (issue 21). The widest page is printed for the closing note.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class PhoneTests(BrowserFixture web)
{
    private const int Width = 390;
    private const int Height = 844;
    private static DateOnly Today => BrowserFixture.Today;

    private static async Task<int> Fits(IPage page, string name, Dictionary<string, int> widths)
    {
        await page.WaitForLoadStateAsync(LoadState.NetworkIdle);
        var width = await page.EvaluateAsync<int>("Math.max(document.documentElement.scrollWidth, document.body.scrollWidth)");
        widths[name] = width;
        return width;
    }

    [Fact]
    public async Task every_page_fits_a_phone_without_scrolling_sideways()
    {
        var widths = new Dictionary<string, int>();
        var caseId = await web.OpenCase("Fam. Telefoon-Verhoeven", Today.AddDays(-3));
        // A check-in through the API, so the client page has a previous check-in, a chart and open agreements.
        using (var api = web.Api())
        {
            var response = await api.PostAsJsonAsync($"/api/cases/{caseId}/check-ins", new
            {
                checkInId = Guid.NewGuid(), heldOn = Today.AddDays(-1).ToString("yyyy-MM-dd"), form = "line",
                respondents = new object[]
                {
                    new { respondentId = "m", side = "client", role = "parent", label = "moeder" },
                    new { respondentId = "k", side = "client", role = "child", label = "Noor-Fleur", form = "smiley" },
                    new { respondentId = "pro", side = "professional", role = "professional" },
                },
                scores = new[] { "omgang", "luisteren", "contact", "gezinsplan", "afspraken" }.SelectMany(q => new object[]
                {
                    new { respondentId = "m", question = q, value = 3.5, mostSatisfied = "Dat er iemand is die echt luistert naar wat er thuis gebeurt", leastSatisfied = "Afspraken die verschuiven" },
                    new { respondentId = "k", question = q, smiley = 2 },
                    new { respondentId = "pro", question = q, value = 8.0 },
                }),
                reviews = Array.Empty<object>(),
                agreement = new { what = "Elke maandagochtend om negen uur kort bellen over de week", who = "Anna en moeder", byWhen = Today.AddDays(30).ToString("yyyy-MM-dd"), howWeKnow = "Moeder weet elke week wat er speelt" },
            });
            response.EnsureSuccessStatusCode();
        }

        var anna = await web.SignedIn(width: Width, height: Height);
        await web.UntilShown(anna, $"a[href='/clienten/{caseId}']");
        await Fits(anna, "Mijn cliënten", widths);
        await BrowserFixture.Screenshot(anna, "telefoon-mijn-clienten");

        await anna.GotoAsync($"{web.BaseUrl}/clienten/{caseId}");
        await Fits(anna, "Cliënt", widths);
        await BrowserFixture.Screenshot(anna, "telefoon-client");

        await anna.GotoAsync($"{web.BaseUrl}/clienten/{caseId}/check-in");
        await Fits(anna, "Check-in: begin", widths);
        await anna.ClickAsync("#next");
        await Fits(anna, "Check-in: vorige afspraak", widths);
        await anna.Locator("input[value=achieved]").CheckAsync();
        await anna.ClickAsync("#next");
        await Fits(anna, "Check-in: een vraag", widths);
        await BrowserFixture.Screenshot(anna, "telefoon-check-in-vraag");
        for (var q = 0; q < 5; q++)
        {
            await anna.Locator("fieldset.answer input[type=range]").First.FillAsync("4");
            await anna.Locator("input[type=radio][value='2'] + .face").First.ClickAsync();
            await anna.Locator("#score-pro").FillAsync("7.5");
            await anna.ClickAsync("#next");
        }
        await Fits(anna, "Check-in: naast elkaar", widths);
        await BrowserFixture.Screenshot(anna, "telefoon-check-in-naast-elkaar");
        await anna.ClickAsync("#next");
        await Fits(anna, "Check-in: afspraak", widths);

        foreach (var form in new[] { "steunkring", "momenten", "gezinsplan", "rollen", "afsluiten" })
        {
            await anna.GotoAsync($"{web.BaseUrl}/clienten/{caseId}/{form}");
            await Fits(anna, "Formulier " + form, widths);
        }
        await anna.GotoAsync($"{web.BaseUrl}/clienten/nieuw");
        await Fits(anna, "Nieuwe cliënt", widths);
        await anna.GotoAsync($"{web.BaseUrl}/herinneringen");
        await Fits(anna, "Herinneringen", widths);
        await anna.Context.CloseAsync();

        var tom = await web.SignedIn("t-tom", Roles.TeamLead, width: Width, height: Height);
        await tom.GotoAsync($"{web.BaseUrl}/team");
        await Fits(tom, "Team", widths);
        await BrowserFixture.Screenshot(tom, "telefoon-team");
        await tom.Context.CloseAsync();

        var stranger = await web.Browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = Width, Height = Height }, Locale = "nl-NL" });
        var signIn = await stranger.NewPageAsync();
        await signIn.GotoAsync($"{web.BaseUrl}/aanmelden");
        await Fits(signIn, "Aanmelden", widths);
        await stranger.CloseAsync();

        var widest = widths.MaxBy(w => w.Value);
        Console.WriteLine($"Phone (390×844): {widths.Count} pages, the widest {widest.Key} at {widest.Value} px");
        widths.Where(w => w.Value > Width).Select(w => $"{w.Key}: {w.Value} px").ShouldBeEmpty("pages that scroll sideways on a phone");
    }

    [Fact]
    public async Task a_long_history_shows_the_last_eight_check_ins_drawn_for_the_phone_with_all_one_tap_away_and_a_table_beside()
    {
        var caseId = await web.OpenCase("Fam. Lang-Verloop", Today.AddDays(-3));
        using (var api = web.Api())
        {
            for (var i = 0; i < 10; i++)
            {
                var reviews = new List<object>();
                if (i > 0)
                {
                    var c = await api.GetFromJsonAsync<System.Text.Json.JsonElement>($"/api/cases/{caseId}");
                    reviews.Add(new { agreementId = c.GetProperty("openAgreements")[0].GetProperty("agreementId").GetGuid(), outcome = "achieved" });
                }
                var response = await api.PostAsJsonAsync($"/api/cases/{caseId}/check-ins", new
                {
                    checkInId = Guid.NewGuid(), heldOn = Today.AddDays(-38 + i * 4).ToString("yyyy-MM-dd"), form = "line",
                    respondents = new object[]
                    {
                        new { respondentId = "m", side = "client", role = "parent", label = "moeder" },
                        new { respondentId = "pro", side = "professional", role = "professional" },
                    },
                    scores = new[] { "omgang", "luisteren", "contact", "gezinsplan", "afspraken" }.SelectMany(q => new object[]
                    {
                        new { respondentId = "m", question = q, value = 3.0 + i * 0.5 },
                        new { respondentId = "pro", question = q, value = 7.0 },
                    }),
                    reviews,
                    agreement = new { what = $"Afspraak {i + 1}", who = "Anna en moeder", byWhen = Today.AddDays(30).ToString("yyyy-MM-dd"), howWeKnow = "Moeder zegt het" },
                });
                response.EnsureSuccessStatusCode();
            }
        }

        var anna = await web.SignedIn(width: Width, height: Height);
        await anna.GotoAsync($"{web.BaseUrl}/clienten/{caseId}");
        // The scores' read model trails the writes: wait until it has seen all ten, not just the first.
        await web.UntilShown(anna, "#verloop ~ p:has-text('De laatste 8 van 10 check-ins.')");
        // The phone gets the chart drawn for its width (legend under each panel), of the last eight.
        var chart = await anna.EvaluateAsync<string>("document.querySelector('img.chart').currentSrc");
        chart.ShouldContain("last=8");
        chart.ShouldContain("width=380");
        (await anna.EvaluateAsync<int>("document.querySelector('img.chart').naturalWidth")).ShouldBe(380);
        // The same scores as a table, for a screen reader or a closer look: eight rows per question, the mother's marks.
        await anna.ClickAsync("details.scores-table summary");
        var omgang = anna.Locator("details.scores-table table").First;
        (await omgang.Locator("tbody tr").CountAsync()).ShouldBe(8);
        (await omgang.Locator("thead th").AllTextContentsAsync()).ShouldBe(["Check-in van", "moeder", "Professional"]);
        (await omgang.Locator("tbody tr").Last.Locator("td").First.TextContentAsync()).ShouldBe("7,5");
        (await anna.EvaluateAsync<int>("Math.max(document.documentElement.scrollWidth, document.body.scrollWidth)")).ShouldBeLessThanOrEqualTo(Width);
        await BrowserFixture.Accessible(anna);
        await anna.Locator("details.scores-table").EvaluateAsync("d => d.open = false");
        await anna.Locator("#verloop").ScrollIntoViewIfNeededAsync();
        await anna.ScreenshotAsync(new PageScreenshotOptions
        {
            Path = Path.Combine(Repo.Root, "docs", "screenshots", "telefoon-verloop.png"), FullPage = false,
        });

        await anna.ClickAsync("text=Toon alle check-ins");
        (await anna.Locator("#verloop ~ p").First.TextContentAsync()).ShouldContain("Alle 10 check-ins.");
        await anna.ClickAsync("details.scores-table summary");
        (await anna.Locator("details.scores-table table").First.Locator("tbody tr").CountAsync()).ShouldBe(10);
        await anna.Context.CloseAsync();
    }
}
