using Marten;
using SamenSterker.Steunkring;
using SamenSterker.Tests.Support;
using Shouldly;

namespace SamenSterker.Tests.Steunkring;

public sealed class SteunkringTests(AppFixture app) : ApiTest(app)
{
    private async Task<(Guid caseId, Guid memberId)> CaseWithMember(string name = "Oma Jansen", string relation = "family")
    {
        var caseId = await Host.OpenCase();
        var added = await Host.Send(HttpMethod.Post, $"/api/cases/{caseId}/steunkring/members", new { name, relation }, expect: 201);
        return (caseId, added.Json().GetProperty("memberId").GetGuid());
    }

    [Fact]
    public async Task a_member_the_client_chose_joins_the_steunkring()
    {
        var caseId = await Host.OpenCase();

        var result = await Host.Send(HttpMethod.Post, $"/api/cases/{caseId}/steunkring/members",
            new { name = "Karin de Vries", relation = "professional", organisation = "Buurtteam Noord" }, expect: 201);

        var memberId = result.Json().GetProperty("memberId").GetGuid();
        result.Json().GetProperty("version").GetInt64().ShouldBe(2);
        var member = (await Host.GetCase(caseId)).GetProperty("steunkring").GetProperty("members").EnumerateArray().Single();
        member.GetProperty("memberId").GetGuid().ShouldBe(memberId);
        member.GetProperty("name").GetString().ShouldBe("Karin de Vries");
        member.GetProperty("relation").GetString().ShouldBe("professional");
        member.GetProperty("organisation").GetString().ShouldBe("Buurtteam Noord");
    }

    [Fact]
    public async Task a_member_with_an_unknown_relation_is_refused()
    {
        var caseId = await Host.OpenCase();

        (await Host.Send(HttpMethod.Post, $"/api/cases/{caseId}/steunkring/members", new { name = "X", relation = "colleague" }, expect: 400))
            .ShouldNameField("relation");
    }

    [Fact]
    public async Task a_member_leaves_with_a_reason()
    {
        var (caseId, memberId) = await CaseWithMember();

        await Host.Send(HttpMethod.Delete, $"/api/cases/{caseId}/steunkring/members/{memberId}", new { reason = "Verhuisd" }, expect: 200);

        (await Host.GetCase(caseId)).GetProperty("steunkring").GetProperty("members").GetArrayLength().ShouldBe(0);
        await using var session = App.Store.QuerySession();
        var left = (await session.Events.FetchStreamAsync(caseId)).Select(e => e.Data).OfType<SteunkringMemberLeft>().Single();
        left.Reason.ShouldBe("Verhuisd");
        left.LeftOn.ShouldBe(AppFixture.Today);
    }

    [Fact]
    public async Task a_member_can_leave_without_a_body_but_not_twice()
    {
        var (caseId, memberId) = await CaseWithMember();

        await Host.Send(HttpMethod.Delete, $"/api/cases/{caseId}/steunkring/members/{memberId}", expect: 200);

        await Host.Send(HttpMethod.Delete, $"/api/cases/{caseId}/steunkring/members/{memberId}", expect: 409);
    }

    [Fact]
    public async Task an_unknown_member_cannot_leave()
    {
        var caseId = await Host.OpenCase();

        await Host.Send(HttpMethod.Delete, $"/api/cases/{caseId}/steunkring/members/{Guid.NewGuid()}", expect: 404);
    }

    [Fact]
    public async Task the_procesbegeleider_is_assigned_and_shown()
    {
        var caseId = await Host.OpenCase();

        await Host.Send(HttpMethod.Put, $"/api/cases/{caseId}/steunkring/procesbegeleider", new { procesbegeleider = "p-dirk" }, expect: 200);

        (await Host.GetCase(caseId)).GetProperty("steunkring").GetProperty("procesbegeleider").GetString().ShouldBe("p-dirk");
    }

    [Fact]
    public async Task an_intake_is_held_with_a_member()
    {
        var (caseId, memberId) = await CaseWithMember();

        var result = await Host.Send(HttpMethod.Post, $"/api/cases/{caseId}/steunkring/intakes",
            new { memberId, heldOn = "2026-11-18", howTheyCanHelp = "Kan op woensdag oppassen", sharedHistory = "Kent het gezin al jaren" }, expect: 201);

        result.Json().GetProperty("intakeId").GetGuid().ShouldNotBe(Guid.Empty);
    }

