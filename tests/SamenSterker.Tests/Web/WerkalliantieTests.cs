using Microsoft.Playwright;
using SamenSterker.Tests.Alliance;
using Shouldly;

namespace SamenSterker.Tests.Web;

/// <summary>The werkalliantie-monitor on screen (issue 23, seed 003): both sides in words, a photo of a drawing from a file
/// input, side by side per moment, on a laptop and on a phone.</summary>
[Collection(BrowserCollection.Name)]
public sealed class WerkalliantieTests(BrowserFixture web)
{
    private static DateOnly Today => BrowserFixture.Today;

    [Fact]
    public async Task a_professional_records_both_sides_and_a_photo_of_the_childs_drawing_and_sees_them_side_by_side()
    {
        var caseId = await web.OpenCase("Fam. Tekening", Today.AddDays(10));
        var anna = await web.SignedIn();
        await anna.GotoAsync($"{web.BaseUrl}/clienten/{caseId}");
        await anna.ClickAsync("text=Werkalliantie-monitor");
        await Assertions.Expect(anna.Locator("h1")).ToHaveTextAsync("Werkalliantie-monitor · Fam. Tekening");
        (await anna.Locator(".alliance-questions").TextContentAsync()).ShouldContain("Hoe ervaart de cliënt jouw begeleiding?");

        // Saving nothing says what is needed, in words (not the name of a field).
        var words = anna.Locator("form[data-api$='alliance-feedback']");
        await words.Locator("button[type=submit]").ClickAsync();
        await Assertions.Expect(words.Locator(".form-status .notice")).ToHaveTextAsync(
            "Niet alles is goed ingevuld. Vul in wat goed gaat of wat beter kan, of geef kernwoorden.");

        // The client's words.
        await words.Locator("#goesWell").FillAsync("Ze komt altijd op tijd");
        await words.Locator("#couldBeBetter").FillAsync("Minder formulieren");
        await words.Locator("#keywords").FillAsync("rust, eerlijk");
        await words.Locator("button[type=submit]").ClickAsync();
        await Assertions.Expect(anna.Locator(".alliance-side.client")).ToContainTextAsync("Ze komt altijd op tijd");

        // The professional's words.
        words = anna.Locator("form[data-api$='alliance-feedback']");
        await words.Locator("input[name=from][value=professional]").CheckAsync();
        await words.Locator("#couldBeBetter").FillAsync("Ik praat soms te snel");
        await words.Locator("button[type=submit]").ClickAsync();
        await Assertions.Expect(anna.Locator(".alliance-side.professional")).ToContainTextAsync("Ik praat soms te snel");

        // A file that is not a photo is refused at the field.
        var drawing = anna.Locator("form[data-multipart]");
        await drawing.Locator("#photo").SetInputFilesAsync(new FilePayload { Name = "brief.txt", MimeType = "text/plain", Buffer = "geen foto"u8.ToArray() });
        await drawing.Locator("button[type=submit]").ClickAsync();
        await Assertions.Expect(anna.Locator("#photo-error")).ToHaveTextAsync("Dit is geen foto: kies een afbeelding (JPEG, PNG of WebP).");

        // The child's drawing, photographed with a phone (turned, with a location).
        await drawing.Locator("#photo").SetInputFilesAsync(new FilePayload { Name = "tekening.jpg", MimeType = "image/jpeg", Buffer = DrawingTests.PhoneJpegWithGps() });
        await drawing.Locator("#caption").FillAsync("Wij samen in het park");
        await drawing.Locator("button[type=submit]").ClickAsync();
        var image = anna.Locator(".alliance-side.client figure.drawing img");
        await Assertions.Expect(image).ToBeVisibleAsync();
        await Assertions.Expect(image).ToHaveAttributeAsync("alt", "Wij samen in het park");
        (await image.EvaluateAsync<int>("img => img.naturalHeight")).ShouldBe(300); // upright: taller than wide
        (await anna.Locator(".alliance-moment").CountAsync()).ShouldBe(1);
        await BrowserFixture.Accessible(anna);
        await BrowserFixture.Screenshot(anna, "werkalliantie");
        await anna.SetViewportSizeAsync(390, 844);
        (await anna.EvaluateAsync<int>("document.documentElement.scrollWidth")).ShouldBeLessThanOrEqualTo(390);
        await BrowserFixture.Screenshot(anna, "telefoon-werkalliantie");

        // The client page shows the latest moment with the drawing, and the timeline says it happened.
        await anna.SetViewportSizeAsync(1366, 768);
        await anna.GotoAsync($"{web.BaseUrl}/clienten/{caseId}");
        await Assertions.Expect(anna.Locator("#werkalliantie")).ToContainTextAsync("Werkalliantie-monitor");
        await Assertions.Expect(anna.Locator("section:has(#werkalliantie) img")).ToHaveAttributeAsync("alt", "Wij samen in het park");
        (await anna.ContentAsync()).ShouldContain("De cliënt maakte een tekening of collage over de samenwerking");

        // Step 3: the team looks back on the experience.
        await anna.GotoAsync($"{web.BaseUrl}/clienten/{caseId}/werkalliantie");
        await anna.ClickAsync("text=Stap 3: de terugkoppeling in het team");
        await Assertions.Expect(anna.Locator("h1")).ToHaveTextAsync("Werkalliantie-monitor: terugkoppeling in team noord");
        await anna.FillAsync("#answer-1", "Een tekening zegt soms meer dan het gesprek");
        await anna.ClickAsync("form[data-api] button[type=submit]");
        await Assertions.Expect(anna.Locator(".reflection").First).ToContainTextAsync("Een tekening zegt soms meer dan het gesprek");
        await BrowserFixture.Accessible(anna);
        await anna.Context.CloseAsync();
    }
}
