using Marten;
using SamenSterker.Agreements;
using SamenSterker.CheckIns;
using SamenSterker.Tests.Support;
using Shouldly;

namespace SamenSterker.Tests.CheckIns;

public sealed class RecordingACheckInTests(AppFixture app) : ApiTest(app)
{
    private string CheckInsOf(Guid caseId) => $"/api/cases/{caseId}/check-ins";

    [Fact]
    public async Task a_whole_check_in_is_appended_in_the_order_of_the_conversation()
    {
        var caseId = await Host.OpenCase();
        var body = CaseApi.CheckIn();

        var result = await Host.Send(HttpMethod.Post, CheckInsOf(caseId), body, expect: 201);

        // CheckInHeld, 15 scores (3 respondents × 5 questions), AgreementMade — after CaseOpened.
        var json = result.Json();
        json.GetProperty("checkInId").GetGuid().ShouldBe((Guid)body["checkInId"]!);
        json.GetProperty("version").GetInt64().ShouldBe(18);
        result.ETag().ShouldBe("\"18\"");

        await using var session = App.Store.QuerySession();
        var events = await session.Events.FetchStreamAsync(caseId);
        events.Select(e => e.Data.GetType().Name).ShouldBe(
            new[] { "CaseOpened", "CheckInHeld" }.Concat(Enumerable.Repeat("ScoreGiven", 15)).Append("AgreementMade"));

        var scores = events.Select(e => e.Data).OfType<ScoreGiven>().ToList();
        var omgang = scores.Where(s => s.Question == Question.Omgang).ToList();
        omgang.Select(s => s.RespondentId).ShouldBe(["r1", "r2", "pro"]); // the client side first
        omgang[0].Value.ShouldBe(7.5);
        omgang[0].Form.ShouldBe(ScoreForm.Line);
        omgang[0].MostSatisfied.ShouldBe("luistert goed");
        omgang[1].Form.ShouldBe(ScoreForm.Smiley);
        omgang[1].Smiley.ShouldBe(4);
        omgang[1].Value.ShouldBe(7.5); // face 4 sits at 7.5 on the line
        omgang[2].Side.ShouldBe(RespondentSide.Professional);
    }

    [Fact]
    public async Task the_new_agreement_is_open_on_the_case_and_the_next_check_in_moves()
    {
        var caseId = await Host.OpenCase();
        await Host.RecordCheckIn(caseId, CaseApi.CheckIn(heldOn: "2026-11-20"));

        var c = await Host.GetCase(caseId);

        var agreement = c.GetProperty("openAgreements").EnumerateArray().Single();
        agreement.GetProperty("what").GetString().ShouldBe("Elke week kort bellen");
        agreement.GetProperty("who").GetString().ShouldBe("Anna en moeder");
        agreement.GetProperty("byWhen").GetString().ShouldBe("2027-01-15");
        agreement.GetProperty("howWeKnow").GetString().ShouldBe("Moeder zegt dat ze op de hoogte is");
        agreement.GetProperty("madeOn").GetString().ShouldBe("2026-11-20");
        c.GetProperty("lastCheckInOn").GetString().ShouldBe("2026-11-20");
        c.GetProperty("nextCheckInDue").GetString().ShouldBe("2027-02-20");
        c.GetProperty("version").GetInt64().ShouldBe(18);
    }

    [Fact]
    public async Task the_next_check_in_reviews_the_previous_agreement_first()
    {
        var caseId = await Host.OpenCase();
        await Host.RecordCheckIn(caseId, CaseApi.CheckIn(heldOn: "2026-10-01", byWhen: "2026-11-01"));
        var previous = (await Host.GetCase(caseId)).GetProperty("openAgreements")[0].GetProperty("agreementId").GetGuid();

        await Host.RecordCheckIn(caseId, CaseApi.CheckIn(heldOn: "2026-11-20",
            reviews: [new { agreementId = previous, outcome = "notAchieved", note = "Te druk gehad" }]));

        var c = await Host.GetCase(caseId);
        c.GetProperty("openAgreements").EnumerateArray().Select(a => a.GetProperty("agreementId").GetGuid()).ShouldNotContain(previous);
        c.GetProperty("openAgreements").GetArrayLength().ShouldBe(1);

        await using var session = App.Store.QuerySession();
        var events = await session.Events.FetchStreamAsync(caseId);
        var review = events.Select(e => e.Data).OfType<AgreementReviewed>().Single();
        review.Outcome.ShouldBe(AgreementOutcome.NotAchieved);
        review.Note.ShouldBe("Te druk gehad");
        // The review comes right after the second CheckInHeld, before its scores.
        events.Select(e => e.Data.GetType().Name).ToList()[18..20].ShouldBe(["CheckInHeld", "AgreementReviewed"]);
    }

