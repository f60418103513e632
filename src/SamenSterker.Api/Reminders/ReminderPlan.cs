using SamenSterker.Cases;
using SamenSterker.Platform;

namespace SamenSterker.Reminders;

public sealed record PlannedReminder(Guid ReminderId, ReminderKind Kind, DateOnly DueOn, DueReason DueReason, DateTimeOffset SendAt);

/// <summary>
/// Which reminders a case should have now. Pure: the case, the calendar and "now" in, the plan out.
/// Each reminder has a deterministic identity (case, due date, kind), so planning again, on any
/// node, any number of times, names the same reminders.
/// </summary>
public static class ReminderPlan
{
    /// <summary>The reminders of a check-in that falls due.</summary>
    private static readonly ReminderKind[] OfACheckIn = [ReminderKind.DueSoon, ReminderKind.Overdue, ReminderKind.Escalation];

    public static IReadOnlyList<PlannedReminder> For(Case c, ReminderCalendar calendar, int familyPlanCheckInDays, DateTimeOffset now)
    {
        if (c.Closed) return [];
        var plan = new List<PlannedReminder>(3 + c.PlannedMeetings.Count);
        // The procesbegeleider hears of each planned meeting a few working days ahead (or at once when planned later than that).
        var today = AmsterdamCalendar.DayOf(now);
        foreach (var meetingOn in c.PlannedMeetings.Select(m => m.On).Where(on => on >= today).Distinct())
        {
            var moment = calendar.MomentOf(ReminderKind.SteunkringMeeting, meetingOn);
            plan.Add(new PlannedReminder(IdOf(c.Id, meetingOn, ReminderKind.SteunkringMeeting), ReminderKind.SteunkringMeeting, meetingOn,
                DueReason.AgreedDate, moment < now ? now : moment));
        }
        if (c.Schedule.NextDue(familyPlanCheckInDays) is not { } due) return plan;

        var overdueAt = calendar.MomentOf(ReminderKind.Overdue, due.DueOn);
        foreach (var kind in OfACheckIn)
        {
            // Once the check-in is overdue, "due soon" has nothing left to say.
            if (kind == ReminderKind.DueSoon && overdueAt <= now) continue;
            var moment = calendar.MomentOf(kind, due.DueOn);
            // A moment already past when it is planned: send at once.
            plan.Add(new PlannedReminder(IdOf(c.Id, due.DueOn, kind), kind, due.DueOn, due.Reason, moment < now ? now : moment));
        }
        return plan;
    }

    /// <summary>Why a planned reminder for <paramref name="dueOn"/> no longer applies to the case, or null if it does.</summary>
    public static string? WhyStale(Case c, ReminderKind kind, DateOnly dueOn, int checkInsHeldWhenPlanned, int familyPlanCheckInDays)
    {
        if (c.Closed) return $"the case was closed on {c.ClosedOn:yyyy-MM-dd}";
        if (kind == ReminderKind.SteunkringMeeting)
            return c.PlannedMeetings.Any(m => m.On == dueOn) ? null : "no steunkring meeting is planned that day any more (held or moved)";
        if (c.Schedule.CheckInsHeld > checkInsHeldWhenPlanned) return $"a check-in was held on {c.Schedule.LastCheckInOn:yyyy-MM-dd}";
        var now = c.Schedule.NextDue(familyPlanCheckInDays);
        if (now is null || now.DueOn != dueOn) return $"the check-in is now due on {now?.DueOn:yyyy-MM-dd} ({now?.Reason})";
        return null;
    }

    public static Guid IdOf(Guid caseId, DateOnly dueOn, ReminderKind kind) =>
        NameBasedId.From($"reminder:{caseId:N}:{dueOn:yyyy-MM-dd}:{kind}");
}
