using Alba;
using Ical.Net;
using Microsoft.Extensions.DependencyInjection;
using SamenSterker.Access;
using SamenSterker.Reminders;
using SamenSterker.Tests.Support;
using Shouldly;
using static SamenSterker.Tests.Support.ReminderHosts;

namespace SamenSterker.Tests.Reminders;

[CollectionDefinition(Name)]
public sealed class ReminderCollection
{
    public const string Name = "reminders";
}

/// <summary>Reminders end to end: real PostgreSQL, real Wolverine scheduling, the real clock.</summary>
[Collection(ReminderCollection.Name)]
public sealed class ReminderDeliveryTests
{
    [Fact]
    public async Task a_case_opened_with_its_first_check_in_past_gets_one_overdue_reminder_in_the_inbox()
    {
        await using var host = await Start();
        var anna = NewUser();
        var caseId = await host.OpenCase(anna, firstOn: Today.AddDays(-3));

        var inbox = await Wait.Until(() => host.Get("/api/me/reminders", anna), i => i.GetProperty("items").GetArrayLength() > 0);

        var item = inbox.GetProperty("items").EnumerateArray().Single();
        item.GetProperty("kind").GetString().ShouldBe("overdue");
        item.GetProperty("caseId").GetGuid().ShouldBe(caseId);
        item.GetProperty("dueOn").GetString().ShouldBe(Today.AddDays(-3).ToString("yyyy-MM-dd"));
        inbox.GetProperty("unread").GetInt32().ShouldBe(1);

        // Re-planning the same due date (a hand-over back and forth) sends nothing twice.
        await host.Send(HttpMethod.Put, $"/api/cases/{caseId}/roles", new { casusregie = "p-tijdelijk" }, token: Token(anna), expect: 200);
        await host.Send(HttpMethod.Put, $"/api/cases/{caseId}/roles", new { casusregie = anna }, token: Token("t-lead", Roles.TeamLead), expect: 200);
        await Wait.Until(() => host.Reminders(caseId), r => r.Any(x => x.PlannedAt > DateTimeOffset.UtcNow.AddSeconds(-2)), seconds: 5);
        (await host.Inbox(anna)).Count.ShouldBe(1);

        var records = await host.Reminders(caseId);
        records.Select(r => (r.Kind, r.Status)).ShouldBe([(ReminderKind.Overdue, ReminderStatus.Sent), (ReminderKind.Escalation, ReminderStatus.Planned)],
            ignoreOrder: true); // no "due soon" for a check-in that is already overdue
        records.Single(r => r.Kind == ReminderKind.Overdue).Recipients.ShouldBe([anna]);
    }

