using System.Text.Json;
using SamenSterker.Tests.Support;
using Shouldly;

namespace SamenSterker.Tests.Steunkring;

/// <summary>
/// The steunkring process of seed 001 through the API: members spoken with before the first meeting, meetings planned
/// where the client chooses, the agenda prepared with the client, who came, and the plan's agreements reviewed at the
/// next meeting as a check-in reviews its agreement. The fixture's today is 2026-11-23.
/// </summary>
public sealed class SteunkringProcessTests(AppFixture app) : ApiTest(app)
{
    private async Task<(Guid CaseId, Guid Oma, Guid Buurman)> CaseWithTwoMembers(bool procesbegeleider = true)
    {
        var caseId = await Host.OpenCase();
        var oma = (await Host.Send(HttpMethod.Post, $"/api/cases/{caseId}/steunkring/members", new { name = "Oma Jansen", relation = "family" }, expect: 201))
            .Json().GetProperty("memberId").GetGuid();
        var buurman = (await Host.Send(HttpMethod.Post, $"/api/cases/{caseId}/steunkring/members", new { name = "Buurman Kees", relation = "neighbour" }, expect: 201))
            .Json().GetProperty("memberId").GetGuid();
        if (procesbegeleider)
            await Host.Send(HttpMethod.Put, $"/api/cases/{caseId}/steunkring/procesbegeleider", new { procesbegeleider = "p-dirk" }, expect: 200);
        return (caseId, oma, buurman);
    }

    private async Task<JsonElement> Process(Guid caseId) => (await Host.Send(HttpMethod.Get, $"/api/cases/{caseId}/steunkring", expect: 200)).Json();

    [Fact]
    public async Task from_the_first_intake_to_the_review_of_the_plans_agreements()
    {
        var (caseId, oma, buurman) = await CaseWithTwoMembers();
        await Host.Send(HttpMethod.Post, $"/api/cases/{caseId}/steunkring/intakes",
            new { memberId = oma, heldOn = "2026-11-20", howTheyCanHelp = "Woensdag oppassen", sharedHistory = "Altijd dichtbij" }, expect: 201);

        // Planned at the client's kitchen table, Wednesday evening; the page says who is still to be spoken with.
        var meetingId = (await Host.Send(HttpMethod.Post, $"/api/cases/{caseId}/steunkring/planned-meetings",
            new { on = "2026-12-02", at = "19:30", place = "Thuis bij Sara" }, expect: 201)).Json().GetProperty("meetingId").GetGuid();
        var planned = (await Process(caseId)).GetProperty("planned").EnumerateArray().Single();
        planned.GetProperty("meetingId").GetGuid().ShouldBe(meetingId);
        planned.GetProperty("at").GetString().ShouldStartWith("19:30");
        planned.GetProperty("place").GetString().ShouldBe("Thuis bij Sara");
        planned.GetProperty("isFirst").GetBoolean().ShouldBeTrue();
        planned.GetProperty("notYetSpokenWith").EnumerateArray().Select(n => n.GetString()).ShouldBe(["Buurman Kees"]);
        var members = (await Process(caseId)).GetProperty("members").EnumerateArray().ToList();
        members.Single(m => m.GetProperty("memberId").GetGuid() == oma).GetProperty("intakeOn").GetString().ShouldBe("2026-11-20");
        members.Single(m => m.GetProperty("memberId").GetGuid() == buurman).GetProperty("intakeOn").ValueKind.ShouldBe(JsonValueKind.Null);

        // Moved to today, at the community centre, the agenda prepared with the client (every version kept as a fact).
        await Host.Send(HttpMethod.Put, $"/api/cases/{caseId}/steunkring/planned-meetings/{meetingId}",
            new { on = "2026-11-23", at = "19:00", place = "Buurthuis De Schakel" }, expect: 200);
        await Host.Send(HttpMethod.Put, $"/api/cases/{caseId}/steunkring/planned-meetings/{meetingId}/agenda",
            new { items = new[] { "Wat wil ik?" } }, expect: 200);
        await Host.Send(HttpMethod.Put, $"/api/cases/{caseId}/steunkring/planned-meetings/{meetingId}/agenda",
            new { items = new[] { "Wat wil ik?", "Vervoer naar school" } }, expect: 200);
        await Host.Send(HttpMethod.Post, $"/api/cases/{caseId}/steunkring/intakes", new { memberId = buurman, heldOn = "2026-11-22", howTheyCanHelp = "Rijdt naar school" }, expect: 201);
        // A talk with nothing written of it is refused: one tap on the wrong button does not mark someone spoken with.
        (await Host.Send(HttpMethod.Post, $"/api/cases/{caseId}/steunkring/intakes", new { memberId = buurman, heldOn = "2026-11-22", howTheyCanHelp = " " }, expect: 400))
            .ShouldNameField("howTheyCanHelp");
        planned = (await Process(caseId)).GetProperty("planned").EnumerateArray().Single();
        planned.GetProperty("on").GetString().ShouldBe("2026-11-23");
        planned.GetProperty("agenda").EnumerateArray().Select(a => a.GetString()).ShouldBe(["Wat wil ik?", "Vervoer naar school"]);
        planned.GetProperty("notYetSpokenWith").GetArrayLength().ShouldBe(0);

        // Held that evening: the prepared agenda, Oma came, Kees did not.
        await Host.Send(HttpMethod.Post, $"/api/cases/{caseId}/steunkring/meetings", new
        {
            meetingId, heldOn = "2026-11-23", attended = new[] { oma },
            agreements = new[] { new { what = "Oma haalt Sem woensdag van school", who = "Oma", byWhen = "2026-12-20" } },
        }, expect: 201);
        var process = await Process(caseId);
        process.GetProperty("planned").GetArrayLength().ShouldBe(0);
        var held = process.GetProperty("held").EnumerateArray().Single();
        held.GetProperty("meetingId").GetGuid().ShouldBe(meetingId);
        held.GetProperty("agenda").GetArrayLength().ShouldBe(2);
        held.GetProperty("attended").EnumerateArray().Select(a => a.GetString()).ShouldBe(["Oma Jansen"]);
        held.GetProperty("absent").EnumerateArray().Select(a => a.GetString()).ShouldBe(["Buurman Kees"]);
        var open = process.GetProperty("openAgreements").EnumerateArray().Single();
        var agreementId = open.GetProperty("agreementId").GetGuid();

        // The next meeting cannot skip the plan: every open agreement is reviewed first.
        var next = (await Host.Send(HttpMethod.Post, $"/api/cases/{caseId}/steunkring/meetings",
            new { heldOn = "2026-11-23", agenda = new[] { "Hoe ging het?" } }, expect: 409));
        next.Detail().ShouldContain("Review the plan's agreements first");
        await Host.Send(HttpMethod.Post, $"/api/cases/{caseId}/steunkring/meetings", new
        {
            heldOn = "2026-11-23", agenda = new[] { "Hoe ging het?" }, attended = new[] { oma, buurman },
            reviews = new[] { new { agreementId, outcome = "partly", note = "Twee van de drie woensdagen" } },
        }, expect: 201);
        process = await Process(caseId);
        process.GetProperty("openAgreements").GetArrayLength().ShouldBe(0);
        var first = process.GetProperty("held").EnumerateArray().Single(m => m.GetProperty("meetingId").GetGuid() == meetingId);
        var reviewed = first.GetProperty("agreements").EnumerateArray().Single();
        reviewed.GetProperty("outcome").GetString().ShouldBe("partly");
        reviewed.GetProperty("note").GetString().ShouldBe("Twee van de drie woensdagen");

        // The timeline says each step.
        var timeline = (await Host.Send(HttpMethod.Get, $"/api/cases/{caseId}/timeline?take=100", expect: 200)).ReadAsText();
        timeline.ShouldContain("Steunkring meeting planned on 2026-12-02 at 19:30");
        timeline.ShouldContain("Agenda of the steunkring meeting prepared with the client: 2 item(s)");
        timeline.ShouldContain("Agreement of the steunkring's plan reviewed: partly achieved");
    }

