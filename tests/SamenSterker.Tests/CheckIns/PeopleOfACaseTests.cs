using System.Text.Json;
using SamenSterker.Cases;
using SamenSterker.CheckIns;
using SamenSterker.Tests.Support;
using Shouldly;

namespace SamenSterker.Tests.CheckIns;

/// <summary>
/// The client-side people of a case keep their ids for the life of the case: a check-in names who took part, a new person
/// is added once, and the trends follow persons, never a place in a list (issue 21).
/// </summary>
public sealed class PeopleOfACaseTests(AppFixture app) : ApiTest(app)
{
    private static Dictionary<string, object?> CheckIn(string heldOn, IEnumerable<object> respondents, IReadOnlyDictionary<string, double> values,
        IEnumerable<object>? reviews = null)
    {
        var scores = new List<object>();
        foreach (var q in CaseApi.Questions)
        {
            foreach (var (who, value) in values) scores.Add(new { respondentId = who, question = q, value });
            scores.Add(new { respondentId = "pro", question = q, value = 7.0 });
        }
        return new Dictionary<string, object?>
        {
            ["checkInId"] = Guid.NewGuid(), ["heldOn"] = heldOn, ["form"] = "line",
            ["respondents"] = respondents.Append(new { respondentId = "pro", side = "professional", role = "professional" }).ToArray(),
            ["scores"] = scores, ["reviews"] = (reviews ?? []).ToArray(),
            ["agreement"] = new { what = "Elke week bellen", who = "Anna", byWhen = "2027-01-15", howWeKnow = "Moeder weet wat er speelt" },
        };
    }

    private async Task<object[]> ReviewsOf(Guid caseId) =>
        (await Host.GetCase(caseId)).GetProperty("openAgreements").EnumerateArray()
            .Select(a => (object)new { agreementId = a.GetProperty("agreementId").GetGuid(), outcome = "achieved" }).ToArray();

    private static JsonElement Omgang(JsonElement trends) =>
        trends.GetProperty("questions").EnumerateArray().Single(q => q.GetProperty("question").GetString() == "omgang");

    [Fact]
    public async Task a_client_side_respondent_becomes_a_person_of_the_case_once_and_answers_again_by_id()
    {
        var caseId = await Host.OpenCase();
        var first = (await Host.Send(HttpMethod.Post, $"/api/cases/{caseId}/check-ins",
            CheckIn("2026-10-01", [new { respondentId = "r1", side = "client", role = "parent", label = "moeder" }], new Dictionary<string, double> { ["r1"] = 8.0 }),
            expect: 201)).Json();
        var mother = first.GetProperty("people").EnumerateArray().Single().GetProperty("personId").GetGuid();

        var people = (await Host.GetCase(caseId)).GetProperty("people").EnumerateArray().ToList();
        people.Single().GetProperty("personId").GetGuid().ShouldBe(mother);
        people.Single().GetProperty("name").GetString().ShouldBe("moeder");
        people.Single().GetProperty("role").GetString().ShouldBe("parent");

        // The second time by her id alone: her name, role and form are the case's.
        await Host.Send(HttpMethod.Post, $"/api/cases/{caseId}/check-ins",
            CheckIn("2026-11-01", [new { respondentId = "x", side = "client", personId = mother }], new Dictionary<string, double> { ["x"] = 5.0 },
                await ReviewsOf(caseId)), expect: 201);
        await Projected();

        (await Host.GetCase(caseId)).GetProperty("people").GetArrayLength().ShouldBe(1);
        var line = Omgang(await Host.Get($"/api/cases/{caseId}/trends")).GetProperty("clientSide").EnumerateArray().Single();
        line.GetProperty("person").GetString().ShouldBe(mother.ToString());
        line.GetProperty("label").GetString().ShouldBe("moeder");
        line.GetProperty("points").EnumerateArray().Select(p => p.GetProperty("value").GetDouble()).ShouldBe([8.0, 5.0]);
    }