    [Fact]
    public async Task the_procesbegeleider_hears_of_a_planned_steunkring_meeting_and_a_moved_one_drops_the_first_reminder()
    {
        await using var host = await Start();
        var anna = NewUser();
        var dirk = NewUser("pb");
        var caseId = await host.OpenCase(anna, firstOn: Today.AddDays(80));
        await host.Send(HttpMethod.Put, $"/api/cases/{caseId}/steunkring/procesbegeleider", new { procesbegeleider = dirk }, token: Token(anna), expect: 200);

        // Planned a month ahead: its reminder waits; moved ten days later, the first is dropped with why and a new one waits.
        var far = (await host.Send(HttpMethod.Post, $"/api/cases/{caseId}/steunkring/planned-meetings",
            new { on = Today.AddDays(30).ToString("yyyy-MM-dd"), place = "Thuis" }, token: Token(dirk), expect: 201)).Json().GetProperty("meetingId").GetGuid();
        await Wait.Until(() => host.Reminders(caseId), r => r.Any(x => x.Kind == ReminderKind.SteunkringMeeting));
        await host.Send(HttpMethod.Put, $"/api/cases/{caseId}/steunkring/planned-meetings/{far}",
            new { on = Today.AddDays(40).ToString("yyyy-MM-dd"), place = "Thuis" }, token: Token(dirk), expect: 200);
        var records = await Wait.Until(() => host.Reminders(caseId),
            r => r.Any(x => x.Kind == ReminderKind.SteunkringMeeting && x.Status == ReminderStatus.Dropped));
        var meetings = records.Where(r => r.Kind == ReminderKind.SteunkringMeeting).ToList();
        meetings.Single(r => r.Status == ReminderStatus.Dropped).DropReason.ShouldBe("no steunkring meeting is planned that day any more (held or moved)");
        meetings.Single(r => r.Status == ReminderStatus.Planned).DueOn.ShouldBe(Today.AddDays(40));

        // Planned for tomorrow: the moment to prepare has come, so it goes at once, to the procesbegeleider, not the casusregie.
        await host.Send(HttpMethod.Post, $"/api/cases/{caseId}/steunkring/planned-meetings",
            new { on = Today.AddDays(1).ToString("yyyy-MM-dd"), at = "19:30", place = "Buurthuis" }, token: Token(dirk), expect: 201);
        var inbox = await Wait.Until(() => host.Inbox(dirk), i => i.Count > 0);
        inbox.Single().Kind.ShouldBe(ReminderKind.SteunkringMeeting);
        inbox.Single().DueOn.ShouldBe(Today.AddDays(1));
        (await host.Inbox(anna)).ShouldBeEmpty();
        (await host.Send(HttpMethod.Get, "/api/me/reminders", token: Token(dirk), expect: 200)).Json().GetProperty("items")[0].GetProperty("kind").GetString().ShouldBe("steunkring-meeting");

        // In the procesbegeleider's calendar: each planned meeting, at its time in Amsterdam when one was agreed; no place, no name.
        var feedUrl = (await host.Send(HttpMethod.Post, "/api/me/calendar-token", token: Token(dirk), expect: 201)).Json().GetProperty("feedUrl").GetString()!;
        var ics = (await host.Send(HttpMethod.Get, new Uri(feedUrl).AbsolutePath, token: "", expect: 200)).ReadAsText();
        var events = Calendar.Load(ics)!.Events.Where(e => e.Summary!.StartsWith("Samen Sterker steunkring", StringComparison.Ordinal)).OrderBy(e => e.DtStart!.Date).ToList();
        events.Count.ShouldBe(2);
        events[0].DtStart!.Date.ShouldBe(Today.AddDays(1));
        events[0].DtStart!.Time.ShouldBe(new TimeOnly(19, 30));
        events[0].DtStart!.TzId.ShouldBe("Europe/Amsterdam");
        events[1].DtStart!.Date.ShouldBe(Today.AddDays(40));
        events[1].DtStart!.HasTime.ShouldBeFalse();
        ics.ShouldNotContain("Buurthuis");
        ics.ShouldNotContain("Thuis");
    }

    [Fact]
    public async Task holding_the_check_in_drops_what_was_planned_with_why_and_plans_the_next()
    {
        await using var host = await Start();
        var anna = NewUser();
        var caseId = await host.OpenCase(anna, firstOn: Today.AddDays(-3));
        await Wait.Until(() => host.Inbox(anna), i => i.Count > 0);

        var checkIn = CaseApi.CheckIn(heldOn: Today.ToString("yyyy-MM-dd"), byWhen: Today.AddDays(30).ToString("yyyy-MM-dd"));
        await host.Send(HttpMethod.Post, $"/api/cases/{caseId}/check-ins", checkIn, token: Token(anna), expect: 201);

        var records = await Wait.Until(() => host.Reminders(caseId), r => r.Any(x => x.Status == ReminderStatus.Dropped));
        var dropped = records.Single(r => r.Status == ReminderStatus.Dropped);
        dropped.Kind.ShouldBe(ReminderKind.Escalation);
        dropped.DropReason.ShouldBe($"a check-in was held on {Today:yyyy-MM-dd}");
        records.Where(r => r.Status == ReminderStatus.Planned).Select(r => r.DueOn).Distinct().ShouldBe([Today.AddMonths(3)]);

        var history = await host.Get($"/api/reminders?case={caseId}", role: "teamlead");
        history.EnumerateArray().Select(r => r.GetProperty("status").GetString()).ShouldContain("dropped");
        await Wait.Until(() => host.Get("/api/check-ins/due?within=30&professional=me", anna), d => d.GetProperty("overdue").GetArrayLength() == 0, seconds: 10);
        (await host.Get("/api/check-ins/due?within=30&professional=me", anna)).GetProperty("overdue").GetArrayLength().ShouldBe(0);

        // Closing the case drops everything still planned, with why.
        await host.Send(HttpMethod.Post, $"/api/cases/{caseId}/close", new { closedOn = Today.ToString("yyyy-MM-dd"), reason = "Doelen bereikt" },
            token: Token(anna), expect: 200);
        var afterClose = await Wait.Until(() => host.Reminders(caseId), r => r.All(x => x.Status != ReminderStatus.Planned));
        afterClose.Where(r => r.DueOn == Today.AddMonths(3)).ShouldAllBe(r => r.DropReason == $"the case was closed on {Today:yyyy-MM-dd}");
    }

