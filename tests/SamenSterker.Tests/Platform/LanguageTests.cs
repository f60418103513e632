using System.Text.Json;
using Alba;
using SamenSterker.Tests.Support;
using Shouldly;

namespace SamenSterker.Tests.Platform;

/// <summary>Messages in the caller's language: English by default, Dutch with Accept-Language: nl (the web app asks so).</summary>
public sealed class LanguageTests(AppFixture app) : ApiTest(app)
{
    private async Task<JsonElement> Errors(Guid caseId, string? language)
    {
        var result = await Host.Scenario(s =>
        {
            s.WithBearerToken(AppFixture.Token());
            if (language is not null) s.WithRequestHeader("Accept-Language", language);
            s.Post.Json(new { name = "", relation = "family", joinedOn = AppFixture.Today.AddDays(2).ToString("yyyy-MM-dd") }, JsonStyle.MinimalApi)
                .ToUrl($"/api/cases/{caseId}/steunkring/members");
            s.StatusCodeShouldBe(400);
        });
        return result.Json().GetProperty("errors");
    }

    [Fact]
    public async Task validation_messages_are_english_by_default_and_dutch_for_accept_language_nl()
    {
        var caseId = await Host.OpenCase();
        (await Errors(caseId, null)).GetProperty("name")[0].GetString().ShouldBe("'name' must not be empty.");
        var dutch = await Errors(caseId, "nl-NL,nl;q=0.9,en;q=0.5");
        // Dutch names the field by its label on the page, never by its JSON name.
        dutch.GetProperty("name")[0].GetString().ShouldBe("Naam mag niet leeg zijn.");

        var future = await Host.Scenario(s =>
        {
            s.WithBearerToken(AppFixture.Token());
            s.WithRequestHeader("Accept-Language", "nl");
            s.Post.Json(new { name = "Oma", relation = "family", joinedOn = AppFixture.Today.AddDays(2).ToString("yyyy-MM-dd") }, JsonStyle.MinimalApi)
                .ToUrl($"/api/cases/{caseId}/steunkring/members");
            s.StatusCodeShouldBe(400);
        });
        future.Json().GetProperty("errors").GetProperty("joinedOn")[0].GetString().ShouldBe("Lid sinds kan niet in de toekomst liggen.");
    }

    [Fact]
    public async Task dutch_messages_say_je_name_the_label_and_write_dates_in_words()
    {
        var caseId = await Host.OpenCase(); // opened 2026-09-01
        async Task<string> Dutch(string url, object body, string field)
        {
            var result = await Host.Scenario(s =>
            {
                s.WithBearerToken(AppFixture.Token());
                s.WithRequestHeader("Accept-Language", "nl");
                s.Post.Json(body, JsonStyle.MinimalApi).ToUrl(url);
                s.StatusCodeShouldBe(400);
            });
            return result.Json().GetProperty("errors").GetProperty(field)[0].GetString()!;
        }

        (await Dutch($"/api/cases/{caseId}/steunkring/members", new { name = new string('x', 201), relation = "family" }, "name"))
            .ShouldBe("Naam mag hoogstens 200 tekens hebben; je hebt er 201.");
        (await Dutch($"/api/cases/{caseId}/steunkring/members", new { name = "Oma", relation = "family", joinedOn = "2026-08-01" }, "joinedOn"))
            .ShouldBe("Lid sinds kan niet vóór de start van het dossier liggen (1 september 2026).");
        (await Dutch($"/api/cases/{caseId}/steunkring/members", new { name = "Oma", relation = "family", userId = "p-bert" }, "userId"))
            .ShouldBe("Alleen een professional in de steunkring kan een collega met een account zijn.");
        var checkIn = CaseApi.CheckIn(heldOn: AppFixture.Today.ToString("yyyy-MM-dd"));
        ((List<object>)checkIn["scores"]!)[0] = new { respondentId = "r1", question = "omgang", value = 11.0 };
        var score = await Dutch($"/api/cases/{caseId}/check-ins", checkIn, "scores[0].value");
        score.ShouldStartWith("Score ");
        score.ShouldNotContain("U ");
        score.ShouldNotContain("'");
    }
}
