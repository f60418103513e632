using Marten;
using SamenSterker.Alliance;
using SamenSterker.Tests.Support;
using Shouldly;

namespace SamenSterker.Tests.Alliance;

public sealed class AllianceFeedbackTests(AppFixture app) : ApiTest(app)
{
    [Fact]
    public async Task both_sides_give_feedback_in_their_own_words()
    {
        var caseId = await Host.OpenCase();

        await Host.Send(HttpMethod.Post, $"/api/cases/{caseId}/alliance-feedback",
            new { from = "client", goesWell = "Ze luistert echt", couldBeBetter = "Vaker terugbellen", keywords = new[] { "luisteren", "bereikbaar" } }, expect: 201);
        var result = await Host.Send(HttpMethod.Post, $"/api/cases/{caseId}/alliance-feedback",
            new { from = "professional", givenOn = "2026-11-20", goesWell = "Open gesprekken" }, expect: 201);

        result.Json().GetProperty("version").GetInt64().ShouldBe(3);
        await using var session = App.Store.QuerySession();
        var feedback = (await session.Events.FetchStreamAsync(caseId)).Select(e => e.Data).OfType<AllianceFeedbackGiven>().ToList();
        feedback.Select(f => f.From).ShouldBe([FeedbackFrom.Client, FeedbackFrom.Professional]);
        feedback[0].Keywords.ShouldBe(["luisteren", "bereikbaar"]);
        feedback[1].GivenOn.ShouldBe(new DateOnly(2026, 11, 20));
    }

    [Fact]
    public async Task feedback_that_says_nothing_is_refused()
    {
        var caseId = await Host.OpenCase();

        (await Host.Send(HttpMethod.Post, $"/api/cases/{caseId}/alliance-feedback", new { from = "client" }, expect: 400)).ShouldNameField("body");
    }

    [Fact]
    public async Task feedback_from_an_unknown_side_is_refused()
    {
        var caseId = await Host.OpenCase();

        (await Host.Send(HttpMethod.Post, $"/api/cases/{caseId}/alliance-feedback", new { from = "neighbour", goesWell = "x" }, expect: 400))
            .ShouldNameField("from");
    }
}