    [Fact]
    public async Task planning_needs_a_procesbegeleider_a_day_not_past_and_a_place()
    {
        var (caseId, _, _) = await CaseWithTwoMembers(procesbegeleider: false);
        (await Host.Send(HttpMethod.Post, $"/api/cases/{caseId}/steunkring/planned-meetings", new { on = "2026-12-02", place = "Thuis" }, expect: 409))
            .Detail().ShouldContain("procesbegeleider");
        await Host.Send(HttpMethod.Put, $"/api/cases/{caseId}/steunkring/procesbegeleider", new { procesbegeleider = "p-dirk" }, expect: 200);

        (await Host.Send(HttpMethod.Post, $"/api/cases/{caseId}/steunkring/planned-meetings", new { on = "2026-11-22", place = "Thuis" }, expect: 400))
            .ShouldNameField("on");
        (await Host.Send(HttpMethod.Post, $"/api/cases/{caseId}/steunkring/planned-meetings", new { on = "2026-12-02", place = "" }, expect: 400))
            .ShouldNameField("place");
        (await Host.Send(HttpMethod.Post, $"/api/cases/{caseId}/steunkring/planned-meetings", new { on = "2026-12-02", at = "25:00", place = "Thuis" }, expect: 400))
            .ShouldNameField("at");
        (await Host.Send(HttpMethod.Post, $"/api/cases/{caseId}/steunkring/planned-meetings", new { on = "2040-01-01", place = "Thuis" }, expect: 400))
            .ShouldNameField("on");
        // Moving or preparing a meeting that is not planned: 404; an empty agenda: 400.
        await Host.Send(HttpMethod.Put, $"/api/cases/{caseId}/steunkring/planned-meetings/{Guid.NewGuid()}", new { on = "2026-12-02", place = "Thuis" }, expect: 404);
        await Host.Send(HttpMethod.Put, $"/api/cases/{caseId}/steunkring/planned-meetings/{Guid.NewGuid()}/agenda", new { items = new[] { "x" } }, expect: 404);
        var meetingId = (await Host.Send(HttpMethod.Post, $"/api/cases/{caseId}/steunkring/planned-meetings", new { on = "2026-12-02", place = "Thuis" }, expect: 201))
            .Json().GetProperty("meetingId").GetGuid();
        (await Host.Send(HttpMethod.Put, $"/api/cases/{caseId}/steunkring/planned-meetings/{meetingId}/agenda", new { items = Array.Empty<string>() }, expect: 400))
            .ShouldNameField("items");
        (await Host.Send(HttpMethod.Put, $"/api/cases/{caseId}/steunkring/planned-meetings/{meetingId}/agenda", new { items = new[] { "ok", " " } }, expect: 400))
            .ShouldNameField("items[1]");
        // A planned meeting without a prepared agenda is held with one, or refused naming the agenda.
        (await Host.Send(HttpMethod.Post, $"/api/cases/{caseId}/steunkring/meetings", new { meetingId, heldOn = "2026-11-23" }, expect: 400))
            .ShouldNameField("agenda");
        (await Host.Send(HttpMethod.Post, $"/api/cases/{caseId}/steunkring/meetings", new { meetingId = Guid.NewGuid(), heldOn = "2026-11-23", agenda = new[] { "x" } }, expect: 400))
            .ShouldNameField("meetingId");
    }

