using Ical.Net;
using Ical.Net.CalendarComponents;
using Ical.Net.DataTypes;
using Ical.Net.Serialization;
using Marten;
using Microsoft.Extensions.Options;
using SamenSterker.Access;
using SamenSterker.Audit;
using SamenSterker.Caseload;
using SamenSterker.Platform;

namespace SamenSterker.Reminders;

public sealed record CalendarFeedLink(string FeedUrl);

/// <summary>
/// A personal iCalendar feed: one all-day event per due check-in of the cases where the user holds
/// casusregie, and each planned steunkring meeting where they are the procesbegeleider (case reference and link; no
/// client name). Calendar apps cannot send a bearer token,
/// so the feed is reached by a long random token that the user can rotate; only its hash finds it (<see cref="CalendarFeedTokens"/>).
/// </summary>
public static class CalendarFeedEndpoints
{
    public static void MapMe(RouteGroupBuilder me)
    {
        me.MapPost("/calendar-token", async (HttpContext http, IDocumentSession session, TimeProvider time, CalendarFeedTokens tokens,
                IOptions<ReminderSettings> settings, CancellationToken ct) =>
            {
                var (feed, token) = tokens.New(http.User.UserId(), time.GetUtcNow());
                session.Store(feed);
                await session.SaveChangesAsync(ct);
                return TypedResults.Json(new CalendarFeedLink(UrlOf(settings.Value, token)), statusCode: 201);
            })
            .WithName("RotateCalendarToken")
            .WithSummary("A new secret calendar feed URL (the old one stops working)")
            .Produces<CalendarFeedLink>(StatusCodes.Status201Created);

        me.MapGet("/calendar-token", async (HttpContext http, IQuerySession session, CalendarFeedTokens tokens, IOptions<ReminderSettings> settings,
                CancellationToken ct) =>
                await session.LoadAsync<CalendarFeed>(http.User.UserId(), ct) is { } feed && tokens.Open(feed) is { } token
                    ? TypedResults.Ok(new CalendarFeedLink(UrlOf(settings.Value, token)))
                    : Problems.NotFound("You have no calendar feed yet: POST /api/me/calendar-token makes one."))
            .WithName("MyCalendarFeed")
            .WithSummary("My calendar feed URL")
            .Produces<CalendarFeedLink>()
            .ProducesProblem(StatusCodes.Status404NotFound);
    }

    public static void MapFeed(IEndpointRouteBuilder app) => app
        .MapGet("/api/calendar/{feedToken}.ics", async (string feedToken, HttpContext http, IQuerySession session, IOptions<ReminderSettings> settings,
            CancellationToken ct) =>
        {
            if (feedToken.Length is < 20 or > 100) return Problems.NotFound("Unknown calendar feed.");
            var hash = CalendarFeedTokens.HashOf(feedToken);
            var feed = await session.Query<CalendarFeed>().Where(f => f.TokenHash == hash).FirstOrDefaultAsync(ct);
            if (feed is null) return Problems.NotFound("Unknown calendar feed.");
            http.AttributeAccessTo(feed.Id, null, null); // the feed's owner reads it, through their calendar app
            // One round trip: the check-ins of my cases, and the steunkring meetings where I am the procesbegeleider.
            var batch = session.CreateBatchQuery();
            var due = batch.Query<CaseSummary>().Where(c => c.Casusregie == feed.Id && !c.Closed && c.NextDueOn != null).ToList();
            var coached = batch.Query<Cases.Case>().Where(c => c.Procesbegeleider == feed.Id && !c.Closed).ToList();
            await batch.Execute(ct);
            return Results.Text(Render(await due, settings.Value, await coached), "text/calendar; charset=utf-8");
        })
        .AllowAnonymous()
        .WithTags("Reminders")
        .WithName("CalendarFeed")
        .WithSummary("iCalendar feed of the check-ins due in my cases (reached by its secret token, no bearer token)")
        .Produces<string>(StatusCodes.Status200OK, "text/calendar")
        .ProducesProblem(StatusCodes.Status404NotFound);

    public static string Render(IEnumerable<CaseSummary> cases, ReminderSettings settings, IEnumerable<Cases.Case>? coached = null)
    {
        var calendar = new Calendar { ProductId = "-//Samen Sterker//check-ins//NL" };
        calendar.AddProperty("X-WR-CALNAME", "Samen Sterker check-ins");
        foreach (var c in cases.OrderBy(c => c.NextDueOn))
        {
            var due = c.NextDueOn!.Value;
            calendar.Events.Add(new CalendarEvent
            {
                Uid = $"{c.Id:N}-{due:yyyyMMdd}@samensterker",
                Summary = $"Samen Sterker check-in {c.ClientReference}",
                Description = $"The check-in for case {c.ClientReference} is due ({Why(c.NextDueReason)}). {settings.BaseUrl.TrimEnd('/')}/api/cases/{c.Id}",
                DtStart = new CalDateTime(due),
                DtEnd = new CalDateTime(due.AddDays(1)),
            });
        }
        // A planned steunkring meeting at its time in Amsterdam (an hour and a half), or the whole day when no time was agreed.
        // Like the check-ins: the case reference and a link, no name and no place (the client's home is often the place).
        foreach (var c in coached ?? [])
        foreach (var m in c.PlannedMeetings.OrderBy(m => m.On))
        {
            var start = m.At is { } at ? new CalDateTime(m.On.ToDateTime(at), "Europe/Amsterdam") : new CalDateTime(m.On);
            calendar.Events.Add(new CalendarEvent
            {
                Uid = $"{m.MeetingId:N}@samensterker",
                Summary = $"Samen Sterker steunkring {c.ClientReference}",
                Description = $"Steunkringbijeenkomst van dossier {c.ClientReference}: bereid de agenda voor met de cliënt. "
                              + $"{settings.BaseUrl.TrimEnd('/')}/clienten/{c.Id}/steunkring/proces",
                DtStart = start,
                DtEnd = m.At is { } ? start.AddMinutes(90) : new CalDateTime(m.On.AddDays(1)),
            });
        }
        return new CalendarSerializer().SerializeToString(calendar) ?? "";
    }

    private static string Why(Cases.DueReason? reason) => reason switch
    {
        Cases.DueReason.AgreedDate => "the date agreed with the client",
        Cases.DueReason.FamilyPlan => "a new gezinsplan was set",
        _ => "the agreed interval since the last check-in",
    };

    public static string UrlOf(ReminderSettings settings, string token) => $"{settings.BaseUrl.TrimEnd('/')}/api/calendar/{token}.ics";
}
