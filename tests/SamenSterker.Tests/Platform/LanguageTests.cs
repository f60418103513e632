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
        dutch.GetProperty("name")[0].GetString().ShouldBe("'name' mag niet leeg zijn.");

        var future = await Host.Scenario(s =>
        {
            s.WithBearerToken(AppFixture.Token());
            s.WithRequestHeader("Accept-Language", "nl");
            s.Post.Json(new { name = "Oma", relation = "family", joinedOn = AppFixture.Today.AddDays(2).ToString("yyyy-MM-dd") }, JsonStyle.MinimalApi)
                .ToUrl($"/api/cases/{caseId}/steunkring/members");
            s.StatusCodeShouldBe(400);
        });
        future.Json().GetProperty("errors").GetProperty("joinedOn")[0].GetString().ShouldBe("'joinedOn' kan niet in de toekomst liggen.");
    }
}