    [Fact]
    public async Task a_review_of_an_unknown_agreement_or_without_an_outcome_is_refused_and_nothing_is_stored()
    {
        var (caseId, oma, _) = await CaseWithTwoMembers();
        await Host.Send(HttpMethod.Post, $"/api/cases/{caseId}/steunkring/meetings", new
        {
            heldOn = "2026-11-21", agenda = new[] { "Kennismaken" }, attended = new[] { oma },
            agreements = new[] { new { what = "Oma belt de school", who = "Oma", byWhen = "2026-12-01" } },
        }, expect: 201);
        var agreementId = (await Process(caseId)).GetProperty("openAgreements")[0].GetProperty("agreementId").GetGuid();
        var version = (await Host.GetCase(caseId)).GetProperty("version").GetInt64();

        (await Host.Send(HttpMethod.Post, $"/api/cases/{caseId}/steunkring/meetings", new
        {
            heldOn = "2026-11-23", agenda = new[] { "x" }, reviews = new[] { new { agreementId = Guid.NewGuid(), outcome = "achieved" } },
        }, expect: 400)).ShouldNameField("reviews[0].agreementId");
        (await Host.Send(HttpMethod.Post, $"/api/cases/{caseId}/steunkring/meetings", new
        {
            heldOn = "2026-11-23", agenda = new[] { "x" }, reviews = new[] { new { agreementId, outcome = "great" } },
        }, expect: 400)).ShouldNameField("reviews[0].outcome");
        (await Host.Send(HttpMethod.Post, $"/api/cases/{caseId}/steunkring/meetings", new
        {
            heldOn = "2026-11-23", agenda = new[] { "x" },
            reviews = new[] { new { agreementId, outcome = "achieved" }, new { agreementId, outcome = "partly" } },
        }, expect: 400)).ShouldNameField("reviews[1].agreementId");
        (await Host.GetCase(caseId)).GetProperty("version").GetInt64().ShouldBe(version);
    }

    [Fact]
    public async Task the_core_questions_are_the_clients_own_goals_and_every_version_is_kept()
    {
        var caseId = await Host.OpenCase();
        await Host.Send(HttpMethod.Post, $"/api/cases/{caseId}/core-questions",
            new { answeredOn = "2026-10-01", watWilIk = "Rust in huis", watKanIk = "Koken", watHebIkNodig = "Hulp bij de post" }, expect: 201);
        await Host.Send(HttpMethod.Post, $"/api/cases/{caseId}/core-questions",
            new { watWilIk = "Weer werken", watKanIk = "Koken en plannen", watHebIkNodig = "Iemand die meegaat naar het UWV" },
            token: AppFixture.Token(sub: "p-anna"), expect: 201);

        var versions = (await Process(caseId)).GetProperty("coreQuestions").EnumerateArray().ToList();
        versions.Count.ShouldBe(2);
        versions[0].GetProperty("watWilIk").GetString().ShouldBe("Weer werken");
        versions[0].GetProperty("answeredOn").GetString().ShouldBe("2026-11-23");
        versions[0].GetProperty("by").GetString().ShouldBe("p-anna");
        versions[1].GetProperty("watWilIk").GetString().ShouldBe("Rust in huis");
    }

    [Fact]
    public async Task a_closed_case_plans_no_meeting()
    {
        var (caseId, _, _) = await CaseWithTwoMembers();
        await Host.Send(HttpMethod.Post, $"/api/cases/{caseId}/close", new { closedOn = "2026-11-23", reason = "Klaar" }, expect: 200);
        await Host.Send(HttpMethod.Post, $"/api/cases/{caseId}/steunkring/planned-meetings", new { on = "2026-12-02", place = "Thuis" }, expect: 409);
    }
}
