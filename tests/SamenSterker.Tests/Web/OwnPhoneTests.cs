using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Playwright;
using SamenSterker.Tests.Support;
using Shouldly;

namespace SamenSterker.Tests.Web;

/// <summary>The client answers on their own phone (issue 22, part 1): a parent on the line and a child on faces, each in a
/// browser of their own at 390×844, no account; the page shows nothing of the case; Dutch and English.</summary>
[Collection(BrowserCollection.Name)]
public sealed class OwnPhoneTests(BrowserFixture web)
{
    private static DateOnly Today => DateOnly.FromDateTime(DateTime.Today);

    private async Task<IPage> Phone()
    {
        var context = await web.Browser.NewContextAsync(new BrowserNewContextOptions
        {
            ViewportSize = new ViewportSize { Width = 390, Height = 844 }, Locale = "nl-NL", HasTouch = true, IsMobile = true,
        });
        return await context.NewPageAsync();
    }

    [Fact]
    public async Task a_parent_and_a_child_answer_on_their_own_phones_and_the_professional_sees_who_answered()
    {
        var caseId = await web.OpenCase("Fam. Eigen-Telefoon", Today.AddDays(-3));
        var checkInId = Guid.NewGuid();
        using var api = web.Api();
        async Task<JsonElement> Link(string respondentId, string name, string role) =>
            await (await api.PostAsJsonAsync($"/api/cases/{caseId}/answer-links", new { checkInId, respondentId, name, role }))
                .EnsureSuccessStatusCode().Content.ReadFromJsonAsync<JsonElement>();
        var mother = await Link("m", "Sanne", "parent");
        var child = await Link("k", "Noor", "child");

        // The parent, on the line, by keyboard.
        var parent = await Phone();
        var errors = new List<string>();
        parent.Console += (_, m) => { if (m.Type == "error") errors.Add(m.Text); };
        parent.PageError += (_, e) => errors.Add(e);
        await parent.GotoAsync(mother.GetProperty("url").GetString()!);
        (await parent.Locator("h1").TextContentAsync()).ShouldBe("Hoi Sanne");
        var html = await parent.ContentAsync();
        html.ShouldNotContain("Eigen-Telefoon"); // nothing of the case: not its name,
        html.ShouldNotContain("C-");             // not its number
        (await parent.EvaluateAsync<int>("document.documentElement.scrollWidth")).ShouldBeLessThanOrEqualTo(390);
        await BrowserFixture.Accessible(parent);
        // Sending with nothing marked says what is missing, at the questions.
        await parent.ClickAsync("#answers button[type=submit]");
        await Assertions.Expect(parent.Locator("fieldset.missing")).ToHaveCountAsync(5);
        errors.ShouldBeEmpty();
        var ranges = parent.Locator("input[type=range]");
        for (var i = 0; i < 5; i++)
        {
            await ranges.Nth(i).FocusAsync();
            await parent.Keyboard.PressAsync("ArrowRight"); // 5,0 → 5,1: the line was empty until now
            await parent.Keyboard.PressAsync("ArrowRight");
        }
        await parent.FillAsync("#most-luisteren", "Dat ze echt luistert");
        await BrowserFixture.Screenshot(parent, "telefoon-eigen-vragen");
        await parent.ClickAsync("#answers button[type=submit]");
        await parent.WaitForFunctionAsync("() => !document.getElementById('bedankt').hidden || document.querySelector('.form-status .notice.bad')");
        (await parent.Locator(".form-status").TextContentAsync()).ShouldNotContain("niet");
        await Assertions.Expect(parent.Locator("#bedankt h2")).ToBeVisibleAsync();
        await Assertions.Expect(parent.Locator("#bedankt h2")).ToHaveTextAsync("Dank je wel!");
        await parent.Context.CloseAsync();

        // The child, on faces, in English.
        var kid = await Phone();
        await kid.GotoAsync(child.GetProperty("url").GetString()! + "?taal=en");
        (await kid.Locator("h1").TextContentAsync()).ShouldBe("Hi Noor");
        (await kid.Locator("html").GetAttributeAsync("lang")).ShouldBe("en");
        await BrowserFixture.Accessible(kid);
        var faces = kid.Locator(".smileys");
        for (var i = 0; i < 5; i++) await faces.Nth(i).Locator("input[value='4'] + .face").ClickAsync();
        await BrowserFixture.Screenshot(kid, "telefoon-eigen-gezichtjes");
        await kid.ClickAsync("#answers button[type=submit]");
        await Assertions.Expect(kid.Locator("#bedankt h2")).ToBeVisibleAsync();
        await Assertions.Expect(kid.Locator("#bedankt h2")).ToHaveTextAsync("Thank you!");
        // The link is used up: opening it again says so.
        await kid.ReloadAsync();
        (await kid.Locator(".notice").TextContentAsync()).ShouldBe("Your answers have been sent already. Thank you!");
        await kid.Context.CloseAsync();

        // The professional's side: both answered, with their marks.
        var links = await api.GetFromJsonAsync<JsonElement>($"/api/cases/{caseId}/answer-links?checkInId={checkInId}");
        links.EnumerateArray().Select(l => l.GetProperty("state").GetString()).ShouldBe(["answered", "answered"]);
        var sanne = links.EnumerateArray().Single(l => l.GetProperty("name").GetString() == "Sanne").GetProperty("answers");
        sanne.EnumerateArray().Select(a => a.GetProperty("value").GetDouble()).ShouldAllBe(v => v == 5.2);
        links.EnumerateArray().Single(l => l.GetProperty("name").GetString() == "Noor").GetProperty("answers")
            .EnumerateArray().Select(a => a.GetProperty("smiley").GetInt32()).ShouldAllBe(f => f == 4);
    }

