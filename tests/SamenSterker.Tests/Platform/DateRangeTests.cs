using SamenSterker.Tests.Support;
using Shouldly;

namespace SamenSterker.Tests.Platform;

/// <summary>
/// Every date a request carries has a plausible range (none before 1900, planned dates at most five years
/// ahead, happened dates within the case's life): outside it, 400 naming the field, and nothing is stored.
/// Today in the tests is 2026-11-23; the case was opened on 2026-09-01.
/// </summary>
public sealed class DateRangeTests(AppFixture app) : ApiTest(app)
{
    public static TheoryData<string, string, string, string> Requests => new()
    {
        { "PUT", "check-in-moments", """{"intervalMonths": 3, "firstOn": "9999-12-31"}""", "firstOn" },
        { "PUT", "check-in-moments", """{"intervalMonths": 3, "firstOn": "0001-01-01"}""", "firstOn" },
        { "PUT", "check-in-moments", """{"intervalMonths": 3, "firstOn": "2031-11-24"}""", "firstOn" },
        { "PUT", "check-in-moments", """{"intervalMonths": 3, "firstOn": "2026-08-31"}""", "firstOn" },
        { "POST", "family-plans", """{"setOn": "0001-01-01", "summary": "x"}""", "setOn" },
        { "POST", "close", """{"closedOn": "1899-12-31", "reason": "x"}""", "closedOn" },
        { "POST", "steunkring/members", """{"name": "Oma", "relation": "family", "joinedOn": "0001-01-01"}""", "joinedOn" },
        { "POST", "alliance-feedback", """{"from": "client", "givenOn": "9999-12-31", "goesWell": "x"}""", "givenOn" },
        { "POST", "core-questions", """{"watWilIk": "a", "watKanIk": "b", "watHebIkNodig": "c", "answeredOn": "0001-01-01"}""", "answeredOn" },
    };

    [Theory]
    [MemberData(nameof(Requests))]
    public async Task a_date_outside_its_plausible_range_is_400_naming_the_field(string method, string endpoint, string json, string field)
    {
        var caseId = await Host.OpenCase();

        var result = await Host.Send(new HttpMethod(method), $"/api/cases/{caseId}/{endpoint}", rawJson: json);

        result.ShouldNameField(field);
        (await Host.GetCase(caseId)).GetProperty("version").GetInt64().ShouldBe(1);
    }

    [Theory]
    [InlineData("9999-12-31", "2026-11-20", "checkInMoments.firstOn")]
    [InlineData("0001-01-01", "2026-11-20", "checkInMoments.firstOn")]
    [InlineData("2026-12-01", "0001-01-01", "openedOn")]
    [InlineData("2026-12-01", "1899-12-31", "openedOn")]
    public async Task a_case_opened_with_an_implausible_date_is_400_naming_the_field(string firstOn, string openedOn, string field)
    {
        var result = await Host.Send(HttpMethod.Post, "/api/cases", CaseApi.NewCase(firstOn: firstOn, openedOn: openedOn));

        result.ShouldNameField(field);
    }

    [Theory]
    [InlineData("0001-01-01", "2027-01-15", "heldOn")]
    [InlineData("2026-11-20", "9999-12-31", "agreement.byWhen")]
    [InlineData("2026-11-20", "2031-11-24", "agreement.byWhen")]
    public async Task a_check_in_with_an_implausible_date_is_400_naming_the_field(string heldOn, string byWhen, string field)
    {
        var caseId = await Host.OpenCase();

        var result = await Host.Send(HttpMethod.Post, $"/api/cases/{caseId}/check-ins", CaseApi.CheckIn(heldOn: heldOn, byWhen: byWhen));

        result.ShouldNameField(field);
        (await Host.GetCase(caseId)).GetProperty("version").GetInt64().ShouldBe(1);
    }

    [Theory]
    [InlineData("to", "0001-01-01")]
    [InlineData("from", "9999-12-31")]
    public async Task a_dashboard_period_outside_the_plausible_range_is_400(string field, string date)
    {
        await Host.OpenCase();

        var result = await Host.Send(HttpMethod.Get, $"/api/teams/noord/dashboard?{field}={date}", token: AppFixture.Token("teamlead", "t-tom"));

        result.ShouldNameField(field);
    }

    [Fact]
    public async Task a_planned_date_five_years_ahead_is_still_accepted()
    {
        var caseId = await Host.OpenCase();

        await Host.Send(HttpMethod.Put, $"/api/cases/{caseId}/check-in-moments", new { intervalMonths = 3, firstOn = "2031-11-23" }, expect: 200);
    }
}
