using System.Globalization;
using System.Security;
using System.Text;
using Marten;
using SamenSterker.Cases;
using SamenSterker.Platform;
using ScottPlot;

namespace SamenSterker.CheckIns;

/// <summary>
/// The trends as a chart a person reads at a glance: one panel per question, the client side and the
/// professional as lines over time on the labelled 0–10 scale, signals circled in red. Rendered
/// server-side with ScottPlot; the five panels are stacked in one SVG document.
/// </summary>
public static class TrendsChart
{
    private const int Width = 720;
    private const int PanelHeight = 230;
    private const int HeaderHeight = 48;

    private static readonly Color ProfessionalColor = Color.FromHex("#1f5fa8");
    private static readonly Color[] ClientColors = [Color.FromHex("#e07b00"), Color.FromHex("#2a9d4b"), Color.FromHex("#8e44ad"), Color.FromHex("#c0392b")];
    private static readonly Color SignalColor = Color.FromHex("#d62728");
    private static readonly CultureInfo Dutch = CultureInfo.GetCultureInfo("nl-NL");

    public static string Render(CaseTrends trends, string caseReference, DateOnly today)
    {
        var svg = new StringBuilder();
        var height = HeaderHeight + PanelHeight * trends.Questions.Count;
        svg.Append(CultureInfo.InvariantCulture,
            $"""<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" width="{Width}" height="{height}" viewBox="0 0 {Width} {height}">""");
        svg.Append(CultureInfo.InvariantCulture, $"""<rect width="{Width}" height="{height}" fill="white"/>""");
        svg.Append(CultureInfo.InvariantCulture,
            $"""<text x="16" y="22" font-family="sans-serif" font-size="16" font-weight="bold">Samen Sterker check-ins — {SecurityElement.Escape(caseReference)}</text>""");
        svg.Append("""<text x="16" y="40" font-family="sans-serif" font-size="11" fill="#444">0 = ontevreden, 10 = tevreden · blauwe vierkantjes: professional · gekleurde stippen: de kant van de cliënt · rode ring: signaal</text>""");

        for (var i = 0; i < trends.Questions.Count; i++)
        {
            var panel = Panel(trends.Questions[i], today);
            svg.Append(CultureInfo.InvariantCulture, $"""<svg x="0" y="{HeaderHeight + i * PanelHeight}" width="{Width}" height="{PanelHeight}">""");
            svg.Append(InnerOf(panel));
            svg.Append("</svg>");
        }
        svg.Append("</svg>");
        return svg.ToString();
    }

    private static string Panel(QuestionTrend trend, DateOnly today)
    {
        var plot = new Plot();
        plot.Title(Words.Of(trend.Question), size: 14);
        plot.YLabel("score (0–10)", size: 11);

        var dates = trend.Professional.Select(p => p.HeldOn).Concat(trend.ClientSide.SelectMany(s => s.Points).Select(p => p.HeldOn)).ToList();
        if (dates.Count == 0)
        {
            plot.Add.Text("nog geen check-ins", X(today), 5);
        }
        else
        {
            AddSeries(plot, trend.Professional, "professional", ProfessionalColor, MarkerShape.FilledSquare);
            for (var i = 0; i < trend.ClientSide.Count; i++)
            {
                var s = trend.ClientSide[i];
                AddSeries(plot, s.Points, s.Label ?? Words.Of(s.Role), ClientColors[i % ClientColors.Length], MarkerShape.FilledCircle);
            }
            foreach (var signal in trend.Signals)
            {
                var point = trend.ClientSide.First(s => s.Person == signal.Person).Points.First(p => p.CheckInId == signal.CheckInId);
                var marker = plot.Add.Marker(X(point.HeldOn), point.Value);
                marker.MarkerShape = MarkerShape.OpenCircle;
                marker.MarkerSize = 16;
                marker.Color = SignalColor;
                marker.MarkerLineWidth = 2;
            }
            plot.ShowLegend(Edge.Right);
        }

        var axis = plot.Axes.DateTimeTicksBottom();
        if (axis.TickGenerator is ScottPlot.TickGenerators.DateTimeAutomatic ticks)
            ticks.LabelFormatter = d => d.ToString("d MMM yyyy", Dutch);
        var first = dates.Count == 0 ? today : dates.Min();
        var last = dates.Count == 0 ? first : dates.Max();
        var margin = Math.Max(10, (last.DayNumber - first.DayNumber) / 12);
        plot.Axes.SetLimits(X(first.AddDays(-margin)), X(last.AddDays(margin)), -0.5, 10.5);
        return plot.GetSvgXml(Width, PanelHeight);
    }

    // Skia's SVG canvas cannot draw dashed lines, so the sides differ by colour and marker shape.
    private static void AddSeries(Plot plot, IReadOnlyList<SeriesPoint> points, string label, Color color, MarkerShape marker)
    {
        if (points.Count == 0) return;
        var line = plot.Add.Scatter(points.Select(p => X(p.HeldOn)).ToArray(), points.Select(p => p.Value).ToArray(), color);
        line.LegendText = label;
        line.LineWidth = 2;
        line.MarkerSize = 7;
        line.MarkerShape = marker;
    }

    private static double X(DateOnly d) => d.ToDateTime(TimeOnly.MinValue).ToOADate();

    private static string InnerOf(string svgDocument)
    {
        // Keep what is inside ScottPlot's <svg …> element; the outer document gives it its place.
        var start = svgDocument.IndexOf('>', svgDocument.IndexOf("<svg", StringComparison.Ordinal)) + 1;
        var end = svgDocument.LastIndexOf("</svg>", StringComparison.Ordinal);
        return svgDocument[start..end];
    }

    public static void Map(RouteGroupBuilder cases) => cases
        .MapGet("/{id:guid}/trends.svg", async (Guid id, HttpContext http, IQuerySession session, AmsterdamCalendar calendar, CancellationToken ct) =>
        {
            var c = http.ReadableCase();
            var trends = await GetTrends.Load(session, id, ct);
            return Results.Text(Render(trends, c.ClientReference, calendar.Today), "image/svg+xml", Encoding.UTF8);
        })
        .WithName("GetTrendsChart")
        .WithSummary("The trends as an SVG chart: one panel per question, client side and professional over time, signals marked")
        .Produces<string>(StatusCodes.Status200OK, "image/svg+xml")
        .ProducesProblem(StatusCodes.Status404NotFound);
}
