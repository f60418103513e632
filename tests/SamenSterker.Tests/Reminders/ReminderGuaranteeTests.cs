using Alba;
using Microsoft.Extensions.DependencyInjection;
using SamenSterker.Platform;
using SamenSterker.Reminders;
using SamenSterker.Tests.Support;
using Shouldly;
using static SamenSterker.Tests.Support.ReminderHosts;
using Wolverine;

namespace SamenSterker.Tests.Reminders;

/// <summary>Durable across restarts, exactly once across nodes, a redelivery a no-op.</summary>
[Collection(ReminderCollection.Name)]
public sealed class ReminderGuaranteeTests
{
    /// <summary>Settings that put today's due-soon reminder <paramref name="seconds"/> from now, and the case's first check-in date.</summary>
    private static (Dictionary<string, string?> Settings, DateOnly FirstOn, DateTimeOffset Moment) DueSoonIn(int seconds)
    {
        var moment = DateTimeOffset.UtcNow.AddSeconds(seconds);
        var local = TimeZoneInfo.ConvertTime(moment, AmsterdamCalendar.Zone);
        return (new() { ["Reminders:SendAt"] = local.ToString("HH:mm:ss") }, DateOnly.FromDateTime(local.DateTime).AddDays(7), moment);
    }

    [Fact]
    public async Task a_reminder_scheduled_before_a_restart_is_delivered_after_it()
    {
        var (settings, firstOn, moment) = DueSoonIn(15);
        var anna = NewUser();
        Guid caseId;
        await using (var before = await Start(settings))
        {
            caseId = await before.OpenCase(anna, firstOn);
            var planned = await Wait.Until(() => before.Reminders(caseId), r => r.Any(x => x.Kind == ReminderKind.DueSoon));
            planned.Single(r => r.Kind == ReminderKind.DueSoon).Status.ShouldBe(ReminderStatus.Planned);
        } // the service stops before the moment

        DateTimeOffset.UtcNow.ShouldBeLessThan(moment, "the test must restart before the reminder's moment");
        await using var after = await Start(settings);
        var inbox = await Wait.Until(() => after.Inbox(anna), i => i.Count > 0);

        inbox.Single().Kind.ShouldBe(ReminderKind.DueSoon);
        inbox.Single().SentAt.ShouldBeGreaterThanOrEqualTo(moment.AddSeconds(-1));
        (await after.Reminders(caseId)).Single(r => r.Kind == ReminderKind.DueSoon).Status.ShouldBe(ReminderStatus.Sent);
    }

    [Fact]
    public async Task a_reminder_goes_to_whoever_holds_casusregie_when_it_is_delivered()
    {
        var (settings, firstOn, moment) = DueSoonIn(12);
        await using var host = await Start(settings);
        var anna = NewUser();
        var bert = NewUser();
        var caseId = await host.OpenCase(anna, firstOn);
        await Wait.Until(() => host.Reminders(caseId), r => r.Any(x => x.Kind == ReminderKind.DueSoon));

        await host.Send(HttpMethod.Put, $"/api/cases/{caseId}/roles", new { casusregie = bert }, token: Token(anna), expect: 200);

        DateTimeOffset.UtcNow.ShouldBeLessThan(moment, "the hand-over must come before the reminder's moment");
        var inbox = await Wait.Until(() => host.Inbox(bert), i => i.Count > 0);
        inbox.Single().Kind.ShouldBe(ReminderKind.DueSoon);
        (await host.Inbox(anna)).ShouldBeEmpty();
        var wire = await host.Get("/api/me/reminders", bert);
        wire.GetProperty("items")[0].GetProperty("kind").GetString().ShouldBe("due-soon");
    }

    [Fact]
    public async Task a_reminder_that_fell_due_while_the_service_was_down_is_delivered_late_once()
    {
        var (settings, firstOn, moment) = DueSoonIn(10);
        var anna = NewUser();
        await using (var before = await Start(settings))
        {
            var caseId = await before.OpenCase(anna, firstOn);
            await Wait.Until(() => before.Reminders(caseId), r => r.Any(x => x.Kind == ReminderKind.DueSoon));
        }

        while (DateTimeOffset.UtcNow < moment.AddSeconds(2)) await Task.Delay(250); // the service is down while the moment passes
        await using var after = await Start(settings);

        var inbox = await Wait.Until(() => after.Inbox(anna), i => i.Count > 0);
        inbox.Single().Kind.ShouldBe(ReminderKind.DueSoon);
        inbox.Single().SentAt.ShouldBeGreaterThan(moment.AddSeconds(1)); // late
        await Task.Delay(TimeSpan.FromSeconds(3));
        (await after.Inbox(anna)).Count.ShouldBe(1); // once
    }