    [Fact]
    public async Task a_reminder_whose_check_in_was_held_before_it_fired_is_dropped_not_sent()
    {
        // Due-soon goes out at SendAt, seven days before the due date: make that a few seconds from now.
        var moment = DateTimeOffset.UtcNow.AddSeconds(12);
        var local = TimeZoneInfo.ConvertTime(moment, SamenSterker.Platform.AmsterdamCalendar.Zone);
        await using var host = await Start(new() { ["Reminders:SendAt"] = local.ToString("HH:mm:ss") });
        var anna = NewUser();
        var caseId = await host.OpenCase(anna, firstOn: DateOnly.FromDateTime(local.DateTime).AddDays(7));
        var planned = await Wait.Until(() => host.Reminders(caseId), r => r.Any(x => x.Kind == ReminderKind.DueSoon));
        planned.Single(r => r.Kind == ReminderKind.DueSoon).Status.ShouldBe(ReminderStatus.Planned);

        var checkIn = CaseApi.CheckIn(heldOn: Today.ToString("yyyy-MM-dd"), byWhen: Today.AddDays(30).ToString("yyyy-MM-dd"));
        await host.Send(HttpMethod.Post, $"/api/cases/{caseId}/check-ins", checkIn, token: Token(anna), expect: 201);

        var records = await Wait.Until(() => host.Reminders(caseId),
            r => r.Single(x => x.Kind == ReminderKind.DueSoon && x.DueOn == planned[0].DueOn).Status == ReminderStatus.Dropped);
        records.Single(r => r.Kind == ReminderKind.DueSoon && r.DueOn == planned[0].DueOn).DropReason!.ShouldStartWith("a check-in was held");
        while (DateTimeOffset.UtcNow < moment.AddSeconds(3)) await Task.Delay(250); // past the moment: the message fired and must have done nothing
        (await host.Inbox(anna)).ShouldBeEmpty();
    }

    [Fact]
    public async Task an_escalation_goes_to_the_teams_leads_and_the_casusregie_hears_of_the_overdue_check_in_once()
    {
        var configuredLead = NewUser("t"); // named in configuration, has never used the API
        await using var host = await Start(new() { ["Reminders:TeamLeads:escalatie:0"] = configuredLead });
        var anna = NewUser();
        var lead = NewUser("t");
        await host.Send(HttpMethod.Get, "/api/me/reminders", token: Token(lead, role: "teamlead", team: "escalatie"), expect: 200); // the lead is known
        var caseId = await host.OpenCase(anna, firstOn: Today.AddDays(-20), team: "escalatie");

        var leadInbox = await Wait.Until(() => host.Inbox(lead), i => i.Count > 0);

        leadInbox.Single().Kind.ShouldBe(ReminderKind.Escalation);
        // Anna holds casusregie: the overdue reminder told her; the escalation does not tell her the same case again.
        var annas = await Wait.Until(() => host.Inbox(anna), i => i.Count >= 1);
        await Wait.Until(() => host.Reminders(caseId), r => r.All(x => x.Status == ReminderStatus.Sent));
        (await host.Inbox(anna)).Select(i => i.Kind).ShouldBe([ReminderKind.Overdue]);
        (await host.Reminders(caseId)).Single(r => r.Kind == ReminderKind.Escalation).Recipients
            .ShouldBe(new[] { lead, configuredLead }.Order(StringComparer.Ordinal));
        (await host.Inbox(configuredLead)).Single().Kind.ShouldBe(ReminderKind.Escalation);
    }

