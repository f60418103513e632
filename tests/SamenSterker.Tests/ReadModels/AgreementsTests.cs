using SamenSterker.Tests.Support;
using Shouldly;

namespace SamenSterker.Tests.ReadModels;

public sealed class AgreementsTests(AppFixture app) : ApiTest(app)
{
    [Fact]
    public async Task open_agreements_come_first_then_reviewed_ones_with_outcome_and_the_rates()
    {
        var caseId = await Host.CaseWithHistory();
        await Projected();

        var view = await Host.Get($"/api/cases/{caseId}/agreements");

        var agreements = view.GetProperty("agreements").EnumerateArray().ToList();
        agreements.Select(a => a.GetProperty("open").GetBoolean()).ShouldBe([true, false, false]);
        agreements[0].GetProperty("byWhen").GetString().ShouldBe("2026-12-31");
        agreements[1].GetProperty("outcome").GetString().ShouldBe("notAchieved");
        agreements[1].GetProperty("note").GetString().ShouldBe("Te druk");
        agreements[1].GetProperty("reviewedOn").GetString().ShouldBe("2026-09-15");
        agreements[2].GetProperty("outcome").GetString().ShouldBe("achieved");
        var rates = view.GetProperty("rates");
        rates.GetProperty("made").GetInt32().ShouldBe(3);
        rates.GetProperty("open").GetInt32().ShouldBe(1);
        rates.GetProperty("reviewed").GetInt32().ShouldBe(2);
        rates.GetProperty("achievedShare").GetDouble().ShouldBe(0.5);
        rates.GetProperty("notAchievedShare").GetDouble().ShouldBe(0.5);
    }

    [Fact]
    public async Task agreements_of_an_unknown_case_are_404_and_not_for_analysts()
    {
        await Host.Send(HttpMethod.Get, $"/api/cases/{Guid.NewGuid()}/agreements", expect: 404);
        var caseId = await Host.OpenCase();
        await Host.Send(HttpMethod.Get, $"/api/cases/{caseId}/agreements", token: AppFixture.Token("analyst"), expect: 403);
        (await Host.Get($"/api/cases/{caseId}/agreements")).GetProperty("agreements").GetArrayLength().ShouldBe(0);
    }
}
