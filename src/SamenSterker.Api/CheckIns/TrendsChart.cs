using System.Globalization;
using System.Security;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Net.Http.Headers;
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
public static partial class TrendsChart
{
    public const int DefaultWidth = 720;

    /// <summary>A phone's width: below <see cref="NarrowBelow"/> the legend goes under each panel and the key over two lines.</summary>
    public const int NarrowBelow = 560;
    public const int MinWidth = 320;
    public const int MaxWidth = 1600;

    private static readonly Color ProfessionalColor = Color.FromHex("#1f5fa8");
    private static readonly Color[] ClientColors = [Color.FromHex("#e07b00"), Color.FromHex("#2a9d4b"), Color.FromHex("#8e44ad"), Color.FromHex("#c0392b")];
    private static readonly Color SignalColor = Color.FromHex("#d62728");
    private static readonly CultureInfo Dutch = CultureInfo.GetCultureInfo("nl-NL");

    public static string Render(CaseTrends trends, string caseReference, DateOnly today, int width = DefaultWidth)
    {
        var narrow = width < NarrowBelow;
        var headerHeight = narrow ? 62 : 48;
        var panelHeight = narrow ? 300 : 230;
        var svg = new StringBuilder();
        var height = headerHeight + panelHeight * trends.Questions.Count;
        svg.Append(CultureInfo.InvariantCulture,
            $"""<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" width="{width}" height="{height}" viewBox="0 0 {width} {height}">""");
        svg.Append(CultureInfo.InvariantCulture, $"""<rect width="{width}" height="{height}" fill="white"/>""");
        svg.Append(CultureInfo.InvariantCulture,
            $"""<text x="12" y="22" font-family="sans-serif" font-size="16" font-weight="bold">Check-ins — {SecurityElement.Escape(caseReference)}</text>""");
        if (narrow)
        {
            svg.Append("""<text x="12" y="40" font-family="sans-serif" font-size="12" fill="#444">0 = ontevreden, 10 = tevreden · rode ring: signaal</text>""");
            svg.Append("""<text x="12" y="56" font-family="sans-serif" font-size="12" fill="#444">blauwe vierkantjes: professional · stippen: de cliënt</text>""");
        }
        else
            svg.Append("""<text x="12" y="40" font-family="sans-serif" font-size="11" fill="#444">0 = ontevreden, 10 = tevreden · blauwe vierkantjes: professional · gekleurde stippen: de kant van de cliënt · rode ring: signaal</text>""");

        for (var i = 0; i < trends.Questions.Count; i++)
        {
            var panel = Panel(trends.Questions[i], today, width, panelHeight, narrow);
            svg.Append(CultureInfo.InvariantCulture, $"""<svg x="0" y="{headerHeight + i * panelHeight}" width="{width}" height="{panelHeight}">""");
            svg.Append(InnerOf(panel));
            svg.Append("</svg>");
        }
        svg.Append("</svg>");
        return svg.ToString();
    }

    private static string Panel(QuestionTrend trend, DateOnly today, int width, int height, bool narrow)
    {
        var plot = new Plot();
        plot.Title(Capitalised(Words.Of(trend.Question)), size: 14); // "Omgang", as the pages name the question
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
            plot.ShowLegend(narrow ? Edge.Bottom : Edge.Right);
        }

        var axis = plot.Axes.DateTimeTicksBottom();
        if (axis.TickGenerator is ScottPlot.TickGenerators.DateTimeAutomatic ticks)
            ticks.LabelFormatter = d => d.ToString(narrow ? "d-M-yy" : "d MMM yyyy", Dutch);
        var first = dates.Count == 0 ? today : dates.Min();
        var last = dates.Count == 0 ? first : dates.Max();
        var margin = Math.Max(10, (last.DayNumber - first.DayNumber) / 12);
        plot.Axes.SetLimits(X(first.AddDays(-margin)), X(last.AddDays(margin)), -0.5, 10.5);
        return plot.GetSvgXml(width, height);
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

