using SamenSterker.CheckIns;
using SamenSterker.Tests.Support;
using Shouldly;

namespace SamenSterker.Tests.ReadModels;

/// <summary>Issue 19, finding 6: a busy case's chart was drawn for every request (0.7–1 s, 2.75 MB), eight at once slowed
/// everyone's reads and doubled the API's memory. Now a chart is drawn once per scores, day and shape, a few at a time,
/// and at most the last 60 check-ins.</summary>
public sealed class ChartDrawingTests(AppFixture app) : ApiTest(app)
{
    [Fact]
    public async Task eight_people_asking_for_the_same_chart_at_once_have_it_drawn_once()
    {
        using var drawing = new ChartDrawing();
        var draws = 0;
        var asked = Enumerable.Range(0, 8).Select(_ => Task.Run(() => drawing.Get("case|tag", () =>
        {
            Interlocked.Increment(ref draws);
            Thread.Sleep(200);
            return "<svg/>";
        }, CancellationToken.None))).ToList();

        (await Task.WhenAll(asked)).ShouldAllBe(svg => svg == "<svg/>");
        draws.ShouldBe(1);
        drawing.Drawn.ShouldBe(1);
    }

    [Fact]
    public async Task different_charts_are_drawn_a_few_at_a_time()
    {
        using var drawing = new ChartDrawing();
        int now = 0, most = 0;
        var asked = Enumerable.Range(0, 6).Select(i => Task.Run(() => drawing.Get($"case-{i}|tag", () =>
        {
            var n = Interlocked.Increment(ref now);
            lock (drawing) most = Math.Max(most, n);
            Thread.Sleep(100);
            Interlocked.Decrement(ref now);
            return $"<svg id='{i}'/>";
        }, CancellationToken.None))).ToList();

        (await Task.WhenAll(asked)).Distinct().Count().ShouldBe(6);
        most.ShouldBeLessThanOrEqualTo(ChartDrawing.AtOnce);
        drawing.Drawn.ShouldBe(6);
    }

    [Fact]
    public void a_chart_shows_at_most_the_last_sixty_check_ins()
    {
        var start = new DateOnly(2020, 1, 6);
        var checkIns = Enumerable.Range(0, 150).Select(i => new CheckInDate(Guid.NewGuid(), start.AddDays(7 * i))).ToList();
        var points = checkIns.Select(c => new ScorePoint(c.CheckInId, c.HeldOn, "r1", "moeder", RespondentSide.Client, RespondentRole.Parent,
            Question.Omgang, ScoreForm.Line, 6, null)).ToList();
        var trends = TrendAnalysis.Analyse(Guid.NewGuid(), checkIns, points);

        var drawn = TrendsChart.Drawn(trends, last: null);
        drawn.CheckIns.Count.ShouldBe(TrendsChart.MaxCheckInsDrawn);
        drawn.CheckIns[0].HeldOn.ShouldBe(checkIns[150 - 60].HeldOn);
        TrendsChart.Drawn(trends, last: 500).CheckIns.Count.ShouldBe(60);
        TrendsChart.Drawn(trends, last: 8).CheckIns.Count.ShouldBe(8);
        drawn.Questions.Single(q => q.Question == Question.Omgang).ClientSide.Single().Points.Count.ShouldBe(60);
    }

    [Fact]
    public async Task a_case_chart_asked_by_eight_at_once_is_the_same_chart_for_each_and_shows_the_case()
    {
        var caseId = await Host.CaseWithHistory();
        await Projected();
        var answers = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Host.Send(HttpMethod.Get, $"/api/cases/{caseId}/trends.svg", expect: 200)));
        answers.Select(a => a.ReadAsText()).Distinct().Count().ShouldBe(1);

        // Two cases without scores draw alike but are not one chart: each names its own case.
        foreach (var reference in new[] { "C-7001", "C-7002" })
        {
            var empty = await Host.OpenCase(CaseApi.NewCase(reference));
            (await Host.Send(HttpMethod.Get, $"/api/cases/{empty}/trends.svg", expect: 200)).ReadAsText().ShouldContain(reference);
        }
    }
}