    [Fact]
    public async Task a_father_added_first_at_the_second_check_in_leaves_the_mothers_line_intact()
    {
        // The review of issue 21: the father entered first at the second check-in went into the mother's line and raised a signal.
        var caseId = await Host.OpenCase();
        await Host.Send(HttpMethod.Post, $"/api/cases/{caseId}/check-ins",
            CheckIn("2026-10-01", [new { respondentId = "r1", side = "client", role = "parent", label = "moeder" }], new Dictionary<string, double> { ["r1"] = 8.0 }),
            expect: 201);
        await Host.Send(HttpMethod.Post, $"/api/cases/{caseId}/check-ins",
            CheckIn("2026-11-01",
                [new { respondentId = "r1", side = "client", role = "parent", label = "vader" }, new { respondentId = "r2", side = "client", role = "parent", label = "moeder" }],
                new Dictionary<string, double> { ["r1"] = 3.0, ["r2"] = 7.5 }, await ReviewsOf(caseId)), expect: 201);
        await Projected();

        var omgang = Omgang(await Host.Get($"/api/cases/{caseId}/trends"));
        var lines = omgang.GetProperty("clientSide").EnumerateArray().ToDictionary(s => s.GetProperty("label").GetString()!,
            s => s.GetProperty("points").EnumerateArray().Select(p => p.GetProperty("value").GetDouble()).ToList());

        lines["moeder"].ShouldBe([8.0, 7.5]);
        lines["vader"].ShouldBe([3.0]);
        var signals = omgang.GetProperty("signals").EnumerateArray().Select(s => s.GetProperty("kind").GetString()).ToList();
        signals.ShouldNotContain("drop"); // 8.0 → 3.0 would be the mother against the father
        signals.ShouldContain("low"); // the father's own 3.0
        (await Host.GetCase(caseId)).GetProperty("people").GetArrayLength().ShouldBe(2);
    }

    [Fact]
    public async Task a_person_is_named_by_id_once_and_an_unknown_or_doubled_person_is_refused()
    {
        var caseId = await Host.OpenCase();
        var unknown = await Host.Send(HttpMethod.Post, $"/api/cases/{caseId}/check-ins",
            CheckIn("2026-10-01", [new { respondentId = "r1", side = "client", personId = Guid.NewGuid() }], new Dictionary<string, double> { ["r1"] = 8.0 }));
        unknown.ShouldNameField("respondents[0].personId");

        var first = (await Host.Send(HttpMethod.Post, $"/api/cases/{caseId}/check-ins",
            CheckIn("2026-10-01", [new { respondentId = "r1", side = "client", role = "parent", label = "Roos" }], new Dictionary<string, double> { ["r1"] = 8.0 }),
            expect: 201)).Json();
        var roos = first.GetProperty("people")[0].GetProperty("personId").GetGuid();
        var twice = await Host.Send(HttpMethod.Post, $"/api/cases/{caseId}/check-ins",
            CheckIn("2026-11-01", [new { respondentId = "a", side = "client", personId = roos }, new { respondentId = "b", side = "client", role = "child", label = "roos" }],
                new Dictionary<string, double> { ["a"] = 8.0, ["b"] = 6.0 }, await ReviewsOf(caseId)));
        twice.ShouldNameField("respondents[1].personId"); // "roos" is Roos: named twice
        var professionalAsPerson = await Host.Send(HttpMethod.Post, $"/api/cases/{caseId}/check-ins",
            new Dictionary<string, object?>(CheckIn("2026-11-01", [new { respondentId = "a", side = "client", personId = roos }], new Dictionary<string, double> { ["a"] = 8.0 },
                await ReviewsOf(caseId)))
            {
                ["respondents"] = new object[] { new { respondentId = "a", side = "client", personId = roos }, new { respondentId = "pro", side = "professional", role = "professional", personId = roos } },
            });
        professionalAsPerson.ShouldNameField("respondents[1].personId");
    }