    /// <summary>What the chart is drawn from: the scores (the projection may be a moment behind the case, so not its version),
    /// the day and the shape asked for.</summary>
    private static string TagOf(CaseScores? scores, DateOnly today, int? last, int? width)
    {
        var what = new StringBuilder().Append(CultureInfo.InvariantCulture, $"{today:yyyyMMdd}|{last}|{width}|");
        if (scores is not null)
        {
            foreach (var c in scores.CheckIns) what.Append(CultureInfo.InvariantCulture, $"{c.CheckInId:N}{c.HeldOn:yyyyMMdd}|");
            foreach (var p in scores.Points) what.Append(CultureInfo.InvariantCulture, $"{p.CheckInId:N}{p.RespondentId}{p.Person}{p.Label}{p.Role}{p.Question}{p.Value}|");
            foreach (var (from, to) in scores.Continued) what.Append(CultureInfo.InvariantCulture, $"{from}>{to}|");
        }
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(what.ToString())), 0, 12);
    }

    private static string Capitalised(string word) => word.Length == 0 ? word : char.ToUpperInvariant(word[0]) + word[1..];

    private static double X(DateOnly d) => d.ToDateTime(TimeOnly.MinValue).ToOADate();

    private static string InnerOf(string svgDocument)
    {
        // Keep what is inside ScottPlot's <svg …> element; the outer document gives it its place.
        var start = svgDocument.IndexOf('>', svgDocument.IndexOf("<svg", StringComparison.Ordinal)) + 1;
        var end = svgDocument.LastIndexOf("</svg>", StringComparison.Ordinal);
        // ScottPlot names the typeface Skia found on the server (a serif one on a bare Linux): the reader's device draws
        // the app's own sans-serif instead, as on every page.
        return FontFamily().Replace(svgDocument[start..end], $"font-family=\"{SansSerif}\"");
    }

    private const string SansSerif = "system-ui, -apple-system, Segoe UI, Roboto, Noto Sans, DejaVu Sans, sans-serif";

    [System.Text.RegularExpressions.GeneratedRegex("font-family=\"[^\"]*\"")]
    private static partial System.Text.RegularExpressions.Regex FontFamily();

    /// <summary>A chart shows at most this many check-ins (the latest): more are not readable, and a case with years of
    /// weekly check-ins would make a chart of megabytes. The table and the history hold them all.</summary>
    public const int MaxCheckInsDrawn = 60;

    /// <summary>The check-ins a chart shows: the last <paramref name="last"/> asked for, never more than <see cref="MaxCheckInsDrawn"/>.</summary>
    public static CaseTrends Drawn(CaseTrends trends, int? last) => TrendAnalysis.Last(trends, Math.Min(last ?? MaxCheckInsDrawn, MaxCheckInsDrawn));

    public static void Map(RouteGroupBuilder cases) => cases
        .MapGet("/{id:guid}/trends.svg", async (Guid id, int? last, int? width, HttpContext http, IQuerySession session, AmsterdamCalendar calendar,
            ChartDrawing drawing, CancellationToken ct) =>
        {
            if (last is < 1) return Problems.Invalid("last", "'last' is a number of check-ins, 1 or more.");
            if (width is < MinWidth or > MaxWidth) return Problems.Invalid("width", $"'width' is between {MinWidth} and {MaxWidth} pixels.");
            var c = http.ReadableCase();
            var scores = await session.LoadAsync<CaseScores>(id, ct);
            // A browser that holds the chart of these scores, this day (the axis ends today) and this shape gets 304;
            // another browser gets the chart this process kept, drawn once (ChartDrawing).
            var tagOfScores = TagOf(scores, calendar.Today, last, width);
            var tag = new EntityTagHeaderValue($"\"{tagOfScores}\"");
            http.Response.Headers.CacheControl = "private, no-cache";
            http.Response.Headers.ETag = tag.ToString();
            if (http.Request.GetTypedHeaders().IfNoneMatch.Any(t => t.Compare(tag, useStrongComparison: false)))
                return Results.StatusCode(StatusCodes.Status304NotModified);
            var svg = await drawing.Get($"{id:N}|{c.ClientReference}|{tagOfScores}", () =>
            {
                var trends = scores is null ? TrendAnalysis.Analyse(id, [], []) : TrendAnalysis.Analyse(id, scores.CheckIns, scores.Points, scores.Continued);
                return Render(Drawn(trends, last), c.ClientReference, calendar.Today, width ?? DefaultWidth);
            }, ct);
            if (svg is null)
            {
                http.Response.Headers.RetryAfter = "2";
                return Problems.Problem(StatusCodes.Status503ServiceUnavailable, "Many charts are being drawn", "Try again in a moment.");
            }
            return Results.Text(svg, "image/svg+xml", Encoding.UTF8);
        })
        .WithName("GetTrendsChart")
        .WithSummary("The trends as an SVG chart: one panel per question, client side and professional over time, signals marked; "
                     + "?last=n shows the last n check-ins (at most 60, the latest, are drawn), ?width= draws it for a narrow screen")
        .Produces<string>(StatusCodes.Status200OK, "image/svg+xml")
        .Produces(StatusCodes.Status304NotModified)
        .ProducesProblem(StatusCodes.Status503ServiceUnavailable)
        .ProducesValidationProblem()
        .ProducesProblem(StatusCodes.Status404NotFound);
}
