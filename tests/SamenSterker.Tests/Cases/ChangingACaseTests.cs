using Marten;
using SamenSterker.Cases;
using SamenSterker.Tests.Support;
using Shouldly;

namespace SamenSterker.Tests.Cases;

public sealed class ChangingACaseTests(AppFixture app) : ApiTest(app)
{
    [Fact]
    public async Task changed_check_in_moments_move_the_next_due_date()
    {
        var caseId = await Host.OpenCase(CaseApi.NewCase(openedOn: "2026-09-01", firstOn: null));
        (await Host.GetCase(caseId)).GetProperty("nextCheckInDue").GetString().ShouldBe("2026-12-01");

        var result = await Host.Send(HttpMethod.Put, $"/api/cases/{caseId}/check-in-moments",
            new { intervalMonths = 6, onNewFamilyPlan = false }, expect: 200);

        result.ETag().ShouldBe("\"2\"");
        var c = await Host.GetCase(caseId);
        c.GetProperty("checkInMoments").GetProperty("intervalMonths").GetInt32().ShouldBe(6);
        c.GetProperty("nextCheckInDue").GetString().ShouldBe("2027-03-01");
    }

    [Fact]
    public async Task check_in_moments_of_zero_months_are_refused()
    {
        var caseId = await Host.OpenCase();

        (await Host.Send(HttpMethod.Put, $"/api/cases/{caseId}/check-in-moments", new { intervalMonths = 0 }, expect: 400))
            .ShouldNameField("intervalMonths");
    }

    [Fact]
    public async Task a_new_family_plan_makes_a_check_in_due_within_fourteen_days()
    {
        var caseId = await Host.OpenCase(CaseApi.NewCase(openedOn: "2026-09-01", firstOn: "2027-01-15"));

        var result = await Host.Send(HttpMethod.Post, $"/api/cases/{caseId}/family-plans",
            new { setOn = "2026-11-10", summary = "Nieuw gezinsplan: school en thuis" }, expect: 201);

        result.Json().GetProperty("familyPlanId").GetGuid().ShouldNotBe(Guid.Empty);
        var c = await Host.GetCase(caseId);
        c.GetProperty("nextCheckInDue").GetString().ShouldBe("2026-11-24");
        c.GetProperty("nextCheckInReason").GetString().ShouldBe("familyPlan");
        c.GetProperty("latestFamilyPlanOn").GetString().ShouldBe("2026-11-10");
    }

    [Fact]
    public async Task a_family_plan_without_summary_or_date_is_refused()
    {
        var caseId = await Host.OpenCase();

        var result = await Host.Send(HttpMethod.Post, $"/api/cases/{caseId}/family-plans", new { }, expect: 400);

        result.ShouldNameField("setOn");
        result.ShouldNameField("summary");
    }

    [Fact]
    public async Task handing_over_casusregie_is_a_fact_in_the_history()
    {
        var caseId = await Host.OpenCase();

        await Host.Send(HttpMethod.Put, $"/api/cases/{caseId}/roles", new { casusregie = "p-bert", procesregie = "p-carla" }, expect: 200);

        var c = await Host.GetCase(caseId);
        c.GetProperty("roles").GetProperty("casusregie").GetString().ShouldBe("p-bert");
        c.GetProperty("roles").GetProperty("procesregie").GetString().ShouldBe("p-carla");
        await using var session = App.Store.QuerySession();
        var handOver = (await session.Events.FetchStreamAsync(caseId)).Select(e => e.Data).OfType<RoleAssigned>().First();
        handOver.ShouldBe(new RoleAssigned(CaseRole.Casusregie, "p-bert", "p-anna"));
    }

    [Fact]
    public async Task assigning_roles_to_who_already_holds_them_appends_nothing()
    {
        var caseId = await Host.OpenCase();

        var result = await Host.Send(HttpMethod.Put, $"/api/cases/{caseId}/roles", new { casusregie = "p-anna" }, expect: 200);

        result.ETag().ShouldBe("\"1\"");
    }

    [Fact]
    public async Task a_roles_request_naming_no_role_is_refused()
    {
        var caseId = await Host.OpenCase();

        (await Host.Send(HttpMethod.Put, $"/api/cases/{caseId}/roles", new { }, expect: 400)).ShouldNameField("body");
    }

    [Fact]
    public async Task a_closed_case_refuses_every_write_with_409()
    {
        var caseId = await Host.OpenCase();
        await Host.Send(HttpMethod.Post, $"/api/cases/{caseId}/close", new { closedOn = "2026-11-22", reason = "Doelen bereikt" }, expect: 200);

        var checkIn = await Host.Send(HttpMethod.Post, $"/api/cases/{caseId}/check-ins", CaseApi.CheckIn(), expect: 409);
        checkIn.Detail().ShouldContain("closed on 2026-11-22");
        await Host.Send(HttpMethod.Post, $"/api/cases/{caseId}/steunkring/members", new { name = "Oma", relation = "family" }, expect: 409);
        await Host.Send(HttpMethod.Put, $"/api/cases/{caseId}/roles", new { casusregie = "p-bert" }, expect: 409);
        await Host.Send(HttpMethod.Post, $"/api/cases/{caseId}/close", new { closedOn = "2026-11-23", reason = "Nog eens" }, expect: 409);

        var c = await Host.GetCase(caseId);
        c.GetProperty("closed").GetBoolean().ShouldBeTrue();
        c.GetProperty("closedOn").GetString().ShouldBe("2026-11-22");
        c.GetProperty("nextCheckInDue").ValueKind.ShouldBe(System.Text.Json.JsonValueKind.Null);
        c.GetProperty("version").GetInt64().ShouldBe(2);
    }

    [Fact]
    public async Task closing_without_a_reason_is_refused()
    {
        var caseId = await Host.OpenCase();

        (await Host.Send(HttpMethod.Post, $"/api/cases/{caseId}/close", new { closedOn = "2026-11-22" }, expect: 400)).ShouldNameField("reason");
    }

    [Fact]
    public async Task every_write_to_an_unknown_case_is_404()
    {
        var unknown = Guid.NewGuid();

        await Host.Send(HttpMethod.Put, $"/api/cases/{unknown}/check-in-moments", new { intervalMonths = 3 }, expect: 404);
        await Host.Send(HttpMethod.Post, $"/api/cases/{unknown}/family-plans", new { setOn = "2026-11-01", summary = "x" }, expect: 404);
        await Host.Send(HttpMethod.Put, $"/api/cases/{unknown}/roles", new { casusregie = "p-bert" }, expect: 404);
        await Host.Send(HttpMethod.Post, $"/api/cases/{unknown}/close", new { closedOn = "2026-11-01", reason = "x" }, expect: 404);
    }
}