    [Fact]
    public async Task the_same_name_is_the_same_person_and_a_retry_names_the_same_people()
    {
        var caseId = await Host.OpenCase();
        var body = CheckIn("2026-10-01", [new { respondentId = "r1", side = "client", role = "parent", label = "Moeder" }], new Dictionary<string, double> { ["r1"] = 8.0 });
        var first = (await Host.Send(HttpMethod.Post, $"/api/cases/{caseId}/check-ins", body, expect: 201)).Json();
        var retry = (await Host.Send(HttpMethod.Post, $"/api/cases/{caseId}/check-ins", body, expect: 201)).Json();
        retry.GetProperty("people").ToString().ShouldBe(first.GetProperty("people").ToString());

        var second = (await Host.Send(HttpMethod.Post, $"/api/cases/{caseId}/check-ins",
            CheckIn("2026-11-01", [new { respondentId = "m", side = "client", role = "parent", label = " moeder " }], new Dictionary<string, double> { ["m"] = 6.0 },
                await ReviewsOf(caseId)), expect: 201)).Json();

        second.GetProperty("people")[0].GetProperty("personId").GetGuid().ShouldBe(first.GetProperty("people")[0].GetProperty("personId").GetGuid());
        (await Host.GetCase(caseId)).GetProperty("people").GetArrayLength().ShouldBe(1);
    }

    [Fact]
    public async Task respondents_from_before_the_case_kept_its_people_are_lines_by_key_and_name_and_join_a_person_only_when_said()
    {
        // Check-ins stored before persons: the same key and name is one line; the same key with another name is someone else.
        var caseId = await Host.OpenCase();
        var (first, second) = (Guid.NewGuid(), Guid.NewGuid());
        await using (var session = App.Store.LightweightSession())
        {
            object[] Held(Guid id, string day, string label, double value) =>
            [
                new CheckInHeld(id, DateOnly.Parse(day), ScoreForm.Line,
                    [new Respondent("r1", RespondentSide.Client, RespondentRole.Parent, label, ScoreForm.Line),
                     new Respondent("pro", RespondentSide.Professional, RespondentRole.Professional, null, ScoreForm.Line)], "legacy-" + id),
                .. Enum.GetValues<Question>().SelectMany(q => new object[]
                {
                    new ScoreGiven(id, "r1", RespondentSide.Client, RespondentRole.Parent, q, ScoreForm.Line, value, null, null, null),
                    new ScoreGiven(id, "pro", RespondentSide.Professional, RespondentRole.Professional, q, ScoreForm.Line, 7.0, null, null, null),
                }),
            ];
            session.Events.Append(caseId, [.. Held(first, "2026-09-10", "moeder", 8.0), .. Held(second, "2026-10-10", "moeder", 7.0)]);
            await session.SaveChangesAsync();
        }

        // Now the mother answers with the person model, said to be the r1 of the latest check-in; a new father beside her.
        await Host.Send(HttpMethod.Post, $"/api/cases/{caseId}/check-ins",
            CheckIn("2026-11-10",
                [new { respondentId = "m", side = "client", role = "parent", label = "moeder", @continues = new { checkInId = second, respondentId = "r1" } },
                 new { respondentId = "v", side = "client", role = "parent", label = "vader" }],
                new Dictionary<string, double> { ["m"] = 6.0, ["v"] = 4.0 }), expect: 201);
        await Projected();

        var lines = Omgang(await Host.Get($"/api/cases/{caseId}/trends")).GetProperty("clientSide").EnumerateArray()
            .ToDictionary(s => s.GetProperty("label").GetString()!, s => s.GetProperty("points").EnumerateArray().Select(p => p.GetProperty("value").GetDouble()).ToList());
        lines["moeder"].ShouldBe([8.0, 7.0, 6.0]);
        lines["vader"].ShouldBe([4.0]);
    }
}