    [Fact]
    public async Task an_open_agreement_left_unreviewed_is_a_409()
    {
        var caseId = await Host.OpenCase();
        await Host.RecordCheckIn(caseId, CaseApi.CheckIn(heldOn: "2026-10-01", byWhen: "2026-11-01"));

        var result = await Host.Send(HttpMethod.Post, CheckInsOf(caseId), CaseApi.CheckIn(heldOn: "2026-11-20"), expect: 409);

        result.Detail().ShouldContain("previous agreement");
        (await Host.GetCase(caseId)).GetProperty("version").GetInt64().ShouldBe(18);
    }

    [Fact]
    public async Task the_same_check_in_sent_twice_answers_the_same_and_appends_nothing()
    {
        var caseId = await Host.OpenCase();
        var body = CaseApi.CheckIn();
        var first = (await Host.Send(HttpMethod.Post, CheckInsOf(caseId), body, expect: 201)).ReadAsText();

        var second = (await Host.Send(HttpMethod.Post, CheckInsOf(caseId), body, expect: 201)).ReadAsText();

        second.ShouldBe(first);
        (await Host.GetCase(caseId)).GetProperty("version").GetInt64().ShouldBe(18);
    }

    [Fact]
    public async Task the_same_check_in_id_with_another_body_is_a_409()
    {
        var caseId = await Host.OpenCase();
        var checkInId = Guid.NewGuid();
        await Host.RecordCheckIn(caseId, CaseApi.CheckIn(checkInId, heldOn: "2026-11-20"));

        var result = await Host.Send(HttpMethod.Post, CheckInsOf(caseId), CaseApi.CheckIn(checkInId, heldOn: "2026-11-21"), expect: 409);

        result.Detail().ShouldContain(checkInId.ToString());
    }

    [Fact]
    public async Task a_respondent_missing_a_question_is_refused()
    {
        var caseId = await Host.OpenCase();
        var body = CaseApi.CheckIn();
        body["scores"] = ((List<object>)body["scores"]!).Take(14).ToList(); // drop the professional's 'afspraken'

        var result = await Host.Send(HttpMethod.Post, CheckInsOf(caseId), body, expect: 400);

        result.ShouldNameField("scores");
        result.ReadAsText().ShouldContain("'pro' has no score for 'afspraken'");
    }

    [Fact]
    public async Task the_professional_scoring_before_the_client_side_is_refused()
    {
        var caseId = await Host.OpenCase();
        var body = CaseApi.CheckIn();
        var scores = (List<object>)body["scores"]!;
        (scores[0], scores[2]) = (scores[2], scores[0]); // omgang: professional first

        var result = await Host.Send(HttpMethod.Post, CheckInsOf(caseId), body, expect: 400);

        result.ShouldNameField("scores[2]");
    }

    [Fact]
    public async Task a_check_in_in_the_future_is_refused()
    {
        var caseId = await Host.OpenCase();

        (await Host.Send(HttpMethod.Post, CheckInsOf(caseId), CaseApi.CheckIn(heldOn: "2026-11-24"), expect: 400)).ShouldNameField("heldOn");
    }

    [Fact]
    public async Task a_check_in_before_the_case_was_opened_is_refused()
    {
        var caseId = await Host.OpenCase(); // opened 2026-09-01

        var result = await Host.Send(HttpMethod.Post, CheckInsOf(caseId), CaseApi.CheckIn(heldOn: "2026-08-31"), expect: 400);

        result.ShouldNameField("heldOn");
        result.ReadAsText().ShouldContain("2026-09-01");
    }

    [Fact]
    public async Task an_agreement_due_before_the_check_in_is_refused()
    {
        var caseId = await Host.OpenCase();

        (await Host.Send(HttpMethod.Post, CheckInsOf(caseId), CaseApi.CheckIn(heldOn: "2026-11-20", byWhen: "2026-11-20"), expect: 400))
            .ShouldNameField("agreement.byWhen");
    }