    [Fact]
    public async Task two_service_instances_deliver_every_reminder_exactly_once()
    {
        await using var first = await Start();
        await using var second = await Start();
        var users = Enumerable.Range(0, 6).Select(_ => NewUser()).ToList();
        var cases = new List<Guid>();
        for (var i = 0; i < users.Count; i++)
            cases.Add(await (i % 2 == 0 ? first : second).OpenCase(users[i], firstOn: Today.AddDays(-2)));

        foreach (var user in users) await Wait.Until(() => first.Inbox(user), i => i.Count > 0);

        // Deliver every reminder again from both nodes at once: a redelivered message is a no-op.
        var sent = new List<ReminderRecord>();
        foreach (var caseId in cases) sent.AddRange((await first.Reminders(caseId)).Where(r => r.Status == ReminderStatus.Sent));
        sent.Count.ShouldBe(users.Count);
        await Task.WhenAll(sent.SelectMany(r => new[]
        {
            first.Services.GetRequiredService<IMessageBus>().InvokeAsync(new DeliverReminder(r.Id)),
            second.Services.GetRequiredService<IMessageBus>().InvokeAsync(new DeliverReminder(r.Id)),
        }));

        foreach (var user in users) (await first.Inbox(user)).Count.ShouldBe(1, $"{user} should have exactly one reminder");
        foreach (var caseId in cases)
            (await second.Reminders(caseId)).Count(r => r.Status == ReminderStatus.Sent).ShouldBe(1);
    }

    [Fact]
    public async Task deliveries_of_one_planned_reminder_racing_on_two_nodes_deliver_it_once()
    {
        await using var smtp = new SmtpReceiver();
        var mail = new Dictionary<string, string?> { ["Smtp:Host"] = "127.0.0.1", ["Smtp:Port"] = smtp.Port.ToString() };
        await using var first = await Start(mail);
        await using var second = await Start(mail);
        var anna = NewUser();
        await first.Send(HttpMethod.Get, "/api/me/reminders", token: Token(anna, email: "anna@example.org"), expect: 200);
        var caseId = await first.OpenCase(anna, firstOn: Today.AddDays(-2));
        var sent = (await Wait.Until(() => first.Reminders(caseId), r => r.Any(x => x.Status == ReminderStatus.Sent)))
            .Single(r => r.Status == ReminderStatus.Sent);

        // A second reminder for the same due date, planned and due now, that nobody has delivered yet.
        var racing = new ReminderRecord
        {
            Id = Guid.NewGuid(), CaseId = caseId, CaseReference = sent.CaseReference, TeamId = sent.TeamId, Kind = ReminderKind.Overdue,
            DueOn = sent.DueOn, DueReason = sent.DueReason, SendAt = DateTimeOffset.UtcNow.AddMinutes(-1), PlannedAt = DateTimeOffset.UtcNow,
        };
        await using (var session = first.Services.GetRequiredService<Marten.IDocumentStore>().LightweightSession())
        {
            session.Store(racing);
            await session.SaveChangesAsync();
        }

        var attempts = Enumerable.Range(0, 6).Select(i => Task.Run(async () =>
        {
            try { await (i % 2 == 0 ? first : second).Services.GetRequiredService<IMessageBus>().InvokeAsync(new DeliverReminder(racing.Id)); }
            catch (Exception) { /* a loser of the race: its transaction rolled back */ }
        }));
        await Task.WhenAll(attempts);

        (await first.Inbox(anna)).Count(i => i.ReminderId == racing.Id).ShouldBe(1);
        (await second.Reminders(caseId)).Single(r => r.Id == racing.Id).Status.ShouldBe(ReminderStatus.Sent);
        // One e-mail for the first reminder, one for the racing one: the losers' e-mails rolled back with them.
        await Wait.Until(() => Task.FromResult(smtp.Messages.Count), n => n >= 2, seconds: 20);
        await Task.Delay(TimeSpan.FromSeconds(3));
        smtp.Messages.Count.ShouldBe(2);
    }
}