    [Fact]
    public async Task reading_a_reminder_marks_it_read_and_only_for_its_owner()
    {
        await using var host = await Start();
        var anna = NewUser();
        await host.OpenCase(anna, firstOn: Today.AddDays(-3));
        var item = (await Wait.Until(() => host.Inbox(anna), i => i.Count > 0)).Single();

        await host.Send(HttpMethod.Post, $"/api/me/reminders/{item.ReminderId}/read", token: Token(NewUser()), expect: 404);
        await host.Send(HttpMethod.Post, $"/api/me/reminders/{item.ReminderId}/read", token: Token(anna), expect: 204);

        var inbox = await host.Get("/api/me/reminders", anna);
        inbox.GetProperty("unread").GetInt32().ShouldBe(0);
        inbox.GetProperty("items")[0].GetProperty("read").GetBoolean().ShouldBeTrue();
    }

    [Fact]
    public async Task the_reminder_history_is_for_team_leads_and_auditors()
    {
        await using var host = await Start();
        var anna = NewUser();
        var caseId = await host.OpenCase(anna, firstOn: Today.AddDays(10));

        await host.Send(HttpMethod.Get, $"/api/reminders?case={caseId}", token: Token(anna), expect: 403);
        await host.Send(HttpMethod.Get, $"/api/reminders?case={caseId}", token: Token("a-1", role: "auditor"), expect: 200);
        await host.Send(HttpMethod.Get, $"/api/reminders?case={Guid.NewGuid()}", token: Token("t-1", role: "teamlead"), expect: 404);
        (await host.Send(HttpMethod.Get, "/api/reminders", token: Token("t-1", role: "teamlead"), expect: 400)).ShouldNameField("case");
    }

