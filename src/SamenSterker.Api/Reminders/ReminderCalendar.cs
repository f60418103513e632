using System.Text.Json.Serialization;
using SamenSterker.Platform;

namespace SamenSterker.Reminders;

/// <summary>On the wire: "due-soon", "overdue", "escalation" (of a check-in); "steunkring-meeting" (to the procesbegeleider).</summary>
public enum ReminderKind
{
    [JsonStringEnumMemberName("due-soon")] DueSoon = 1,
    Overdue,
    Escalation,
    /// <summary>A planned steunkring meeting comes up: prepare the agenda with the client, speak with whoever is still to be spoken with.</summary>
    [JsonStringEnumMemberName("steunkring-meeting")] SteunkringMeeting,
}

/// <summary>
/// When each reminder for a due date goes out: at <c>SendAt</c> local time (Europe/Amsterdam, so the
/// UTC instant follows daylight saving), on a working day. A due-soon reminder on a weekend or holiday
/// goes out on the working day before (earlier rather than late); an overdue or escalation reminder
/// on the working day after.
/// </summary>
public sealed class ReminderCalendar(TimeOnly sendAt, int leadDays, int escalateAfterDays, IReadOnlySet<DateOnly> holidays,
    IReadOnlySet<DayOfWeek> workingDays)
{
    public static ReminderCalendar From(ReminderSettings s) =>
        new(s.SendAtTime, s.LeadDays, s.EscalateAfterDays, s.Holidays, s.Workdays);

    public bool IsWorkingDay(DateOnly day) => workingDays.Contains(day.DayOfWeek) && !holidays.Contains(day);

    public DateOnly DayOf(ReminderKind kind, DateOnly dueOn) => kind switch
    {
        ReminderKind.DueSoon or ReminderKind.SteunkringMeeting => WorkingDayOnOrBefore(dueOn.AddDays(-leadDays)),
        ReminderKind.Overdue => WorkingDayOnOrAfter(dueOn.AddDays(1)),
        _ => WorkingDayOnOrAfter(dueOn.AddDays(escalateAfterDays)),
    };

    public DateTimeOffset MomentOf(ReminderKind kind, DateOnly dueOn) => At(DayOf(kind, dueOn));

    /// <summary>SendAt on that day in Amsterdam, as an instant. A time skipped by the spring change moves an hour on.</summary>
    public DateTimeOffset At(DateOnly day)
    {
        var local = day.ToDateTime(sendAt);
        if (AmsterdamCalendar.Zone.IsInvalidTime(local)) local = local.AddHours(1);
        var offset = AmsterdamCalendar.Zone.GetUtcOffset(local);
        return new DateTimeOffset(local, offset);
    }

    private DateOnly WorkingDayOnOrBefore(DateOnly day)
    {
        for (var i = 0; i < 366 && !IsWorkingDay(day); i++) day = day.AddDays(-1);
        return day;
    }

    private DateOnly WorkingDayOnOrAfter(DateOnly day)
    {
        for (var i = 0; i < 366 && !IsWorkingDay(day); i++) day = day.AddDays(1);
        return day;
    }
}
