using System.Globalization;
using SamenSterker.Cases;

namespace SamenSterker.Reminders;

/// <summary>Configuration section <c>Reminders</c>.</summary>
public sealed class ReminderSettings
{
    /// <summary>Plan and send reminders at all (the API's own tests switch it off).</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>Days within which a new family plan makes a check-in due (when the moments say so).</summary>
    public int FamilyPlanCheckInDays { get; set; } = CheckInScheduleState.DefaultFamilyPlanCheckInDays;

    /// <summary>Local time (Europe/Amsterdam) at which reminders go out, "HH:mm" or "HH:mm:ss".</summary>
    public string SendAt { get; set; } = "08:00";

    /// <summary>Days before the due date that the due-soon reminder goes out.</summary>
    public int LeadDays { get; set; } = 7;

    /// <summary>Days overdue after which the team lead(s) are told as well.</summary>
    public int EscalateAfterDays { get; set; } = 14;

    /// <summary>Dates (YYYY-MM-DD) on which no reminder is sent: the public holidays.</summary>
    public List<string> PublicHolidays { get; set; } = [];

    /// <summary>The days reminders go out; Monday to Friday unless configured otherwise.</summary>
    public List<DayOfWeek> WorkingDays { get; set; } = [];

    /// <summary>
    /// Team id → user ids of its lead(s), for escalations. Leads are also known from their tokens
    /// once they have used the API; this list covers those who have not (yet).
    /// </summary>
    public Dictionary<string, List<string>> TeamLeads { get; set; } = new();

    /// <summary>Where links in e-mails and calendar entries point.</summary>
    public string BaseUrl { get; set; } = "http://127.0.0.1:5080";

    public TimeOnly SendAtTime => TimeOnly.ParseExact(SendAt, ["HH:mm", "HH:mm:ss"], CultureInfo.InvariantCulture);

    public IReadOnlySet<DateOnly> Holidays =>
        PublicHolidays.Select(d => DateOnly.ParseExact(d, "yyyy-MM-dd", CultureInfo.InvariantCulture)).ToHashSet();

    public IReadOnlySet<DayOfWeek> Workdays => WorkingDays.Count > 0
        ? WorkingDays.ToHashSet()
        : new HashSet<DayOfWeek> { DayOfWeek.Monday, DayOfWeek.Tuesday, DayOfWeek.Wednesday, DayOfWeek.Thursday, DayOfWeek.Friday };
}
