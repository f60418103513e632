using System.Runtime.ExceptionServices;
using JasperFx.Events.Daemon;
using JasperFx.Events.Projections;
using Marten;
using Microsoft.Extensions.Options;
using SamenSterker.Cases;
using SamenSterker.CheckIns;
using SamenSterker.Platform;
using Wolverine;
using Wolverine.Marten.Subscriptions;

namespace SamenSterker.Reminders;

/// <summary>A planned reminder's moment has come (or it is redelivered: then it does nothing).</summary>
public sealed record DeliverReminder(Guid ReminderId);

/// <summary>
/// Plan the reminders of one case again. Sent by <see cref="ReminderPlanning"/> for a case whose planning
/// failed, so that one case that cannot be planned never holds up the others: Wolverine retries it and
/// then sets it aside (its dead letters), where <c>ops/run.sh set-aside</c> lists and replays it.
/// </summary>
public sealed record PlanCaseReminders(Guid CaseId);

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
    private readonly ILogger<ReminderPlanning> logger;

    public ReminderPlanning(TimeProvider time, IOptions<ReminderSettings> options, ILogger<ReminderPlanning> logger) : base(PlanningName)
    {
        this.time = time;
        this.options = options;
        this.logger = logger;
        // Only what can move a due date (of a check-in or a steunkring meeting) or end the case.
        IncludeType<CaseOpened>();
        IncludeType<CheckInMomentsAgreed>();
        IncludeType<FamilyPlanSet>();
        IncludeType<RoleAssigned>();
        IncludeType<CheckInHeld>();
        IncludeType<CheckIns.CheckInDateCorrected>();
        IncludeType<CaseClosed>();
        IncludeType<Steunkring.SteunkringMeetingPlanned>();
        IncludeType<Steunkring.SteunkringMeetingHeld>();
    }

    public override async Task ProcessEventsAsync(EventRange page, ISubscriptionController controller, IDocumentOperations operations,
        IMessageBus bus, CancellationToken ct)
    {
        var caseIds = page.Events.Select(e => e.StreamId).Distinct().ToArray();
        if (caseIds.Length == 0) return;

        // Each case's plan remembers the request whose event it follows (its correlation id), and the planning is a span of its own.
        var because = page.Events.GroupBy(e => e.StreamId).ToDictionary(g => g.Key, g => g.Last().CorrelationId);
        using var span = Telemetry.Source.StartActivity("plan reminders");
        span?.SetTag("samensterker.cases", caseIds.Length);
        span?.SetTag("samensterker.correlation_id", string.Join(',', because.Values.Where(v => v is not null).Distinct().Take(10)));
        var failures = await ReminderPlanner.Plan(caseIds, operations, bus, options.Value, time.GetUtcNow(), ct, because);
        foreach (var (caseId, error) in failures)
        {
            // The other cases of this page are planned and the subscription moves on; this case goes to its own message.
            logger.LogWarning("Reminder planning failed for case {CaseId} ({ExceptionType}); handed to its own message, which is retried and then set aside",
                caseId, error.SourceException.GetType().Name);
            await bus.PublishAsync(new PlanCaseReminders(caseId));
        }
    }
}

/// <summary>
/// Replays a case whose events the planning subscription set aside: its reminders are planned again from the
/// case as it is now (planning needs the running service's message bus, so this works from the admin endpoint).
/// </summary>
public sealed class ReminderPlanningReprojection : ICaseReprojection
{
    public string Projection => ReminderPlanning.PlanningName;

    public async Task Reproject(IServiceProvider services, Guid caseId, CancellationToken ct)
    {
        await using var scope = services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<IMessageBus>().PublishAsync(new PlanCaseReminders(caseId));
    }
}

public static class PlanCaseRemindersHandler
{
    public static async Task Handle(PlanCaseReminders message, IDocumentSession session, IMessageBus bus, TimeProvider time,
        IOptions<ReminderSettings> options, CancellationToken ct)
    {
        var failures = await ReminderPlanner.Plan([message.CaseId], session, bus, options.Value, time.GetUtcNow(), ct);
        // Thrown, so Wolverine's error policy retries and then sets the message aside with the reason.
        if (failures.Count > 0) failures[0].Error.Throw();
    }
}

/// <summary>The planning itself, per case: the pure plan first, then its writes, so a case whose plan fails writes nothing.</summary>
public static class ReminderPlanner
{
    public static async Task<IReadOnlyList<(Guid CaseId, ExceptionDispatchInfo Error)>> Plan(Guid[] caseIds, IDocumentOperations operations,
        IMessageBus bus, ReminderSettings settings, DateTimeOffset now, CancellationToken ct, IReadOnlyDictionary<Guid, string?>? because = null)
    {
        var calendar = ReminderCalendar.From(settings);
        var cases = await operations.LoadManyAsync<Case>(ct, caseIds);
        var open = await operations.Query<ReminderRecord>()
            .Where(r => r.CaseId.IsOneOf(caseIds) && r.Status == ReminderStatus.Planned).ToListAsync(ct);

        var failures = new List<(Guid, ExceptionDispatchInfo)>();
        var plans = new Dictionary<Guid, IReadOnlyList<PlannedReminder>>();
        var drops = new List<(ReminderRecord Record, string Why)>();
        foreach (var c in cases)
        {
            try
            {
                var plan = ReminderPlan.For(c, calendar, settings.FamilyPlanCheckInDays, now);
                var stale = open.Where(r => r.CaseId == c.Id && plan.All(p => p.ReminderId != r.Id))
                    .Select(r => (r, ReminderPlan.WhyStale(c, r.Kind, r.DueOn, r.CheckInsHeldWhenPlanned, settings.FamilyPlanCheckInDays) ?? "re-planned"))
                    .ToList();
                plans[c.Id] = plan;
                drops.AddRange(stale);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                failures.Add((c.Id, ExceptionDispatchInfo.Capture(e)));
            }
        }

        foreach (var (record, why) in drops)
        {
            record.Drop(now, why);
            operations.Store(record);
        }

        var known = (await operations.LoadManyAsync<ReminderRecord>(ct, plans.Values.SelectMany(p => p).Select(p => p.ReminderId).ToArray()))
            .ToDictionary(r => r.Id);
        foreach (var c in cases.Where(c => plans.ContainsKey(c.Id)))
        foreach (var p in plans[c.Id])
        {
            if (known.TryGetValue(p.ReminderId, out var existing) && existing.Status != ReminderStatus.Dropped) continue;
            operations.Store(new ReminderRecord
            {
                Id = p.ReminderId, CaseId = c.Id, CaseReference = c.ClientReference, TeamId = c.TeamId, Kind = p.Kind,
                DueOn = p.DueOn, DueReason = p.DueReason, SendAt = p.SendAt, PlannedAt = now,
                CheckInsHeldWhenPlanned = c.Schedule.CheckInsHeld, PlannedBecauseOf = because?.GetValueOrDefault(c.Id),
            });
            var message = new DeliverReminder(p.ReminderId);
            if (p.SendAt <= now) await bus.PublishAsync(message);
            else await bus.ScheduleAsync(message, p.SendAt);
        }
        return failures;
    }
}