    [Fact]
    public async Task an_intake_with_someone_outside_the_steunkring_is_refused()
    {
        var caseId = await Host.OpenCase();

        (await Host.Send(HttpMethod.Post, $"/api/cases/{caseId}/steunkring/intakes",
            new { memberId = Guid.NewGuid(), heldOn = "2026-11-18", howTheyCanHelp = "Oppassen" }, expect: 400)).ShouldNameField("memberId");
    }

    [Fact]
    public async Task a_meeting_is_held_with_agenda_plan_and_attendees()
    {
        var (caseId, memberId) = await CaseWithMember();
        await Host.Send(HttpMethod.Put, $"/api/cases/{caseId}/steunkring/procesbegeleider", new { procesbegeleider = "p-dirk" }, expect: 200);

        var result = await Host.Send(HttpMethod.Post, $"/api/cases/{caseId}/steunkring/meetings", new
        {
            heldOn = "2026-11-21",
            agenda = new[] { "Wat wil ik?", "Wie helpt bij vervoer naar school" },
            agreements = new[] { new { what = "Oma brengt Sem op woensdag", who = "Oma", byWhen = "2026-12-31" } },
            attended = new[] { memberId },
        }, expect: 201);

        result.Json().GetProperty("meetingId").GetGuid().ShouldNotBe(Guid.Empty);
        await using var session = App.Store.QuerySession();
        var meeting = (await session.Events.FetchStreamAsync(caseId)).Select(e => e.Data).OfType<SteunkringMeetingHeld>().Single();
        meeting.Agenda.Count.ShouldBe(2);
        meeting.AttendedMemberIds.ShouldBe([memberId]);
        meeting.ClientAttended.ShouldBeTrue();
    }

    [Fact]
    public async Task a_meeting_before_a_procesbegeleider_is_assigned_is_a_409()
    {
        var (caseId, _) = await CaseWithMember();

        var result = await Host.Send(HttpMethod.Post, $"/api/cases/{caseId}/steunkring/meetings",
            new { heldOn = "2026-11-21", agenda = new[] { "Kennismaken" } }, expect: 409);

        result.Detail().ShouldContain("procesbegeleider");
    }

    [Fact]
    public async Task a_meeting_with_an_attendee_outside_the_steunkring_or_no_agenda_is_refused()
    {
        var (caseId, _) = await CaseWithMember();
        await Host.Send(HttpMethod.Put, $"/api/cases/{caseId}/steunkring/procesbegeleider", new { procesbegeleider = "p-dirk" }, expect: 200);

        (await Host.Send(HttpMethod.Post, $"/api/cases/{caseId}/steunkring/meetings",
            new { heldOn = "2026-11-21", agenda = Array.Empty<string>() }, expect: 400)).ShouldNameField("agenda");
        (await Host.Send(HttpMethod.Post, $"/api/cases/{caseId}/steunkring/meetings",
            new { heldOn = "2026-11-21", agenda = new[] { "x" }, attended = new[] { Guid.NewGuid() } }, expect: 400)).ShouldNameField("attended[0]");
    }

    [Fact]
    public async Task the_clients_core_questions_are_kept_on_the_case()
    {
        var caseId = await Host.OpenCase();

        await Host.Send(HttpMethod.Post, $"/api/cases/{caseId}/core-questions",
            new { watWilIk = "Weer rust in huis", watKanIk = "Koken en plannen", watHebIkNodig = "Hulp bij de post" }, expect: 201);

        var core = (await Host.GetCase(caseId)).GetProperty("steunkring").GetProperty("coreQuestions");
        core.GetProperty("watWilIk").GetString().ShouldBe("Weer rust in huis");
        core.GetProperty("answeredOn").GetString().ShouldBe("2026-11-23");
    }

    [Fact]
    public async Task core_questions_left_empty_are_refused()
    {
        var caseId = await Host.OpenCase();

        var result = await Host.Send(HttpMethod.Post, $"/api/cases/{caseId}/core-questions", new { watWilIk = "Rust" }, expect: 400);

        result.ShouldNameField("watKanIk");
        result.ShouldNameField("watHebIkNodig");
    }
}
