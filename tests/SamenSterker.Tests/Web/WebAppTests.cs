using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Playwright;
using SamenSterker.Access;
using Shouldly;

namespace SamenSterker.Tests.Web;

/// <summary>
/// The professional's web app in a real browser: signing in, the client list, one client, a whole family check-in
/// by keyboard only (a child on smileys), the agreement reviewed at the next check-in, a check-in made without a
/// network that arrives once, and every page free of serious accessibility problems. Screenshots land in
/// docs/screenshots.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class WebAppTests(BrowserFixture web)
{
    private static DateOnly Today => BrowserFixture.Today;

    [Fact]
    public async Task my_clients_lists_my_cases_with_overdue_in_red_and_due_soon_in_amber()
    {
        var late = await web.OpenCase("Fam. Laat " + Guid.NewGuid().ToString()[..4], Today.AddDays(-3));
        var soon = await web.OpenCase("Fam. Binnenkort " + Guid.NewGuid().ToString()[..4], Today.AddDays(5));
        var page = await web.SignedIn();
        // The list is a read model, a moment behind the writes.
        await web.UntilShown(page, $"a[href='/clienten/{soon}']");

        (await page.Locator("h1").TextContentAsync()).ShouldBe("Mijn cliënten");
        var lateRow = page.Locator("tr", new PageLocatorOptions { Has = page.Locator($"a[href='/clienten/{late}']") });
        (await lateRow.Locator(".due").GetAttributeAsync("class")).ShouldContain("overdue");
        (await lateRow.Locator(".due-note").TextContentAsync()).ShouldBe("3 dagen te laat");
        var soonRow = page.Locator("tr", new PageLocatorOptions { Has = page.Locator($"a[href='/clienten/{soon}']") });
        (await soonRow.Locator(".due").GetAttributeAsync("class")).ShouldContain("soon");
        (await soonRow.Locator(".due").TextContentAsync()).ShouldBe(Dutch(Today.AddDays(5)));

        await BrowserFixture.Accessible(page);
        await BrowserFixture.Screenshot(page, "mijn-clienten");
        // The size of the page, whatever the number of rows here.
        (await page.ContentAsync()).Length.ShouldBeLessThan(100_000);
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task a_client_of_another_team_is_not_found_and_an_auditor_sees_no_write_buttons()
    {
        var caseId = await web.OpenCase("Fam. Zuid", Today.AddDays(20), casusregie: "p-zara", team: "zuid");
        var anna = await web.SignedIn();
        var response = await anna.GotoAsync($"{web.BaseUrl}/clienten/{caseId}");
        response!.Status.ShouldBe(404);
        await anna.Context.CloseAsync();

        var ada = await web.SignedIn("a-ada", Roles.Auditor, null);
        await ada.GotoAsync($"{web.BaseUrl}/clienten/{caseId}");
        (await ada.Locator("h1").TextContentAsync()).ShouldBe("Fam. Zuid");
        (await ada.Locator("a[href$='/check-in']").CountAsync()).ShouldBe(0);
        (await ada.Locator(".banner").TextContentAsync()).ShouldBe("Je kunt dit dossier inzien, niet wijzigen.");
        await BrowserFixture.Accessible(ada);
        await ada.Context.CloseAsync();
    }

    [Fact]
    public async Task a_family_check_in_with_a_child_on_smileys_is_done_by_keyboard_in_nine_screens_and_its_agreement_is_reviewed_at_the_next()
    {
        var caseId = await web.OpenCase("Fam. Jansen", Today.AddDays(2));
        var page = await web.SignedIn();
        await page.GotoAsync($"{web.BaseUrl}/clienten/{caseId}");
        await BrowserFixture.Accessible(page);
        await TabTo(page, "a[href$='/check-in']");
        await page.Keyboard.PressAsync("Enter");
        // The page's document, not every last resource: a clean-clone run once waited 30 s here for the load event.
        await page.WaitForURLAsync($"{web.BaseUrl}/clienten/{caseId}/check-in", new() { WaitUntil = WaitUntilState.DOMContentLoaded });
        var screens = 1;

        // (a) the opening: the method's words, who takes part — the mother, then a child, who gets the faces.
        (await page.Locator("#step-title").TextContentAsync()).ShouldBe("Samen Sterker-gesprek");
        (await page.Locator(".step .lead").TextContentAsync()).ShouldContain("Er zijn geen goede of foute antwoorden");
        (await page.Locator(".progress").TextContentAsync()).ShouldBe("Stap 1 van 8"); // no open agreement yet: no review
        await TabTo(page, "#name-n1");
        await page.Keyboard.TypeAsync("moeder");
        await TabTo(page, "#add-person");
        await page.Keyboard.PressAsync("Enter");
        await page.Keyboard.TypeAsync("Sem"); // focus moved to the new person's name
        await TabTo(page, "#role-n2");
        await page.Keyboard.PressAsync("k"); // "kind": a child answers with faces unless told otherwise
        (await page.Locator("#faces-n2").IsCheckedAsync()).ShouldBeTrue();
        await BrowserFixture.Accessible(page);
        await BrowserFixture.Screenshot(page, "check-in-begin");
        await Next(page); screens++;

        // (b) per question one screen: the mother on the line, Sem on the faces, then the professional in her own words.
        var motherScores = new[] { 7.5, 8.0, 5.5, 6.0, 4.5 };
        var semFaces = new[] { 4, 5, 3, 3, 2 };
        var proScores = new[] { 7.0, 6.5, 6.0, 7.0, 7.5 };
        for (var q = 0; q < 5; q++)
        {
            (await page.Locator("fieldset.answer[data-who=n1] .who-answers").TextContentAsync()).ShouldBe("moeder");
            (await page.Locator("#score-n1-value").TextContentAsync()).ShouldBe("—"); // the line starts empty
            await Slide(page, "n1", motherScores[q]);
            if (q == 0)
            {
                await TabTo(page, "#most-n1");
                await page.Keyboard.TypeAsync("Ze luistert");
                await TabTo(page, "#least-n1");
                await page.Keyboard.TypeAsync("Soms laat");
            }
            await TabTo(page, "input[name=face-n2]");
            // Space picks the face that has the focus (the first); arrow keys move to the next and pick it.
            await page.Keyboard.PressAsync("Space");
            for (var i = 1; i < semFaces[q]; i++) await page.Keyboard.PressAsync("ArrowRight");
            (await page.Locator("fieldset.answer.pro .question").TextContentAsync()).ShouldStartWith("Hoe tevreden ben jij");
            await Slide(page, "pro", proScores[q]);
            if (q == 0)
            {
                await TabTo(page, "#least-pro");
                await page.Keyboard.TypeAsync("Ik bel te weinig terug");
                await BrowserFixture.Accessible(page);
                await BrowserFixture.Screenshot(page, "check-in-vraag");
            }
            await Next(page); screens++;
        }

        // (c) the sides next to each other with their own words, before the agreement; a large gap is marked.
        (await page.Locator("#step-title").TextContentAsync()).ShouldBe("Naast elkaar");
        var omgang = page.Locator(".summary-question").Nth(0);
        (await omgang.Locator(".side").Nth(0).InnerTextAsync()).ShouldContain("moeder 7,5");
        (await omgang.Locator(".side").Nth(0).InnerTextAsync()).ShouldContain("Ze luistert");
        (await omgang.Locator(".side").Nth(0).InnerTextAsync()).ShouldContain("Soms laat");
        (await omgang.Locator(".side").Nth(1).InnerTextAsync()).ShouldContain("Sem");
        (await omgang.Locator(".side").Nth(1).Locator(".face svg").CountAsync()).ShouldBe(1); // Sem's face, as a face
        (await omgang.Locator(".side.pro").InnerTextAsync()).ShouldContain("Ik bel te weinig terug");
        var afspraken = page.Locator(".summary-question").Nth(4);
        (await afspraken.Locator(".side.far").First.InnerTextAsync()).ShouldContain("moeder 4,5"); // 4,5 beside 7,5: far apart
        (await afspraken.Locator(".gap-note").CountAsync()).ShouldBeGreaterThan(0);
        await BrowserFixture.Accessible(page);
        await BrowserFixture.Screenshot(page, "check-in-samenvatting");
        await Next(page); screens++;

        // (d) the new SMART agreement, from what was said; Save without it names the missing fields.
        (await page.Locator("#step-title").TextContentAsync()).ShouldBe("De nieuwe afspraak");
        await TabTo(page, "#save");
        await page.Keyboard.PressAsync("Enter");
        (await page.Locator("#agreement-what").GetAttributeAsync("aria-invalid")).ShouldBe("true");
        // Each missing field says what to write there (not its question again), and the word goes once the field is filled.
        (await page.Locator("#agreement-what-error").TextContentAsync()).ShouldBe("Schrijf op wat jullie gaan doen.");
        (await page.Locator("#agreement-byWhen-error").TextContentAsync()).ShouldBe("Kies de datum waarop het klaar is.");
        await TabTo(page, "#agreement-what");
        await page.Keyboard.TypeAsync("Elke maandag kort bellen");
        await Assertions.Expect(page.Locator("#agreement-what-error")).ToHaveCountAsync(0);
        await TabTo(page, "#agreement-who");
        await page.Keyboard.TypeAsync("Anna en moeder");
        await TabTo(page, "#agreement-howWeKnow");
        await page.Keyboard.TypeAsync("Moeder weet elke week wat er speelt");
        // A date typed before the check-in is refused at its field, with the eye taken there.
        await TabTo(page, "#agreement-byWhen");
        await page.Keyboard.TypeAsync(Today.AddDays(-40).ToString("dd-MM-yyyy"));
        await TabTo(page, "#save");
        await page.Keyboard.PressAsync("Enter");
        (await page.Locator("#agreement-byWhen-error").TextContentAsync()).ShouldBe("Die datum ligt vóór de check-in: kies een latere datum.");
        (await page.EvaluateAsync<string>("document.activeElement.id")).ShouldBe("agreement-byWhen");
        await page.Keyboard.TypeAsync(Today.AddDays(40).ToString("dd-MM-yyyy"));
        await BrowserFixture.Accessible(page);
        await TabTo(page, "#save");
        await page.Keyboard.PressAsync("Enter");
        await page.Locator(".notice.ok").WaitForAsync();
        screens.ShouldBe(8, "a parent, a child and the professional, without an agreement to review (with one: nine)");

        using var api = web.Api();
        var view = await api.GetFromJsonAsync<JsonElement>($"/api/cases/{caseId}");
        view.GetProperty("checkInsHeld").GetInt32().ShouldBe(1);
        view.GetProperty("people").GetArrayLength().ShouldBe(2);
        var agreement = view.GetProperty("openAgreements")[0];
        agreement.GetProperty("what").GetString().ShouldBe("Elke maandag kort bellen");
        (await page.EvaluateAsync<int>("Object.keys(localStorage).filter(k => k.startsWith('samensterker.')).length")).ShouldBe(0);

        // The client page shows it, with the trends chart (once the trends read model has the check-in).
        await Support.Wait.Until(async () => (await api.GetFromJsonAsync<JsonElement>($"/api/cases/{caseId}/trends")).ToString(), s => s.Contains("7.5"), seconds: 15);
        await page.GotoAsync($"{web.BaseUrl}/clienten/{caseId}");
        (await page.Locator(".agreement .what").First.TextContentAsync()).ShouldBe("Elke maandag kort bellen");
        await page.Locator("img.chart").WaitForAsync();
        await BrowserFixture.Screenshot(page, "client");

        // The next check-in: last time's people already chosen, then that agreement, with what was said when it was made.
        await page.GotoAsync($"{web.BaseUrl}/clienten/{caseId}/check-in");
        (await page.Locator(".progress").TextContentAsync()).ShouldBe("Stap 1 van 9");
        (await page.Locator("input[name=person]:checked").CountAsync()).ShouldBe(2);
        await Next(page);
        (await page.Locator("#step-title").TextContentAsync()).ShouldBe("Eerst: de vorige afspraak");
        (await page.Locator(".agreement .what").TextContentAsync()).ShouldBe("Elke maandag kort bellen");
        (await page.Locator("details.said").InnerTextAsync()).ShouldContain("Wat er op");
        // Tab reaches the group at its first choice; an arrow moves to "deels gelukt" and picks it.
        await TabTo(page, "input[value=achieved]");
        await page.Keyboard.PressAsync("ArrowRight");
        (await page.Locator("input[value=partly]").IsCheckedAsync()).ShouldBeTrue();
        await BrowserFixture.Accessible(page);
        await BrowserFixture.Screenshot(page, "check-in-vorige-afspraak");
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task a_check_in_made_without_a_network_is_kept_and_sent_once_when_the_network_returns()
    {
        var caseId = await web.OpenCase("Fam. Offline", Today.AddDays(1));
        var page = await web.SignedIn();
        await page.GotoAsync($"{web.BaseUrl}/clienten/{caseId}/check-in");
        await page.Context.SetOfflineAsync(true);

        await page.FillAsync("#name-n1", "vader");
        await Next(page);
        for (var q = 0; q < 5; q++)
        {
            await page.Locator("#score-n1").FillAsync("6.5");
            await page.Locator("#score-pro").FillAsync("6.5");
            await Next(page);
        }
        await Next(page); // the sides next to each other
        await page.FillAsync("#agreement-what", "Samen naar de huisarts");
        await page.FillAsync("#agreement-who", "Vader");
        await page.FillAsync("#agreement-byWhen", Today.AddDays(20).ToString("yyyy-MM-dd"));
        await page.FillAsync("#agreement-howWeKnow", "De afspraak staat in de agenda");
        await page.ClickAsync("#save");
        await Assertions.Expect(page.Locator(".notice.wait")).ToContainTextAsync("op dit apparaat bewaard");

        // A reload while still offline loses nothing: the page comes from the service worker, the check-in from storage.
        await page.ReloadAsync();
        await Assertions.Expect(page.Locator(".notice.wait")).ToContainTextAsync("op dit apparaat bewaard");

        await page.Context.SetOfflineAsync(false);
        await Assertions.Expect(page.Locator(".notice.ok")).ToContainTextAsync("verstuurd", new LocatorAssertionsToContainTextOptions { Timeout = 40_000 });

        using var api = web.Api();
        var history = await api.GetFromJsonAsync<JsonElement>($"/api/cases/{caseId}");
        history.GetProperty("checkInsHeld").GetInt32().ShouldBe(1);
        (await page.EvaluateAsync<int>("Object.keys(localStorage).filter(k => k.startsWith('samensterker.')).length")).ShouldBe(0);
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task the_apis_validation_message_shows_at_its_field_and_then_the_member_joins_the_steunkring()
    {
        var caseId = await web.OpenCase("Fam. de Vries", Today.AddDays(30));
        var page = await web.SignedIn();
        await page.GotoAsync($"{web.BaseUrl}/clienten/{caseId}");
        await page.ClickAsync($"a[href='/clienten/{caseId}/steunkring']");
        (await page.Locator("h1").TextContentAsync()).ShouldBe("Iemand aan de steunkring toevoegen");

        // Nothing filled in: the API's 400 names the field, and the page shows it there.
        await page.ClickAsync("form[data-api] button[type=submit]");
        await page.Locator(".form-status .notice").WaitForAsync();
        (await page.Locator(".form-status").TextContentAsync()).ShouldBe("Niet alles is goed ingevuld.", await page.ContentAsync());
        await Assertions.Expect(page.Locator("#name-error")).ToBeVisibleAsync();
        (await page.Locator("#name").GetAttributeAsync("aria-invalid")).ShouldBe("true");
        (await page.Locator("#name").GetAttributeAsync("aria-describedby")).ShouldContain("name-error");
        (await page.Locator("#name-error").TextContentAsync()).ShouldBe("Naam mag niet leeg zijn.");
        await BrowserFixture.Accessible(page);
        await BrowserFixture.Screenshot(page, "steunkring-formulier");

        // A rule of our own (a date that has not happened yet), in Dutch too.
        await page.FillAsync("#name", "Oma de Vries");
        await page.FillAsync("#joinedOn", Today.AddDays(3).ToString("yyyy-MM-dd"));
        await page.ClickAsync("form[data-api] button[type=submit]");
        await Assertions.Expect(page.Locator("#joinedOn-error")).ToHaveTextAsync("Lid sinds kan niet in de toekomst liggen.");
        (await page.Locator("#name-error").CountAsync()).ShouldBe(0);

        await page.FillAsync("#joinedOn", "");
        await page.SelectOptionAsync("#relation", "family");
        await page.ClickAsync("form[data-api] button[type=submit]");
        await page.WaitForURLAsync($"{web.BaseUrl}/clienten/{caseId}");
        (await page.Locator(".members").TextContentAsync()).ShouldContain("Oma de Vries");
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task a_team_lead_sees_the_team_overview_and_a_professional_her_reminders_and_calendar_link()
    {
        var overdue = await web.OpenCase("Fam. Teamoverzicht", Today.AddDays(-10));
        var tom = await web.SignedIn("t-tom", Roles.TeamLead);
        await tom.GotoAsync($"{web.BaseUrl}/team");
        (await tom.Locator("h1").TextContentAsync()).ShouldBe("Overzicht van team noord");
        await web.UntilShown(tom, "#telaat + ul li");
        // The bars say what they are: a percentage on an axis, the number held under each month.
        (await tom.Locator("#maanden ~ figure svg text").AllTextContentsAsync()).ShouldContain("100%");
        (await tom.Locator("#maanden ~ .table-scroll tbody tr").CountAsync()).ShouldBe(12);
        // Means per question and side, not one over all five.
        (await tom.Locator("#scores ~ .table-scroll tbody th").AllTextContentsAsync()).ShouldBe(["Omgang", "Luisteren", "Contact", "Gezinsplan", "Afspraken"]);
        // Each row adds up as a reader checks it: the difference is of the two means shown, written as a number.
        foreach (var row in await tom.Locator("#scores ~ .table-scroll tbody tr").AllAsync())
        {
            var cells = (await row.Locator("td").AllTextContentsAsync()).Select(c => c.Trim()).ToList();
            if (cells.Contains("—")) continue;
            double Read(string text) => double.Parse(text.Replace('−', '-').Replace("+", ""), System.Globalization.CultureInfo.GetCultureInfo("nl-NL"));
            cells[2].ShouldMatch(@"^([+−]\d+,\d|0,0)$");
            Read(cells[2]).ShouldBe(Math.Round(Read(cells[1]) - Read(cells[0]), 1), 0.001);
        }
        (await tom.Locator("#telaat + ul li").AllTextContentsAsync()).ShouldContain(l => l.Contains("Fam. Teamoverzicht") && l.Contains("dagen te laat"));
        await BrowserFixture.Accessible(tom);
        await BrowserFixture.Screenshot(tom, "team");
        await tom.Context.CloseAsync();

        // A reminder as the delivery handler leaves it in the inbox (reminders do not run in this host).
        var reminderId = Guid.NewGuid();
        await using (var session = web.Store.LightweightSession())
        {
            session.Store(new SamenSterker.Reminders.InboxItem
            {
                Id = SamenSterker.Reminders.InboxItem.IdOf(reminderId, "p-anna"), UserId = "p-anna", ReminderId = reminderId, CaseId = overdue,
                CaseReference = "C-2040", Kind = SamenSterker.Reminders.ReminderKind.Overdue, DueOn = Today.AddDays(-10), SentAt = DateTimeOffset.UtcNow,
            });
            await session.SaveChangesAsync();
        }
        var anna = await web.SignedIn();
        await anna.GotoAsync($"{web.BaseUrl}/herinneringen");
        (await anna.Locator("h1").TextContentAsync()).ShouldBe("Herinneringen");
        (await anna.Locator(".inbox li.unread").CountAsync()).ShouldBe(1);
        // The client by name, with the dossier number.
        (await anna.Locator(".inbox li a").TextContentAsync()).ShouldBe($"Check-in met Fam. Teamoverzicht (C-2040) op {Dutch(Today.AddDays(-10))}");
        await anna.ClickAsync(".inbox form[data-api] button[type=submit]");
        await Assertions.Expect(anna.Locator(".inbox li.read")).ToHaveCountAsync(1);
        (await anna.Locator(".inbox .since").CountAsync()).ShouldBe(0); // the check-in is still to be held, by her
        // Once the case is Bert's, the reminder says so: nobody chases a check-in that is no longer theirs.
        await (await web.SignedIn("p-bert")).Context.CloseAsync(); // the service knows his name
        using (var api = web.Api())
            (await api.PutAsJsonAsync($"/api/cases/{overdue}/roles", new { casusregie = "p-bert" })).EnsureSuccessStatusCode();
        await anna.ReloadAsync();
        (await anna.Locator(".inbox li .since").TextContentAsync()).ShouldBe("Casusregie is nu bij Bert Jansen.");
        await anna.ClickAsync("#agenda ~ form button[type=submit]");
        await Assertions.Expect(anna.Locator("#feed")).ToHaveValueAsync(new System.Text.RegularExpressions.Regex(@"/api/calendar/[A-Za-z0-9_-]{20,}\.ics$"));
        await BrowserFixture.Accessible(anna);
        await BrowserFixture.Screenshot(anna, "herinneringen");
        await anna.Context.CloseAsync();
    }

    [Fact]
    public async Task a_conflict_with_a_check_in_recorded_meanwhile_is_shown_and_after_review_the_check_in_is_saved()
    {
        var caseId = await web.OpenCase("Fam. Tegelijk", Today.AddDays(3));
        var page = await web.SignedIn(width: 768, height: 1024); // a 10-inch tablet, upright
        await page.GotoAsync($"{web.BaseUrl}/clienten/{caseId}/check-in");
        await page.FillAsync("#name-n1", "moeder");
        await page.ClickAsync("#add-person");
        await page.FillAsync("#name-n2", "Lisa");
        await page.SelectOptionAsync("#role-n2", "child");
        await Next(page);
        for (var q = 0; q < 5; q++)
        {
            await page.Locator("#score-n1").FillAsync("7");
            await page.Locator("input[name=face-n2][value='4'] + .face").ClickAsync();
            await page.Locator("#score-pro").FillAsync("6");
            if (q == 0)
            {
                await BrowserFixture.Accessible(page);
                await BrowserFixture.Screenshot(page, "tablet-vraag");
            }
            await Next(page);
        }
        await Next(page); // the sides next to each other
        await page.FillAsync("#agreement-what", "Lisa gaat naar de sportclub");
        await page.FillAsync("#agreement-who", "Lisa en moeder");
        await page.FillAsync("#agreement-byWhen", Today.AddDays(30).ToString("yyyy-MM-dd"));
        await page.FillAsync("#agreement-howWeKnow", "Lisa is lid");

        // Meanwhile a colleague records a check-in for this case through the API: it leaves an open agreement.
        using (var api = web.Api())
        {
            var response = await api.PostAsJsonAsync($"/api/cases/{caseId}/check-ins", new
            {
                checkInId = Guid.NewGuid(), heldOn = Today.ToString("yyyy-MM-dd"), form = "line",
                respondents = new object[] { new { respondentId = "r1", side = "client", role = "parent" }, new { respondentId = "pro", side = "professional", role = "professional" } },
                scores = new[] { "omgang", "luisteren", "contact", "gezinsplan", "afspraken" }
                    .SelectMany(q => new object[] { new { respondentId = "r1", question = q, value = 5.0 }, new { respondentId = "pro", question = q, value = 5.0 } }),
                reviews = Array.Empty<object>(),
                agreement = new { what = "Eerst bellen", who = "Bert", byWhen = Today.AddDays(10).ToString("yyyy-MM-dd"), howWeKnow = "Gebeld" },
            });
            response.StatusCode.ShouldBe(System.Net.HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        }

        await page.ClickAsync("#save");
        await Assertions.Expect(page.Locator(".notice.bad")).ToContainTextAsync("Iemand anders heeft dit dossier intussen gewijzigd");
        // Review: the page comes back with the agreement made meanwhile first; everything typed is still there.
        await page.ClickAsync(".notice.bad button >> nth=0");
        await Assertions.Expect(page.Locator("#step-title")).ToHaveTextAsync("Eerst: de vorige afspraak");
        await page.Locator("input[value=achieved]").CheckAsync();
        await Page(page, "#back");
        (await page.Locator("#name-n2").InputValueAsync()).ShouldBe("Lisa");
        for (var step = 0; step < 8; step++) await Next(page); // the review, 5 questions, the sides: all kept
        await Assertions.Expect(page.Locator("#step-title")).ToHaveTextAsync("De nieuwe afspraak");
        (await page.Locator("#agreement-what").InputValueAsync()).ShouldBe("Lisa gaat naar de sportclub");
        await page.ClickAsync("#save");
        await Assertions.Expect(page.Locator(".notice.ok")).ToContainTextAsync("opgeslagen");

        using var check = web.Api();
        (await check.GetFromJsonAsync<JsonElement>($"/api/cases/{caseId}")).GetProperty("checkInsHeld").GetInt32().ShouldBe(2);
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task a_change_with_the_cookie_but_without_the_pages_token_is_refused()
    {
        var caseId = await web.OpenCase("Fam. Zonder Token", Today.AddDays(30));
        var page = await web.SignedIn();
        // The browser's cookie, but not sent from one of our pages: no antiforgery token.
        var response = await page.Context.APIRequest.PostAsync($"{web.BaseUrl}/api/cases/{caseId}/steunkring/members",
            new APIRequestContextOptions { DataObject = new { name = "Iemand", relation = "family" } });
        response.Status.ShouldBe(403);
        (await response.TextAsync()).ShouldContain("The page is out of date");
        using var api = web.Api();
        (await api.GetFromJsonAsync<JsonElement>($"/api/cases/{caseId}")).GetProperty("steunkring").GetProperty("members").GetArrayLength().ShouldBe(0);
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task every_form_is_accessible_and_signing_out_leaves_no_client_data_in_the_browser()
    {
        var caseId = await web.OpenCase("Fam. Formulieren", Today.AddDays(30));
        var anna = await web.SignedIn();
        // Anna holds casusregie: every form is hers to use.
        foreach (var form in new[] { "steunkring", "momenten", "gezinsplan", "rollen", "afsluiten" })
        {
            await anna.GotoAsync($"{web.BaseUrl}/clienten/{caseId}/{form}");
            (await anna.Locator("form[data-api]").CountAsync()).ShouldBe(1, form);
            await BrowserFixture.Accessible(anna);
            await BrowserFixture.Screenshot(anna, "formulier-" + form);
        }

        // A check-in started and typed into, then signing out: nothing of it stays behind.
        await anna.GotoAsync($"{web.BaseUrl}/clienten/{caseId}/check-in");
        await anna.FillAsync("#name-n1", "moeder");
        (await anna.EvaluateAsync<int>("Object.keys(localStorage).filter(k => k.startsWith('samensterker.')).length")).ShouldBe(1);
        await anna.ClickAsync("form[data-sign-out] button");
        await anna.WaitForURLAsync($"{web.BaseUrl}/aanmelden");
        (await anna.EvaluateAsync<int>("Object.keys(localStorage).filter(k => k.startsWith('samensterker.')).length")).ShouldBe(0);
        (await anna.EvaluateAsync<int>("caches.keys().then(k => k.length)")).ShouldBe(0);
        await anna.Context.CloseAsync();

        // Bert holds no role in it: he may read the case, and is offered no form (the API would refuse them).
        var bert = await web.SignedIn("p-bert");
        await bert.GotoAsync($"{web.BaseUrl}/clienten/{caseId}");
        (await bert.Locator("nav.actions").CountAsync()).ShouldBe(0);
        (await bert.Locator(".banner").TextContentAsync()).ShouldBe("Je kunt dit dossier inzien, niet wijzigen.");
        (await bert.Locator("a", new() { HasText = "Kernvragen opschrijven" }).CountAsync()).ShouldBe(0);
        (await bert.Locator("a", new() { HasText = "aanwijzen" }).CountAsync()).ShouldBe(0);
        await bert.GotoAsync($"{web.BaseUrl}/clienten/{caseId}/afsluiten");
        bert.Url.ShouldBe($"{web.BaseUrl}/clienten/{caseId}");
        await bert.Context.CloseAsync();
    }

    [Fact]
    public async Task the_team_lead_hands_casusregie_to_a_colleague_chosen_by_name_and_the_page_names_them()
    {
        var caseId = await web.OpenCase("Fam. Overdracht", Today.AddDays(30));
        // Anna and Bert have used the service, so it knows their names and team.
        await (await web.SignedIn("p-anna")).Context.CloseAsync();
        await (await web.SignedIn("p-bert")).Context.CloseAsync();
        var tom = await web.SignedIn("t-tom", Roles.TeamLead);
        (await tom.Locator(".who").TextContentAsync())!.ShouldContain("Tom Bakker");
        (await tom.Locator("nav a[href='/']").TextContentAsync()).ShouldBe("Cliënten"); // a team lead has no clients of his own
        await tom.GotoAsync($"{web.BaseUrl}/clienten/{caseId}/rollen");
        // The one holding casusregie is chosen already, by name; the team's professionals are offered, no ids.
        (await tom.Locator("#casusregie option:checked").TextContentAsync()).ShouldBe("Anna de Vries");
        (await tom.Locator("#casusregie option").AllTextContentsAsync()).ShouldContain("Bert Jansen");
        (await tom.Locator("#procesregie option:checked").TextContentAsync()).ShouldBe("Nog niemand");
        await BrowserFixture.Accessible(tom);
        await tom.SelectOptionAsync("#casusregie", new SelectOptionValue { Label = "Bert Jansen" });
        await tom.ClickAsync("form[data-api] button[type=submit]");
        await tom.WaitForURLAsync($"{web.BaseUrl}/clienten/{caseId}");
        (await tom.Locator("dl.facts").Nth(1).TextContentAsync())!.ShouldContain("Bert Jansen");
        using var api = web.Api();
        (await api.GetFromJsonAsync<JsonElement>($"/api/cases/{caseId}")).GetProperty("roles").GetProperty("casusregie").GetString().ShouldBe("p-bert");
        // The timeline says who handed it over, by name.
        (await tom.Locator("ol.timeline li").First.InnerTextAsync()).ShouldContain("Casusregie overgedragen van Anna de Vries aan Bert Jansen");
        (await tom.Locator("ol.timeline li").First.InnerTextAsync()).ShouldContain("door Tom Bakker");
        // The page says what a team lead can do here (not "only read" beside the actions it offers), and offers no more.
        (await tom.Locator(".banner").TextContentAsync()).ShouldBe("Check-ins houdt wie een rol in dit dossier heeft. Jij kunt het inzien en doen wat onder 'Acties' staat.");
        (await tom.Locator("nav.actions a").AllTextContentsAsync()).ShouldBe(["Casusregie en procesregie overdragen", "Dossier afsluiten"]);
        (await tom.Locator("a", new() { HasText = "Kernvragen opschrijven" }).CountAsync()).ShouldBe(0);
        await tom.Context.CloseAsync();

        // Bert finds the case among his own, marked as new with him: a hand-over does not go unnoticed.
        var bert = await web.SignedIn("p-bert");
        await bert.GotoAsync($"{web.BaseUrl}/?q=Overdracht");
        await web.UntilShown(bert, "tr:has-text('Fam. Overdracht') .tag.new");
        (await bert.Locator("tr:has-text('Fam. Overdracht') .tag.new").TextContentAsync()).ShouldBe($"nieuw bij jou sinds {Dutch(Today)}");
        await BrowserFixture.Accessible(bert);
        await bert.Context.CloseAsync();
    }

    [Fact]
    public async Task the_timeline_says_what_happened_and_dates_it_by_when_it_happened()
    {
        var caseId = await web.OpenCase("Fam. Tijdlijn", Today.AddDays(30));
        using var api = web.Api();
        async Task Post(string path, object body) => (await api.PostAsJsonAsync($"/api/cases/{caseId}/{path}", body)).EnsureSuccessStatusCode();
        await Post("steunkring/members", new { name = "Oma Tijdlijn", relation = "family", joinedOn = Today.AddDays(-20).ToString("yyyy-MM-dd") });
        var first = Guid.NewGuid();
        await Post("check-ins", Support.CaseApi.CheckIn(first, heldOn: Today.AddDays(-14).ToString("yyyy-MM-dd")));
        var made = (await api.GetFromJsonAsync<JsonElement>($"/api/cases/{caseId}")).GetProperty("openAgreements")[0].GetProperty("agreementId").GetGuid();
        // The second conversation was held three days ago and typed in today.
        await Post("check-ins", Support.CaseApi.CheckIn(heldOn: Today.AddDays(-3).ToString("yyyy-MM-dd"),
            reviews: [new { agreementId = made, outcome = "partly", note = "Twee van de drie weken gelukt" }]));

        var page = await web.SignedIn();
        await page.GotoAsync($"{web.BaseUrl}/clienten/{caseId}");
        var lines = await page.Locator("ol.timeline li").AllInnerTextsAsync();
        string Line(string containing) => lines.Single(l => l.Contains(containing));
        Line("besproken").ShouldContain("Afspraak ‘Elke week kort bellen’ besproken: deels gelukt — Twee van de drie weken gelukt");
        Line("besproken").ShouldStartWith(Dutch(Today.AddDays(-3)));
        Line("besproken").ShouldContain("vastgelegd op " + Dutch(Today));
        lines.Count(l => l.Contains("Check-in met moeder (ouder), Sem (kind) en de professional")).ShouldBe(2);
        Line("Oma Tijdlijn").ShouldStartWith(Dutch(Today.AddDays(-20)));
        Line("Oma Tijdlijn").ShouldContain("Oma Tijdlijn kwam in de steunkring (familie)");
        // Newest first by when it happened: the review of three days ago above the first check-in, the steunkring last but one.
        lines.ToList().FindIndex(l => l.Contains("besproken")).ShouldBeLessThan(lines.ToList().FindIndex(l => l.StartsWith(Dutch(Today.AddDays(-14)))));
        lines.ShouldNotContain(l => l.Contains("Wijziging"));
        await BrowserFixture.Screenshot(page, "client-tijdlijn");
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task a_form_sent_to_a_case_closed_meanwhile_says_so_in_dutch_and_changes_nothing()
    {
        var caseId = await web.OpenCase("Fam. Net Dicht", Today.AddDays(30));
        var page = await web.SignedIn();
        await page.GotoAsync($"{web.BaseUrl}/clienten/{caseId}/gezinsplan");
        await page.FillAsync("#summary", "Plan met de school");
        using (var api = web.Api())
            (await api.PostAsJsonAsync($"/api/cases/{caseId}/close", new { closedOn = Today.ToString("yyyy-MM-dd"), reason = "Verhuisd" })).EnsureSuccessStatusCode();

        await page.ClickAsync("form[data-api] button[type=submit]");
        await Assertions.Expect(page.Locator(".form-status .notice.bad")).ToHaveTextAsync(
            "Dit kan nu niet: het dossier is intussen veranderd of afgesloten. Laad de pagina opnieuw en kijk het na.");
        using var check = web.Api();
        (await check.GetFromJsonAsync<JsonElement>($"/api/cases/{caseId}")).GetProperty("latestFamilyPlanOn").ValueKind.ShouldBe(JsonValueKind.Null);
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task a_professional_opens_a_new_client_from_the_list()
    {
        var page = await web.SignedIn();
        await page.ClickAsync("a[href='/clienten/nieuw']");
        (await page.Locator("h1").TextContentAsync()).ShouldBe("Nieuwe cliënt");
        await page.FillAsync("#clientReference", "C-7001");
        await page.ClickAsync("form[data-api] button[type=submit]");
        await Assertions.Expect(page.Locator("#clientName-error")).ToHaveTextAsync("Naam van de cliënt mag niet leeg zijn.");
        await BrowserFixture.Accessible(page);
        await BrowserFixture.Screenshot(page, "nieuwe-client");

        await page.FillAsync("#clientName", "Fam. Nieuw");
        await page.ClickAsync("form[data-api] button[type=submit]");
        await page.WaitForURLAsync(new System.Text.RegularExpressions.Regex("/clienten/[0-9a-f-]{36}$"));
        (await page.Locator("h1").TextContentAsync()).ShouldBe("Fam. Nieuw");
        (await page.Locator("a[href$='/check-in']").CountAsync()).ShouldBe(1);
        await page.Context.CloseAsync();
    }

    private static string Dutch(DateOnly date) => date.ToString("d MMMM yyyy", System.Globalization.CultureInfo.GetCultureInfo("nl-NL"));

    private static async Task Next(IPage page)
    {
        await TabTo(page, "#next");
        await page.Keyboard.PressAsync("Enter");
    }

    private static async Task Page(IPage page, string button)
    {
        await TabTo(page, button);
        await page.Keyboard.PressAsync("Enter");
    }

    /// <summary>Sets <paramref name="who"/>'s line with the keyboard: Home (0,0), then an arrow per tenth.</summary>
    private static async Task Slide(IPage page, string who, double value)
    {
        await TabTo(page, $"#score-{who}");
        await page.Keyboard.PressAsync("Home");
        var tenths = (int)Math.Round(value * 10);
        for (var i = 0; i < tenths; i++) await page.Keyboard.PressAsync("ArrowRight");
        (await page.Locator($"#score-{who}-value").TextContentAsync()).ShouldBe(value.ToString("0.0", System.Globalization.CultureInfo.GetCultureInfo("nl-NL")));
    }

    /// <summary>Presses Tab until the element matching <paramref name="selector"/> has the focus (as a keyboard user would).</summary>
    private static async Task TabTo(IPage page, string selector)
    {
        for (var i = 0; i < 40; i++)
        {
            if (await page.EvaluateAsync<bool>("s => document.activeElement?.matches(s) ?? false", selector)) return;
            await page.Keyboard.PressAsync("Tab");
        }
        throw new ShouldAssertException($"Tab never reached {selector}");
    }
}
