using SamenSterker.Tests.Support;
using Shouldly;

namespace SamenSterker.Tests.Cases;

/// <summary>SLIM (issue 23, seed 004): the shared goal and approach of the professionals around a client, each change kept.</summary>
public sealed class SharedApproachTests(AppFixture app) : ApiTest(app)
{
    [Fact]
    public async Task casusregie_agrees_the_shared_goal_and_approach_and_every_version_is_kept()
    {
        var caseId = await Host.OpenCase();
        var url = $"/api/cases/{caseId}/shared-approach";
        await Host.Send(HttpMethod.Put, url, new { goal = "Sem gaat weer naar school", approach = "Eén plan; casusregie belt school wekelijks" }, expect: 200);
        var version = (await Host.GetCase(caseId)).GetProperty("version").GetInt64();
        // The same again changes nothing.
        await Host.Send(HttpMethod.Put, url, new { goal = "Sem gaat weer naar school", approach = "Eén plan; casusregie belt school wekelijks" }, expect: 200);
        (await Host.GetCase(caseId)).GetProperty("version").GetInt64().ShouldBe(version);
        await Host.Send(HttpMethod.Put, url, new { goal = "Sem gaat vier dagen naar school", approach = "Eén plan; oma brengt hem op maandag" }, expect: 200);

        var history = (await Host.Get(url)).EnumerateArray().ToList();
        history.Select(h => h.GetProperty("goal").GetString()).ShouldBe(["Sem gaat vier dagen naar school", "Sem gaat weer naar school"]);
        history[0].GetProperty("recordedBy").GetString().ShouldBe("p-anna");
        (await Host.Get($"/api/cases/{caseId}/timeline")).ToString().ShouldContain("SLIM");
    }

    [Fact]
    public async Task an_empty_goal_is_refused_by_name_and_only_casusregie_and_procesregie_agree_it()
    {
        var caseId = await Host.OpenCase();
        var url = $"/api/cases/{caseId}/shared-approach";
        (await Host.Send(HttpMethod.Put, url, new { goal = " ", approach = "x" }, expect: 400)).ShouldNameField("goal");
        (await Host.Send(HttpMethod.Put, url, new { goal = "Doel" }, expect: 400)).ShouldNameField("approach");
        (await Host.Send(HttpMethod.Put, url, new { goal = "Doel", approach = "Aanpak", agreedOn = AppFixture.Today.AddDays(2).ToString("yyyy-MM-dd") }, expect: 400))
            .ShouldNameField("agreedOn");
        await Host.Send(HttpMethod.Put, url, new { goal = "Doel", approach = "Aanpak" }, token: AppFixture.Token(sub: "p-carl"), expect: 403);
        await Host.Send(HttpMethod.Put, $"/api/cases/{Guid.NewGuid()}/shared-approach", new { goal = "Doel", approach = "Aanpak" }, expect: 404);
    }
}