    [Fact]
    public async Task a_link_that_does_not_work_says_so_in_dutch_and_nothing_else()
    {
        var phone = await Phone();
        var response = await phone.GotoAsync($"{web.BaseUrl}/a/{new string('q', 43)}");
        response!.Status.ShouldBe(404);
        (await phone.Locator("h1").TextContentAsync()).ShouldBe("Deze link werkt niet");
        (await phone.Locator(".notice").TextContentAsync()).ShouldBe("Deze link werkt niet. Vraag de hulpverlener om een nieuwe.");
        await BrowserFixture.Accessible(phone);
        await phone.Context.CloseAsync();
    }

    [Fact]
    public async Task the_professional_shows_a_qr_code_the_parent_answers_on_her_phone_and_the_check_in_takes_her_answers_in()
    {
        var caseId = await web.OpenCase("Fam. QR-Bakker", Today.AddDays(2));
        var anna = await web.SignedIn();
        await anna.GotoAsync($"{web.BaseUrl}/clienten/{caseId}/check-in");
        await anna.FillAsync("#name-n1", "Sanne");
        await anna.ClickAsync("text=Sanne vult in op eigen telefoon");
        await Assertions.Expect(anna.Locator("#phone-n1 .qr svg")).ToBeVisibleAsync();
        (await anna.Locator("#phone-n1 .phone-state").TextContentAsync()).ShouldBe("vult in op eigen telefoon — nog niet klaar");
        var url = await anna.InputValueAsync("#link-n1");
        url.ShouldContain("/a/");
        await BrowserFixture.Accessible(anna);
        await BrowserFixture.Screenshot(anna, "check-in-eigen-telefoon");

        // The mother, on her own phone.
        var sanne = await Phone();
        await sanne.GotoAsync(url);
        var ranges = sanne.Locator("input[type=range]");
        var marks = new[] { "3", "4", "5", "6", "7" };
        for (var i = 0; i < 5; i++) await ranges.Nth(i).FillAsync(marks[i]);
        await sanne.FillAsync("#least-afspraken", "Afspraken schuiven steeds");
        await sanne.ClickAsync("#answers button[type=submit]");
        await Assertions.Expect(sanne.Locator("#bedankt h2")).ToBeVisibleAsync();
        await sanne.Context.CloseAsync();

        // The professional's screen sees, by itself, that she answered — not her scores.
        await Assertions.Expect(anna.Locator("#phone-n1 .phone-state")).ToHaveTextAsync("heeft geantwoord op eigen telefoon ✓", new() { Timeout = 15000 });
        (await anna.ContentAsync()).ShouldNotContain("Afspraken schuiven steeds");
        await anna.ClickAsync("#next");
        for (var q = 0; q < 5; q++)
        {
            (await anna.Locator("fieldset.by-phone[data-who=n1] .phone-state").TextContentAsync()).ShouldBe("heeft geantwoord op eigen telefoon ✓");
            await anna.Locator("#score-pro").FillAsync("7");
            await anna.ClickAsync("#next");
        }
        // Next to each other: now her marks and words are there.
        (await anna.Locator("#step-title").TextContentAsync()).ShouldBe("Naast elkaar");
        var summary = await anna.Locator(".step").TextContentAsync();
        summary.ShouldContain("Sanne 3,0");
        summary.ShouldContain("Afspraken schuiven steeds");
        await anna.ClickAsync("#next");
        await anna.FillAsync("#agreement-what", "Afspraken niet meer verschuiven zonder te bellen");
        await anna.FillAsync("#agreement-who", "Anna");
        await anna.FillAsync("#agreement-byWhen", Today.AddDays(30).ToString("yyyy-MM-dd"));
        await anna.FillAsync("#agreement-howWeKnow", "Sanne zegt dat er niets verschoven is");
        await anna.ClickAsync("#save");
        await Assertions.Expect(anna.Locator("#status .notice.ok")).ToBeVisibleAsync();
        await anna.Context.CloseAsync();

        // Saved with her answers, taken from the link by the service.
        await using var session = web.Store.QuerySession();
        var facts = (await session.Events.FetchStreamAsync(caseId)).Select(e => e.Data).ToList();
        var held = facts.OfType<SamenSterker.CheckIns.CheckInHeld>().Single();
        var mother = held.Respondents.Single(r => r.Side == SamenSterker.CheckIns.RespondentSide.Client);
        mother.OnOwnPhone.ShouldBe(true);
        facts.OfType<SamenSterker.CheckIns.ScoreGiven>().Where(g => g.RespondentId == mother.RespondentId).Select(g => g.Value)
            .ShouldBe([3.0, 4.0, 5.0, 6.0, 7.0]);
    }
}
