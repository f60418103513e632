using Marten;
using Microsoft.Extensions.Options;
using SamenSterker.Access;
using SamenSterker.Cases;
using Wolverine;

namespace SamenSterker.Reminders;

/// <summary>
/// Delivers a reminder exactly once: a reminder that is no longer planned (sent, dropped, or this is a
/// redelivery) does nothing; one whose reason has passed (check-in held, moments changed, case
/// closed) is dropped with why; otherwise it goes to whoever holds casusregie now (an escalation
/// goes to the team's leads, and to the casusregie only when no overdue reminder told them), into their inboxes and, when SMTP is configured, by e-mail. The
/// record, the inbox items and the e-mail messages commit in one transaction (Wolverine's outbox);
/// the record's optimistic concurrency and the inbox items' fixed ids stop a second node from
/// delivering the same reminder again.
/// </summary>
public static class DeliverReminderHandler
{
    public static async Task<OutgoingMessages> Handle(DeliverReminder message, IDocumentSession session, TimeProvider time,
        IOptions<ReminderSettings> settings, IOptions<SmtpSettings> smtp, ILogger<DeliverReminder> logger, CancellationToken ct)
    {
        var outgoing = new OutgoingMessages();
        var record = await session.LoadAsync<ReminderRecord>(message.ReminderId, ct);
        if (record is not { Status: ReminderStatus.Planned }) return outgoing;
        // Wolverine's span of this message says which reminder it is and the request that planned it (no name, no text).
        System.Diagnostics.Activity.Current?.SetTag("samensterker.reminder_id", record.Id).SetTag("samensterker.case_id", record.CaseId)
            .SetTag("samensterker.reminder_kind", record.Kind.ToString()).SetTag("samensterker.correlation_id", record.PlannedBecauseOf);

        var now = time.GetUtcNow();
        if (record.SendAt > now.AddSeconds(1))
        {
            // Early by our clock (the TimeProvider decides, not the scheduler's): wait for the moment.
            outgoing.Add(message.ScheduledAt(record.SendAt));
            return outgoing;
        }

        var c = await session.LoadAsync<Case>(record.CaseId, ct);
        var stale = c is null ? "the case does not exist" : ReminderPlan.WhyStale(c, record.Kind, record.DueOn, record.CheckInsHeldWhenPlanned, settings.Value.FamilyPlanCheckInDays);
        if (stale is not null)
        {
            record.Drop(now, stale);
            session.Store(record);
            logger.LogInformation("Reminder {ReminderId} ({Kind}) for case {CaseId} dropped: {Reason}", record.Id, record.Kind, record.CaseId, stale);
            return outgoing;
        }

        // A meeting's reminder goes to the procesbegeleider (who keeps the steunkring), a check-in's to the casusregie.
        var recipients = new List<string> { record.Kind == ReminderKind.SteunkringMeeting ? c!.Procesbegeleider ?? c.Casusregie : c!.Casusregie };
        if (record.Kind == ReminderKind.Escalation)
        {
            var batch = session.CreateBatchQuery();
            var leads = batch.Query<UserProfile>().Where(u => u.Team == c.TeamId && u.Roles.Contains(Roles.TeamLead)).ToList();
            var overdue = batch.Query<ReminderRecord>().Where(r => r.CaseId == c.Id && r.DueOn == record.DueOn && r.Kind == ReminderKind.Overdue).ToList();
            await batch.Execute(ct);
            // The casusregie hears of an overdue check-in once: from the overdue reminder, sent to them or still to be
            // sent (it goes to whoever holds casusregie then). Only a casusregie who had none (a hand-over since) gets this one.
            if ((await overdue).Any(r => r.Status == ReminderStatus.Planned || r.Status == ReminderStatus.Sent && r.Recipients.Contains(c.Casusregie)))
                recipients.Clear();
            var configured = settings.Value.TeamLeads.GetValueOrDefault(c.TeamId) ?? [];
            recipients.AddRange((await leads).Select(l => l.Id).Concat(configured).Where(id => id != c.Casusregie).Distinct().Order(StringComparer.Ordinal));
        }

        record.Status = ReminderStatus.Sent;
        record.SentAt = now;
        record.Recipients = recipients;
        session.Store(record);
        foreach (var user in recipients)
        {
            session.Insert(new InboxItem
            {
                Id = InboxItem.IdOf(record.Id, user), UserId = user, ReminderId = record.Id, CaseId = record.CaseId,
                CaseReference = record.CaseReference, Kind = record.Kind, DueOn = record.DueOn, SentAt = now,
            });
            if (smtp.Value.Configured) outgoing.Add(new SendReminderEmail(record.Id, user));
        }
        logger.LogInformation("Reminder {ReminderId} ({Kind}) for case {CaseId} sent to {RecipientCount} recipient(s)",
            record.Id, record.Kind, record.CaseId, recipients.Count);
        return outgoing;
    }
}