    [Fact]
    public async Task a_line_score_outside_the_scale_or_with_two_decimals_is_refused()
    {
        var caseId = await Host.OpenCase();
        var body = CaseApi.CheckIn();
        var scores = (List<object>)body["scores"]!;
        scores[0] = new { respondentId = "r1", question = "omgang", value = 10.5 };
        scores[3] = new { respondentId = "r1", question = "luisteren", value = 7.25 };

        var result = await Host.Send(HttpMethod.Post, CheckInsOf(caseId), body, expect: 400);

        result.ShouldNameField("scores[0].value");
        // Range errors are found first; fix those and the decimals are named.
        scores[0] = new { respondentId = "r1", question = "omgang", value = 10.0 };
        (await Host.Send(HttpMethod.Post, CheckInsOf(caseId), body, expect: 400)).ShouldNameField("scores[3].value");
    }

    [Fact]
    public async Task a_smiley_respondent_giving_a_line_value_is_refused()
    {
        var caseId = await Host.OpenCase();
        var body = CaseApi.CheckIn();
        ((List<object>)body["scores"]!)[1] = new { respondentId = "r2", question = "omgang", value = 5.0 };

        var result = await Host.Send(HttpMethod.Post, CheckInsOf(caseId), body, expect: 400);

        result.ShouldNameField("scores[1].smiley");
        result.ShouldNameField("scores[1].value");
    }

    [Fact]
    public async Task a_smiley_of_six_is_refused()
    {
        var caseId = await Host.OpenCase();
        var body = CaseApi.CheckIn();
        ((List<object>)body["scores"]!)[1] = new { respondentId = "r2", question = "omgang", smiley = 6 };

        (await Host.Send(HttpMethod.Post, CheckInsOf(caseId), body, expect: 400)).ShouldNameField("scores[1].smiley");
    }

    [Fact]
    public async Task a_check_in_without_the_professional_is_refused()
    {
        var caseId = await Host.OpenCase();
        var body = CaseApi.CheckIn();
        body["respondents"] = new object[] { new { respondentId = "r1", side = "client", role = "parent" } };
        body["scores"] = CaseApi.Questions.Select(q => (object)new { respondentId = "r1", question = q, value = 5.0 }).ToList();

        var result = await Host.Send(HttpMethod.Post, CheckInsOf(caseId), body, expect: 400);

        result.ShouldNameField("respondents");
        result.ReadAsText().ShouldContain("Exactly one respondent is the professional");
    }

    [Fact]
    public async Task a_score_for_someone_who_is_not_a_respondent_is_refused()
    {
        var caseId = await Host.OpenCase();
        var body = CaseApi.CheckIn();
        ((List<object>)body["scores"]!).Add(new { respondentId = "opa", question = "omgang", value = 5.0 });

        (await Host.Send(HttpMethod.Post, CheckInsOf(caseId), body, expect: 400)).ShouldNameField("scores[15].respondentId");
    }

    [Fact]
    public async Task a_check_in_without_a_new_agreement_is_refused()
    {
        var caseId = await Host.OpenCase();
        var body = CaseApi.CheckIn();
        body.Remove("agreement");

        (await Host.Send(HttpMethod.Post, CheckInsOf(caseId), body, expect: 400)).ShouldNameField("agreement");
    }

    [Fact]
    public async Task reviewing_an_agreement_that_is_not_open_is_refused()
    {
        var caseId = await Host.OpenCase();
        var body = CaseApi.CheckIn(reviews: [new { agreementId = Guid.NewGuid(), outcome = "achieved" }]);

        (await Host.Send(HttpMethod.Post, CheckInsOf(caseId), body, expect: 400)).ShouldNameField("reviews[0].agreementId");
    }

    [Fact]
    public async Task an_unknown_outcome_is_refused_with_the_allowed_values()
    {
        var caseId = await Host.OpenCase();
        var body = CaseApi.CheckIn(reviews: [new { agreementId = Guid.NewGuid(), outcome = "maybe" }]);

        var result = await Host.Send(HttpMethod.Post, CheckInsOf(caseId), body, expect: 400);

        result.ShouldNameField("reviews[0].outcome");
        result.ReadAsText().ShouldContain("achieved, partly, notAchieved");
    }

    [Fact]
    public async Task a_check_in_on_an_unknown_case_is_404()
    {
        await Host.Send(HttpMethod.Post, CheckInsOf(Guid.NewGuid()), CaseApi.CheckIn(), expect: 404);
    }

    [Fact]
    public async Task text_over_the_limit_is_refused()
    {
        var caseId = await Host.OpenCase();
        var body = CaseApi.CheckIn();
        ((List<object>)body["scores"]!)[0] = new { respondentId = "r1", question = "omgang", value = 5.0, mostSatisfied = new string('x', 2001) };

        (await Host.Send(HttpMethod.Post, CheckInsOf(caseId), body, expect: 400)).ShouldNameField("scores[0].mostSatisfied");
    }
}
