using JasperFx.Events;
using JasperFx.Events.Daemon;
using JasperFx.Events.Projections;
using Marten;
using Marten.Subscriptions;
using Microsoft.Extensions.Options;
using SamenSterker.Cases;
using SamenSterker.CheckIns;
using Wolverine;
using Wolverine.Marten.Subscriptions;

namespace SamenSterker.Reminders;

/// <summary>A planned reminder's moment has come (or it is redelivered: then it does nothing).</summary>
public sealed record DeliverReminder(Guid ReminderId);

/// <summary>
/// Plans the reminders of every case whose check-in schedule may have changed: a Marten event
/// subscription, run by the async daemon in strict order on one node, whose writes and scheduled
/// messages commit in one transaction with its progress (Wolverine's outbox). Reminders the new plan
/// no longer holds are dropped with why; new ones are stored and scheduled as durable messages.
/// </summary>
public sealed class ReminderPlanning : BatchSubscription
{
    public const string PlanningName = "ReminderPlanning";
    private readonly TimeProvider time;
    private readonly IOptions<ReminderSettings> options;

    public ReminderPlanning(TimeProvider time, IOptions<ReminderSettings> options) : base(PlanningName)
    {
        this.time = time;
        this.options = options;
        // Only what can move a due date or end the case.
        IncludeType<CaseOpened>();
        IncludeType<CheckInMomentsAgreed>();
        IncludeType<FamilyPlanSet>();
        IncludeType<RoleAssigned>();
        IncludeType<CheckInHeld>();
        IncludeType<CaseClosed>();
    }

    public override async Task ProcessEventsAsync(EventRange page, ISubscriptionController controller, IDocumentOperations operations,
        IMessageBus bus, CancellationToken ct)
    {
        var caseIds = page.Events.Select(e => e.StreamId).Distinct().ToArray();
        if (caseIds.Length == 0) return;

        var settings = options.Value;
        var calendar = ReminderCalendar.From(settings);
        var now = time.GetUtcNow();
        var cases = await operations.LoadManyAsync<Case>(ct, caseIds);
        var open = await operations.Query<ReminderRecord>()
            .Where(r => r.CaseId.IsOneOf(caseIds) && r.Status == ReminderStatus.Planned).ToListAsync(ct);

        var plans = cases.ToDictionary(c => c.Id, c => ReminderPlan.For(c, calendar, settings.FamilyPlanCheckInDays, now));
        var known = (await operations.LoadManyAsync<ReminderRecord>(ct, plans.Values.SelectMany(p => p).Select(p => p.ReminderId).ToArray()))
            .ToDictionary(r => r.Id);

        foreach (var c in cases)
        {
            var plan = plans[c.Id];
            foreach (var stale in open.Where(r => r.CaseId == c.Id && plan.All(p => p.ReminderId != r.Id)))
            {
                stale.Drop(now, ReminderPlan.WhyStale(c, stale.DueOn, stale.CheckInsHeldWhenPlanned, settings.FamilyPlanCheckInDays) ?? "re-planned");
                operations.Store(stale);
            }

            foreach (var p in plan)
            {
                if (known.TryGetValue(p.ReminderId, out var existing) && existing.Status != ReminderStatus.Dropped) continue;
                operations.Store(new ReminderRecord
                {
                    Id = p.ReminderId, CaseId = c.Id, CaseReference = c.ClientReference, TeamId = c.TeamId, Kind = p.Kind,
                    DueOn = p.DueOn, DueReason = p.DueReason, SendAt = p.SendAt, PlannedAt = now,
                    CheckInsHeldWhenPlanned = c.Schedule.CheckInsHeld,
                });
                var message = new DeliverReminder(p.ReminderId);
                if (p.SendAt <= now) await bus.PublishAsync(message);
                else await bus.ScheduleAsync(message, p.SendAt);
            }
        }
    }
}