    [Fact]
    public async Task the_calendar_feed_lists_the_next_check_in_of_my_cases_and_rotates()
    {
        await using var host = await Start();
        var anna = NewUser();
        var caseId = await host.OpenCase(anna, firstOn: Today.AddDays(12));
        await host.Send(HttpMethod.Get, "/api/me/calendar-token", token: Token(anna), expect: 404);
        var feedUrl = (await host.Send(HttpMethod.Post, "/api/me/calendar-token", token: Token(anna), expect: 201)).Json()
            .GetProperty("feedUrl").GetString()!;
        var path = new Uri(feedUrl).AbsolutePath;

        var ics = await Wait.Until(async () => (await host.Send(HttpMethod.Get, path, token: "", expect: 200)).ReadAsText(),
            text => text.Contains("BEGIN:VEVENT"));

        var calendar = Calendar.Load(ics)!;
        var entry = calendar.Events.Single();
        entry.Summary!.ShouldStartWith("Samen Sterker check-in R-");
        entry.DtStart!.Date.ShouldBe(Today.AddDays(12));
        entry.Description!.ShouldContain(caseId.ToString());
        ics.ShouldNotContain("Verborgen"); // never the client's name

        // The feed's reads are the owner's in the access log (their calendar app reads it for them), with the secret cut short.
        var logged = await Wait.Until(() => host.Get($"/api/audit/access-log?user={anna}", "a-1", "auditor"),
            l => l.GetProperty("items").EnumerateArray().Any(e => e.GetProperty("resource").GetString()!.StartsWith("/api/calendar")), seconds: 10);
        var read = logged.GetProperty("items").EnumerateArray().First(e => e.GetProperty("resource").GetString()!.StartsWith("/api/calendar"));
        read.GetProperty("path").GetString().ShouldNotContain(path["/api/calendar/".Length..^".ics".Length]);

        // The secret is stored only as its hash and sealed with the key ring: the database holds no working URL, the owner sees it again.
        var secret = path["/api/calendar/".Length..^".ics".Length];
        var store = host.Services.GetRequiredService<Marten.IDocumentStore>();
        await using (var raw = store.QuerySession())
        {
            var stored = (await raw.AdvancedSql.QueryAsync<string>("select row_to_json(d)::text from samensterker.mt_doc_calendarfeed d where id = ?",
                CancellationToken.None, anna)).Single();
            stored.ShouldNotContain(secret);
            stored.ShouldContain(CalendarFeedTokens.HashOf(secret));
        }
        (await host.Send(HttpMethod.Get, "/api/me/calendar-token", token: Token(anna), expect: 200)).Json().GetProperty("feedUrl").GetString().ShouldBe(feedUrl);

        var rotated = (await host.Send(HttpMethod.Post, "/api/me/calendar-token", token: Token(anna), expect: 201)).Json().GetProperty("feedUrl").GetString()!;
        rotated.ShouldNotBe(feedUrl);
        await host.Send(HttpMethod.Get, path, token: "", expect: 404);
        await host.Send(HttpMethod.Get, "/api/calendar/not-a-real-token-but-long-enough.ics", token: "", expect: 404);

        // A feed made before secrets were sealed (its secret in plain) is sealed at the start and keeps its URL.
        var old = NewUser();
        var oldSecret = "an-old-plain-calendar-secret-0123456789";
        await using (var session = store.LightweightSession())
        {
            session.Store(new CalendarFeed { Id = old, Token = oldSecret, CreatedAt = DateTimeOffset.UtcNow });
            await session.SaveChangesAsync();
        }
        (await host.Services.GetRequiredService<CalendarFeedTokens>().SealLegacy(store, CancellationToken.None)).ShouldBeGreaterThanOrEqualTo(1);
        await host.Send(HttpMethod.Get, $"/api/calendar/{oldSecret}.ics", token: "", expect: 200);
        await using (var raw = store.QuerySession())
            (await raw.AdvancedSql.QueryAsync<string>("select row_to_json(d)::text from samensterker.mt_doc_calendarfeed d where id = ?",
                CancellationToken.None, old)).Single().ShouldNotContain(oldSecret);
    }

    [Fact]
    public async Task e_mail_goes_out_through_smtp_without_names_or_free_text()
    {
        await using var smtp = new SmtpReceiver();
        await using var host = await Start(new()
        {
            ["Smtp:Host"] = "127.0.0.1", ["Smtp:Port"] = smtp.Port.ToString(), ["Smtp:From"] = "reminders@samensterker.test",
        });
        var anna = NewUser();
        await host.Send(HttpMethod.Get, "/api/me/reminders", token: Token(anna, email: "anna@example.org"), expect: 200); // her address is known
        await using (var session = host.Services.GetRequiredService<Marten.IDocumentStore>().QuerySession())
            (await session.LoadAsync<UserProfile>(anna))?.Email.ShouldBe("anna@example.org");
        var caseId = await host.OpenCase(anna, firstOn: Today.AddDays(-3));

        await Wait.Until(() => Task.FromResult(smtp.Messages.Count), n => n > 0);

        var (from, to, data) = smtp.Messages.Single();
        from.ShouldContain("reminders@samensterker.test");
        to.Single().ShouldContain("anna@example.org");
        var mail = MimeKit.MimeMessage.Load(new MemoryStream(System.Text.Encoding.UTF8.GetBytes(data)));
        mail.Subject.ShouldStartWith("Samen Sterker: Check-in te laat — dossier R-");
        mail.TextBody!.ShouldContain($"/clienten/{caseId}"); // the page, not the API
        (mail.Subject + mail.TextBody).ShouldNotContain("Verborgen"); // never the client's name
    }
}

internal static class ReminderHostExtensions
{
    public static async Task<System.Text.Json.JsonElement> Get(this IAlbaHost host, string url, string user, string role = "professional")
    {
        var result = await host.Scenario(s =>
        {
            s.WithBearerToken(Token(user, role: role));
            s.Get.Url(url);
            s.StatusCodeShouldBe(200);
        });
        return result.Json();
    }
}
