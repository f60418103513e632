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
    private static DateOnly Today => BrowserFixture.Today;

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
        // not its number (in what the page says: the stylesheet's version hash in the HTML may hold any two characters)
        (await parent.InnerTextAsync("body")).ShouldNotContain("C-", Case.Sensitive);
        (await parent.EvaluateAsync<int>("document.documentElement.scrollWidth")).ShouldBeLessThanOrEqualTo(390);
        await BrowserFixture.Accessible(parent);
        // Sending with nothing marked says what is missing, at the questions.
        await parent.ClickAsync("#answers button[type=submit]");
        await Assertions.Expect(parent.Locator("fieldset.missing")).ToHaveCountAsync(5);
        errors.ShouldBeEmpty();
        var ranges = parent.Locator("input[type=range]");
        // A tap in the very middle of an empty line is an answer too (5,0), though the value under it does not change.
        await ranges.Nth(0).ClickAsync();
        await Assertions.Expect(parent.Locator("#" + await ranges.Nth(0).GetAttributeAsync("id") + "-value")).ToHaveTextAsync("5,0");
        for (var i = 1; i < 5; i++)
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
        sanne.EnumerateArray().Select(a => a.GetProperty("value").GetDouble()).ShouldBe([5.0, 5.2, 5.2, 5.2, 5.2]);
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
        await anna.ClickAsync("#add-person");
        await anna.FillAsync("#name-n2", "Noor");
        await anna.SelectOptionAsync("#role-n2", "child");
        (await anna.Locator("#faces-n2").IsCheckedAsync()).ShouldBeTrue();
        await anna.ClickAsync("text=Sanne vult in op eigen telefoon");
        await Assertions.Expect(anna.Locator("#phone-n1 .qr svg")).ToBeVisibleAsync();
        (await anna.Locator("#phone-n1 .phone-state").TextContentAsync()).ShouldBe("vult in op eigen telefoon — nog niet klaar");
        var url = await anna.InputValueAsync("#link-n1");
        url.ShouldContain("/a/");
        await anna.ClickAsync("text=Noor vult in op eigen telefoon");
        await Assertions.Expect(anna.Locator("#phone-n2 .qr svg")).ToBeVisibleAsync();
        var noorsUrl = await anna.InputValueAsync("#link-n2");
        noorsUrl.ShouldNotBe(url);
        await BrowserFixture.Accessible(anna);
        await BrowserFixture.Screenshot(anna, "check-in-eigen-telefoon");

        // The child, on faces, on a phone of her own.
        var noor = await Phone();
        await noor.GotoAsync(noorsUrl);
        (await noor.Locator("h1").TextContentAsync()).ShouldBe("Hoi Noor");
        var faces = noor.Locator(".smileys");
        for (var i = 0; i < 5; i++) await faces.Nth(i).Locator("input[value='2'] + .face").ClickAsync();
        await noor.FillAsync("#least-contact", "Ik word niet gebeld");
        await noor.ClickAsync("#answers button[type=submit]");
        await Assertions.Expect(noor.Locator("#bedankt h2")).ToBeVisibleAsync();
        await noor.Context.CloseAsync();

        // The mother, on her own phone.
        var sanne = await Phone();
        await sanne.GotoAsync(url);
        var ranges = sanne.Locator("input[type=range]");
        var marks = new[] { "3", "4", "5", "6", "7" };
        // She sees who asks her, by name.
        (await sanne.Locator(".asked-by").TextContentAsync()).ShouldBe("Deze vragen komen van Anna de Vries.");
        for (var i = 0; i < 5; i++) await ranges.Nth(i).FillAsync(marks[i]);
        await sanne.FillAsync("#least-afspraken", "Afspraken schuiven steeds");
        // Halfway she reads on in English: the page comes again in English with everything she answered still there.
        await sanne.SelectOptionAsync("#taal", "en");
        await sanne.ClickAsync("#language button[type=submit]");
        await Assertions.Expect(sanne.Locator("html")).ToHaveAttributeAsync("lang", "en");
        (await sanne.Locator(".asked-by").TextContentAsync()).ShouldBe("These questions come from Anna de Vries.");
        (await sanne.Locator("input[type=range]").EvaluateAllAsync<string[]>("rs => rs.map(r => r.value)")).ShouldBe(marks);
        await Assertions.Expect(sanne.Locator("output").First).ToHaveTextAsync("3.0");
        (await sanne.InputValueAsync("#least-afspraken")).ShouldBe("Afspraken schuiven steeds");
        await sanne.ClickAsync("#answers button[type=submit]");
        await Assertions.Expect(sanne.Locator("#bedankt h2")).ToBeVisibleAsync();
        await Assertions.Expect(sanne.Locator("#language")).ToBeHiddenAsync();
        await sanne.Context.CloseAsync();

        // The professional's screen sees, by itself, that she answered — not her scores.
        await Assertions.Expect(anna.Locator("#phone-n1 .phone-state")).ToHaveTextAsync("heeft geantwoord op eigen telefoon ✓", new() { Timeout = 15000 });
        await Assertions.Expect(anna.Locator("#phone-n2 .phone-state")).ToHaveTextAsync("heeft geantwoord op eigen telefoon ✓", new() { Timeout = 15000 });
        (await anna.ContentAsync()).ShouldNotContain("Afspraken schuiven steeds");
        (await anna.ContentAsync()).ShouldNotContain("Ik word niet gebeld");
        await anna.ClickAsync("#next");
        for (var q = 0; q < 5; q++)
        {
            (await anna.Locator("fieldset.by-phone[data-who=n1] .phone-state").TextContentAsync()).ShouldBe("heeft geantwoord op eigen telefoon ✓");
            (await anna.Locator("fieldset.by-phone[data-who=n2] .phone-state").TextContentAsync()).ShouldBe("heeft geantwoord op eigen telefoon ✓");
            await anna.Locator("#score-pro").FillAsync("7");
            await anna.ClickAsync("#next");
        }
        // Next to each other: now her marks and words are there.
        (await anna.Locator("#step-title").TextContentAsync()).ShouldBe("Naast elkaar");
        var summary = await anna.Locator(".step").TextContentAsync();
        summary.ShouldContain("Sanne 3,0");
        summary.ShouldContain("Afspraken schuiven steeds");
        summary.ShouldContain("Ik word niet gebeld");
        await anna.ClickAsync("#next");
        await anna.FillAsync("#agreement-what", "Afspraken niet meer verschuiven zonder te bellen");
        await anna.FillAsync("#agreement-who", "Anna");
        await anna.FillAsync("#agreement-byWhen", Today.AddDays(30).ToString("yyyy-MM-dd"));
        await anna.FillAsync("#agreement-howWeKnow", "Sanne zegt dat er niets verschoven is");
        await anna.ClickAsync("#save");
        await Assertions.Expect(anna.Locator("#status .notice.ok")).ToBeVisibleAsync();

        // The family keeps the summary: printed at A4 (and as a PDF, by the browser).
        await anna.ClickAsync("#summary-link");
        await Assertions.Expect(anna.Locator("h1")).ToHaveTextAsync($"Ons gesprek van {Today.ToString("d MMMM yyyy", Dutch)}");
        await BrowserFixture.Accessible(anna);
        var sheet = await anna.Locator(".sheet").TextContentAsync();
        sheet.ShouldContain("Sanne (ouder)");
        sheet.ShouldContain("Noor (kind)");
        sheet.ShouldContain("Anna de Vries (professional)"); // the professional by name
        sheet.ShouldContain("Afspraken schuiven steeds");
        sheet.ShouldContain("Ik word niet gebeld");
        sheet.ShouldContain("Afspraken niet meer verschuiven zonder te bellen");
        sheet.ShouldContain("Sanne zegt dat er niets verschoven is");
        sheet.ShouldContain("De volgende check-in:");
        (await anna.Locator(".sheet-marks tbody tr").Nth(0).TextContentAsync()).ShouldContain("3,0");
        await PrintedAtA4(anna, "samenvatting-a4", maxPages: 2);
        await anna.SetViewportSizeAsync(390, 844);
        (await anna.EvaluateAsync<int>("document.documentElement.scrollWidth")).ShouldBeLessThanOrEqualTo(390);
        await BrowserFixture.Screenshot(anna, "telefoon-samenvatting");

        // No paper: the summary goes to Sanne's own phone by a QR code and a link to this one sheet.
        await anna.ClickAsync("#share-summary");
        await Assertions.Expect(anna.Locator("#shared .qr svg")).ToBeVisibleAsync();
        await Assertions.Expect(anna.Locator("#share-summary")).ToBeHiddenAsync(); // made once: the link stands in its place
        var shared = await anna.InputValueAsync("#shared-url");
        shared.ShouldMatch(@"/s/[A-Za-z0-9_-]{43}$");
        (await anna.Locator("#shared-until").TextContentAsync()).ShouldBe($"De link werkt tot en met {Today.AddDays(14).ToString("d MMMM yyyy", Dutch)}.");
        await anna.Locator("#delen").ScrollIntoViewIfNeededAsync();
        await BrowserFixture.Screenshot(anna, "telefoon-samenvatting-delen");
        await BrowserFixture.Accessible(anna);
        await anna.Context.CloseAsync();
        var home = await Phone();
        await home.GotoAsync(shared);
        await Assertions.Expect(home.Locator("h1")).ToHaveTextAsync($"Ons gesprek van {Today.ToString("d MMMM yyyy", Dutch)}");
        (await home.Locator(".sheet").TextContentAsync()).ShouldContain("Afspraken niet meer verschuiven zonder te bellen");
        (await home.Locator("a[href^='/clienten']").CountAsync()).ShouldBe(0);
        (await home.EvaluateAsync<int>("document.documentElement.scrollWidth")).ShouldBeLessThanOrEqualTo(390);
        await BrowserFixture.Accessible(home);
        await BrowserFixture.Screenshot(home, "telefoon-samenvatting-familie");
        await home.Context.CloseAsync();

        // Saved with her answers, taken from the link by the service.
        await using var session = web.Store.QuerySession();
        var facts = (await session.Events.FetchStreamAsync(caseId)).Select(e => e.Data).ToList();
        var held = facts.OfType<SamenSterker.CheckIns.CheckInHeld>().Single();
        var mother = held.Respondents.Single(r => r.Label == "Sanne");
        mother.OnOwnPhone.ShouldBe(true);
        facts.OfType<SamenSterker.CheckIns.ScoreGiven>().Where(g => g.RespondentId == mother.RespondentId).Select(g => g.Value)
            .ShouldBe([3.0, 4.0, 5.0, 6.0, 7.0]);
        var child = held.Respondents.Single(r => r.Label == "Noor");
        child.OnOwnPhone.ShouldBe(true);
        facts.OfType<SamenSterker.CheckIns.ScoreGiven>().Where(g => g.RespondentId == child.RespondentId).Select(g => g.Smiley)
            .ShouldBe([2, 2, 2, 2, 2]);

        // Each use of a link is in the access log, under the person it belongs to (a person of the case now).
        var people = held.Respondents.Where(r => r.Side == SamenSterker.CheckIns.RespondentSide.Client).ToDictionary(r => r.Label!, r => $"person:{r.PersonId}");
        var log = await AccessLog(caseId, entries => entries.Count(e => e.User == people["Noor"]) >= 2 && entries.Count(e => e.User == people["Sanne"]) >= 3);
        log.Where(e => e.User == people["Noor"]).Select(e => e.Method).Order().ShouldBe(["GET", "POST"]);
        log.Where(e => e.User == people["Sanne"]).Select(e => e.Method).Order().ShouldBe(["GET", "GET", "POST"]); // the page again in English
    }

    private static readonly System.Globalization.CultureInfo Dutch = System.Globalization.CultureInfo.GetCultureInfo("nl-NL");

    /// <summary>The page as paper shows it: a screenshot at A4 with the print styles, and a PDF printed by the browser.</summary>
    public static async Task PrintedAtA4(IPage page, string name, int maxPages)
    {
        var size = page.ViewportSize;
        await page.SetViewportSizeAsync(794, 1123); // A4 at 96 dpi
        await page.EmulateMediaAsync(new PageEmulateMediaOptions { Media = Media.Print });
        (await page.Locator("header.top").IsVisibleAsync()).ShouldBeFalse(); // the sheet alone on paper
        (await page.Locator("[data-print]").IsVisibleAsync()).ShouldBeFalse();
        await BrowserFixture.Screenshot(page, name);
        var pdf = await page.PdfAsync(new PagePdfOptions { Format = "A4", PrintBackground = true });
        System.Text.Encoding.ASCII.GetString(pdf, 0, 5).ShouldBe("%PDF-");
        var pages = System.Text.RegularExpressions.Regex.Matches(System.Text.Encoding.Latin1.GetString(pdf), @"/Type\s*/Page[^s]").Count;
        pages.ShouldBeInRange(1, maxPages);
        Directory.CreateDirectory(Path.Combine(Repo.Root, ".test-results"));
        await File.WriteAllBytesAsync(Path.Combine(Repo.Root, ".test-results", name + ".pdf"), pdf);
        await page.EmulateMediaAsync(new PageEmulateMediaOptions { Media = Media.Screen });
        if (size is not null) await page.SetViewportSizeAsync(size.Width, size.Height);
    }

    [Fact]
    public async Task a_conversation_held_on_paper_is_printed_blank_and_typed_in_afterwards_dated_when_it_was_held()
    {
        var caseId = await web.OpenCase("Fam. Papier", Today.AddDays(-6));
        var anna = await web.SignedIn();
        // The blank forms: the line and the smileys, each on paper.
        foreach (var (form, title) in new[] { ("lijn", "Vragenformulier: de lijn"), ("gezichtjes", "Vragenformulier met de smileys") })
        {
            await anna.GotoAsync($"{web.BaseUrl}/formulieren/{form}");
            (await anna.Locator("h1").TextContentAsync()).ShouldBe(title);
            (await anna.Locator(".blank-question").CountAsync()).ShouldBe(6); // five questions and the agreement
            await BrowserFixture.Accessible(anna);
            await PrintedAtA4(anna, "formulier-" + form, maxPages: 2);
        }
        await anna.GotoAsync($"{web.BaseUrl}/formulieren/lijn?voor=professional");
        (await anna.Locator(".blank-question h2").First.TextContentAsync()).ShouldBe("Hoe tevreden ben jij over hoe we met elkaar omgaan?");

        // Typed in five days later, dated when it was held.
        var heldOn = Today.AddDays(-5);
        await anna.GotoAsync($"{web.BaseUrl}/clienten/{caseId}/check-in");
        (await anna.Locator("p.paper a").First.GetAttributeAsync("href")).ShouldBe("/formulieren/lijn");
        (await anna.Locator("p.paper").TextContentAsync()).ShouldBe(
            "Zonder laptop? Druk het vragenformulier af: met de lijn, met de smileys, voor jezelf. Typ het gesprek daarna hier in, met de datum waarop het was.");
        await anna.FillAsync("#heldOn", heldOn.ToString("yyyy-MM-dd"));
        await anna.FillAsync("#name-n1", "Sanne");
        await anna.ClickAsync("#next");
        for (var q = 0; q < 5; q++)
        {
            await anna.Locator("#score-n1").FillAsync("6");
            await anna.Locator("#score-pro").FillAsync("7");
            await anna.ClickAsync("#next");
        }
        await anna.ClickAsync("#next");
        await anna.FillAsync("#agreement-what", "Elke maandag de week doorbellen");
        await anna.FillAsync("#agreement-who", "Anna");
        await anna.FillAsync("#agreement-byWhen", Today.AddDays(20).ToString("yyyy-MM-dd"));
        await anna.FillAsync("#agreement-howWeKnow", "Sanne weet op maandag wat er komt");
        await anna.ClickAsync("#save");
        await Assertions.Expect(anna.Locator("#status .notice.ok")).ToBeVisibleAsync();
        await anna.ClickAsync("#summary-link");
        await Assertions.Expect(anna.Locator("h1")).ToHaveTextAsync($"Ons gesprek van {heldOn.ToString("d MMMM yyyy", Dutch)}");
        // A check-in the case does not have, and another team's case, are not found.
        (await anna.GotoAsync($"{web.BaseUrl}/clienten/{caseId}/check-ins/{Guid.NewGuid()}/samenvatting"))!.Status.ShouldBe(404);
        var theirs = await web.OpenCase("Fam. Ander-Team", Today.AddDays(3), casusregie: "p-zuid", team: "zuid");
        (await anna.GotoAsync($"{web.BaseUrl}/clienten/{theirs}/check-ins/{Guid.NewGuid()}/samenvatting"))!.Status.ShouldBe(404);
        (await anna.GotoAsync($"{web.BaseUrl}/formulieren/anders"))!.Status.ShouldBe(404);
        await anna.Context.CloseAsync();

        await using var session = web.Store.QuerySession();
        (await session.Events.FetchStreamAsync(caseId)).Select(e => e.Data).OfType<SamenSterker.CheckIns.CheckInHeld>().Single().HeldOn.ShouldBe(heldOn);
    }

    private async Task<List<(string User, string Method, string Path, int Status)>> AccessLog(Guid caseId,
        Func<List<(string User, string Method, string Path, int Status)>, bool> until)
    {
        using var auditor = web.Api("a-ada", "auditor", null);
        var entries = new List<(string, string, string, int)>();
        for (var tries = 0; tries < 50; tries++)
        {
            var page = await auditor.GetFromJsonAsync<JsonElement>($"/api/audit/access-log?case={caseId}");
            entries = page.GetProperty("items").EnumerateArray().Select(e => (e.GetProperty("userId").GetString()!, e.GetProperty("method").GetString()!,
                e.GetProperty("path").GetString()!, e.GetProperty("outcome").GetInt32())).ToList();
            if (until(entries)) return entries;
            await Task.Delay(200); // the access log is written in batches, a moment after the request
        }
        return entries;
    }
    [Fact]
    public async Task a_used_expired_withdrawn_saved_or_other_cases_link_says_so_on_the_phone_and_each_use_is_logged()
    {
        var caseId = await web.OpenCase("Fam. Oude-Links", Today.AddDays(-1));
        var otherCase = await web.OpenCase("Fam. Andere-Casus", Today.AddDays(-1));
        var checkInId = Guid.NewGuid();
        using var api = web.Api();
        async Task<(Guid Id, string Url)> Link(Guid onCase, Guid forCheckIn, string respondentId, string name)
        {
            var created = await (await api.PostAsJsonAsync($"/api/cases/{onCase}/answer-links", new { checkInId = forCheckIn, respondentId, name, role = "parent" }))
                .EnsureSuccessStatusCode().Content.ReadFromJsonAsync<JsonElement>();
            return (created.GetProperty("linkId").GetGuid(), created.GetProperty("url").GetString()!);
        }
        var used = await Link(caseId, checkInId, "r1", "Sanne");
        var expired = await Link(caseId, checkInId, "r3", "Opa");
        var withdrawn = await Link(caseId, checkInId, "r4", "Oma");
        var elsewhere = await Link(otherCase, Guid.NewGuid(), "r1", "Karin");

        var phone = await Phone();
        async Task Says(string url, int status, string title, string words)
        {
            var response = await phone.GotoAsync(url);
            response!.Status.ShouldBe(status);
            (await phone.Locator("h1").TextContentAsync()).ShouldBe(title);
            (await phone.Locator(".notice").TextContentAsync()).ShouldBe(words);
            var html = await phone.ContentAsync();
            html.ShouldNotContain("Oude-Links");
            html.ShouldNotContain("Sanne"); // not even whose link it was
        }

        // Used: answered once, then the same link again.
        await phone.GotoAsync(used.Url);
        var ranges = phone.Locator("input[type=range]");
        for (var i = 0; i < 5; i++) await ranges.Nth(i).FillAsync("6");
        await phone.ClickAsync("#answers button[type=submit]");
        await Assertions.Expect(phone.Locator("#bedankt h2")).ToBeVisibleAsync();
        await Says(used.Url, 409, "Al verstuurd", "Je antwoorden zijn al verstuurd. Dank je wel!");

        // Expired: its two hours are over.
        await using (var session = web.Store.LightweightSession())
        {
            var link = await session.LoadAsync<SamenSterker.AnswerLinks.AnswerLink>(expired.Id);
            link!.ExpiresAt = DateTimeOffset.UtcNow.AddMinutes(-1);
            session.Store(link);
            await session.SaveChangesAsync();
        }
        await Says(expired.Url, 410, "Deze link werkt niet meer", "Deze link is verlopen. Vraag de hulpverlener om een nieuwe.");
        await BrowserFixture.Accessible(phone);
        await BrowserFixture.Screenshot(phone, "telefoon-eigen-verlopen");

        // Withdrawn from the professional's screen.
        (await api.DeleteAsync($"/api/cases/{caseId}/answer-links/{withdrawn.Id}")).StatusCode.ShouldBe(System.Net.HttpStatusCode.NoContent);
        await Says(withdrawn.Url, 410, "Deze link werkt niet meer", "Deze link is ingetrokken. Vraag de hulpverlener om een nieuwe.");

        // A link of another case cannot bring its answers into this case's check-in.
        var body = CaseApi.CheckIn(checkInId: checkInId, heldOn: Today.ToString("yyyy-MM-dd"), byWhen: Today.AddDays(30).ToString("yyyy-MM-dd"));
        body["respondents"] = new object[]
        {
            new { respondentId = "r1", side = "client", role = "parent", label = "Sanne", answerLinkId = elsewhere.Id },
            new { respondentId = "r2", side = "client", role = "child", label = "Sem", form = "smiley" },
            new { respondentId = "pro", side = "professional", role = "professional" },
        };
        body["scores"] = ((List<object>)body["scores"]!).Where(x => JsonSerializer.SerializeToElement(x).GetProperty("respondentId").GetString() != "r1").ToList();
        var refused = await api.PostAsJsonAsync($"/api/cases/{caseId}/check-ins", body);
        refused.StatusCode.ShouldBe(System.Net.HttpStatusCode.BadRequest);
        (await refused.Content.ReadAsStringAsync()).ShouldContain("respondents[0].answerLinkId");

        // Saved with Sanne's link: after that the link says it was used, and no new link is made for the saved check-in.
        body["respondents"] = new object[]
        {
            new { respondentId = "r1", side = "client", role = "parent", label = "Sanne", answerLinkId = used.Id },
            new { respondentId = "r2", side = "client", role = "child", label = "Sem", form = "smiley" },
            new { respondentId = "pro", side = "professional", role = "professional" },
        };
        (await api.PostAsJsonAsync($"/api/cases/{caseId}/check-ins", body)).StatusCode.ShouldBe(System.Net.HttpStatusCode.Created);
        await Says(used.Url, 409, "Al verstuurd", "Je antwoorden zijn al verstuurd. Dank je wel!");
        (await api.PostAsJsonAsync($"/api/cases/{caseId}/answer-links", new { checkInId, respondentId = "r5", name = "Buurvrouw", role = "other" }))
            .StatusCode.ShouldBe(System.Net.HttpStatusCode.Conflict);

        // The other case's link still works for its own person, and shows nothing of this case.
        await phone.GotoAsync(elsewhere.Url);
        (await phone.Locator("h1").TextContentAsync()).ShouldBe("Hoi Karin");
        (await phone.ContentAsync()).ShouldNotContain("Andere-Casus");
        await phone.Context.CloseAsync();

        // Every use, refused or not, is in the access log under the person the link belongs to.
        await using var query = web.Store.QuerySession();
        var person = (string id) => $"person:{id}";
        var sanne = person((await query.LoadAsync<SamenSterker.AnswerLinks.AnswerLink>(used.Id))!.PersonId.ToString());
        var opa = person((await query.LoadAsync<SamenSterker.AnswerLinks.AnswerLink>(expired.Id))!.PersonId.ToString());
        var oma = person((await query.LoadAsync<SamenSterker.AnswerLinks.AnswerLink>(withdrawn.Id))!.PersonId.ToString());
        var log = await AccessLog(caseId, e => e.Count(x => x.User == sanne) >= 4 && e.Any(x => x.User == opa) && e.Any(x => x.User == oma));
        log.Where(e => e.User == sanne).Select(e => (e.Method, e.Status)).ShouldBe([("GET", 200), ("POST", 204), ("GET", 409), ("GET", 409)], ignoreOrder: true);
        log.Single(e => e.User == opa).Status.ShouldBe(410);
        log.Single(e => e.User == oma).Status.ShouldBe(410);
        var secret = used.Url[(used.Url.LastIndexOf('/') + 1)..];
        log.Select(e => e.Path).ShouldAllBe(path => !path.Contains(secret));
    }
    [Fact]
    public async Task questions_sent_the_day_before_are_answered_at_home_and_the_check_in_opens_with_the_answers_in_on_another_laptop()
    {
        var caseId = await web.OpenCase("Fam. Vooraf", Today.AddDays(1));
        // The day before, at the office: a link for Sanne that lasts two days, to send herself (no mail server here).
        var office = await web.SignedIn();
        await office.GotoAsync($"{web.BaseUrl}/clienten/{caseId}/check-in");
        await office.FillAsync("#name-n1", "Sanne");
        await office.ClickAsync("#ahead-n1");
        await Assertions.Expect(office.Locator("#email-n1")).ToBeFocusedAsync();
        await office.ClickAsync("#send-ahead-n1");
        var url = await office.InputValueAsync("#link-n1");
        var until = await office.Locator("#sent-n1").TextContentAsync();
        until.ShouldContain("De link werkt tot");
        until.ShouldContain(Today.AddDays(2).ToString("d MMMM", System.Globalization.CultureInfo.GetCultureInfo("nl-NL")));
        await BrowserFixture.Accessible(office);
        await office.Context.CloseAsync();

        // At home, on her phone.
        var sanne = await Phone();
        await sanne.GotoAsync(url);
        var ranges = sanne.Locator("input[type=range]");
        for (var i = 0; i < 5; i++) await ranges.Nth(i).FillAsync("8");
        await sanne.FillAsync("#most-omgang", "Fijn dat we het thuis konden invullen");
        await sanne.ClickAsync("#answers button[type=submit]");
        await Assertions.Expect(sanne.Locator("#bedankt h2")).ToBeVisibleAsync();
        await sanne.Context.CloseAsync();

        // The next day, at the kitchen table, on another laptop: the check-in opens as the prepared one, her answers in.
        var table = await web.SignedIn();
        await table.GotoAsync($"{web.BaseUrl}/clienten/{caseId}/check-in");
        await Assertions.Expect(table.Locator("#phone-n1 .phone-state")).ToHaveTextAsync("heeft geantwoord op eigen telefoon ✓", new() { Timeout = 15000 });
        (await table.InputValueAsync("#name-n1")).ShouldBe("Sanne");
        await table.ClickAsync("#next");
        for (var q = 0; q < 5; q++)
        {
            await table.Locator("#score-pro").FillAsync("7");
            await table.ClickAsync("#next");
        }
        (await table.Locator(".step").TextContentAsync()).ShouldContain("Fijn dat we het thuis konden invullen");
        await table.ClickAsync("#next");
        await table.FillAsync("#agreement-what", "Samen de planning van de week maken");
        await table.FillAsync("#agreement-who", "Sanne en Anna");
        await table.FillAsync("#agreement-byWhen", Today.AddDays(21).ToString("yyyy-MM-dd"));
        await table.FillAsync("#agreement-howWeKnow", "De planning hangt op de koelkast");
        await table.ClickAsync("#save");
        await Assertions.Expect(table.Locator("#status .notice.ok")).ToBeVisibleAsync();
        await table.Context.CloseAsync();

        await using var session = web.Store.QuerySession();
        var facts = (await session.Events.FetchStreamAsync(caseId)).Select(e => e.Data).ToList();
        var mother = facts.OfType<SamenSterker.CheckIns.CheckInHeld>().Single().Respondents.Single(r => r.Label == "Sanne");
        mother.OnOwnPhone.ShouldBe(true);
        facts.OfType<SamenSterker.CheckIns.ScoreGiven>().Where(g => g.RespondentId == mother.RespondentId).Select(g => g.Value).ShouldAllBe(v => v == 8.0);
    }
}
