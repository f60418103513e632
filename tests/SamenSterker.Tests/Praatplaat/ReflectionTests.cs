using SamenSterker.Access;
using SamenSterker.Tests.Support;
using Shouldly;

namespace SamenSterker.Tests.Praatplaat;

/// <summary>The Praatplaat (issue 23, seed 002): a reflection ends in one concrete step, which comes back at the next one.</summary>
public sealed class ReflectionTests(AppFixture app) : ApiTest(app)
{
    private static object Reflection(string step, object? previous = null, Dictionary<string, string>? answers = null, string? setting = null) =>
        new { setting, answers = answers ?? new Dictionary<string, string> { ["1"] = "Dat opa er steeds bij is" }, nextStep = step, previousStep = previous };

    [Fact]
    public async Task a_reflection_with_the_family_ends_in_a_step_that_the_next_one_looks_back_on()
    {
        var caseId = await Host.OpenCase();
        var url = $"/api/cases/{caseId}/praatplaat-reflections";
        var first = (await Host.Send(HttpMethod.Post, url, Reflection("Noor vragen wie ze bij het gesprek wil"), expect: 201)).Json()
            .GetProperty("reflectionId").GetGuid();

        // The step comes back: a new reflection first says how it went.
        (await Host.Send(HttpMethod.Post, url, Reflection("Oma uitnodigen"), expect: 400)).ShouldNameField("previousStep");
        (await Host.Send(HttpMethod.Post, url, Reflection("Oma uitnodigen", new { reflectionId = Guid.NewGuid(), outcome = "taken" }), expect: 400))
            .ShouldNameField("previousStep.reflectionId");
        (await Host.Send(HttpMethod.Post, url, Reflection("Oma uitnodigen", new { reflectionId = first }), expect: 400))
            .ShouldNameField("previousStep.outcome");
        await Host.Send(HttpMethod.Post, url, Reflection("Oma uitnodigen", new { reflectionId = first, outcome = "partly", note = "Ze wil, maar niet op school" }),
            expect: 201);

        var read = await Host.Get(url);
        read.GetProperty("openStep").GetProperty("step").GetString().ShouldBe("Oma uitnodigen");
        var held = read.GetProperty("held").EnumerateArray().ToList();
        held.Count.ShouldBe(2);
        held[0].GetProperty("previousStep").GetProperty("outcome").GetString().ShouldBe("partly");
        held[1].GetProperty("answers").GetProperty("1").GetString().ShouldBe("Dat opa er steeds bij is");
        held[1].GetProperty("recordedBy").GetString().ShouldBe("p-anna");
        (await Host.Get($"/api/cases/{caseId}/timeline")).ToString().ShouldContain("Praatplaat");
    }

    [Fact]
    public async Task bad_reflections_are_refused_by_name_and_only_who_records_the_case_writes_there()
    {
        var caseId = await Host.OpenCase();
        var url = $"/api/cases/{caseId}/praatplaat-reflections";
        (await Host.Send(HttpMethod.Post, url, Reflection(""), expect: 400)).ShouldNameField("nextStep");
        (await Host.Send(HttpMethod.Post, url, Reflection("Stap", answers: new() { ["5"] = "Er zijn maar vier vragen met het gezin" }), expect: 400))
            .ShouldNameField("answers");
        (await Host.Send(HttpMethod.Post, url, Reflection("Stap", setting: "colleagues"), expect: 400)).ShouldNameField("setting");
        (await Host.Send(HttpMethod.Post, url, Reflection("Stap", new { reflectionId = Guid.NewGuid(), outcome = "taken" }), expect: 400))
            .ShouldNameField("previousStep");
        await Host.Send(HttpMethod.Post, url, Reflection("Stap"), token: AppFixture.Token(Roles.Auditor, "a-ada", null), expect: 403);
        await Host.Send(HttpMethod.Post, url, Reflection("Stap"), token: AppFixture.Token(sub: "p-zara", team: "zuid"), expect: 404);
        (await Host.GetCase(caseId)).GetProperty("version").GetInt64().ShouldBe(1);
    }

    [Fact]
    public async Task a_teams_reflections_are_shared_by_its_members_and_ones_own_are_ones_own()
    {
        var anna = AppFixture.Token(sub: "p-anna");
        var tom = AppFixture.Token(Roles.TeamLead, "t-tom");
        var zara = AppFixture.Token(sub: "p-zara", team: "zuid");
        const string me = "/api/me/praatplaat-reflections";
        var intervisie = (await Host.Send(HttpMethod.Post, me, Reflection("Elke casus begint met het netwerk", setting: "colleagues",
            answers: new() { ["10"] = "Als elk gezin zijn mensen kan noemen" }), token: anna, expect: 201)).Json().GetProperty("reflectionId").GetGuid();

        // Tom, of the same team, sees it and his reflection looks back on its step; team zuid has its own.
        var team = await Host.Get($"{me}?setting=colleagues", "teamlead");
        team.GetProperty("openStep").GetProperty("reflectionId").GetGuid().ShouldBe(intervisie);
        (await Host.Send(HttpMethod.Post, me, Reflection("Netwerkkaart bij elke intake", setting: "colleagues"), token: tom, expect: 400)).ShouldNameField("previousStep");
        await Host.Send(HttpMethod.Post, me, Reflection("Netwerkkaart bij elke intake", new { reflectionId = intervisie, outcome = "taken" }, setting: "colleagues"),
            token: tom, expect: 201);
        await Host.Send(HttpMethod.Post, me, Reflection("Eerst zelf", setting: "colleagues"), token: zara, expect: 201);

        // Alone: Anna's own log, nobody else's.
        await Host.Send(HttpMethod.Post, me, Reflection("Mijn eigen netwerk eens tekenen", setting: "alone"), token: anna, expect: 201);
        (await Host.Send(HttpMethod.Get, $"{me}?setting=alone", token: tom, expect: 200)).Json().GetProperty("held").GetArrayLength().ShouldBe(0);
        (await Host.Send(HttpMethod.Get, $"{me}?setting=alone", token: anna, expect: 200)).Json().GetProperty("held").GetArrayLength().ShouldBe(1);
        (await Host.Send(HttpMethod.Post, me, Reflection("x", setting: "family"), token: anna, expect: 400)).ShouldNameField("setting");
        await Host.Send(HttpMethod.Post, me, Reflection("x", setting: "alone"), token: AppFixture.Token(Roles.Auditor, "a-ada", null), expect: 403);
    }
}
