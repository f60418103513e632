using SamenSterker.Cases;
using SamenSterker.CheckIns;
using SamenSterker.Reminders;
using Shouldly;
using Case = SamenSterker.Cases.Case;

namespace SamenSterker.Tests.Reminders;

/// <summary>The due-date and reminder-moment rules as plain functions over many calendars.</summary>
public sealed class ReminderCalendarTests
{
    private static readonly DayOfWeek[] Weekdays = [DayOfWeek.Monday, DayOfWeek.Tuesday, DayOfWeek.Wednesday, DayOfWeek.Thursday, DayOfWeek.Friday];

    private static ReminderCalendar Calendar(string sendAt = "08:00", params DateOnly[] holidays) =>
        new(TimeOnly.Parse(sendAt), 7, 14, holidays.ToHashSet(), Weekdays.ToHashSet());

    private static DateTimeOffset Utc(int y, int m, int d, int h, int min = 0) => new(y, m, d, h, min, 0, TimeSpan.Zero);

    [Fact]
    public void due_soon_goes_out_seven_days_before_at_eight_in_amsterdam()
    {
        // Due Wednesday 2 December 2026: due-soon Wednesday 25 November, 08:00 CET = 07:00 UTC.
        Calendar().MomentOf(ReminderKind.DueSoon, new(2026, 12, 2)).ShouldBe(Utc(2026, 11, 25, 7));
    }

    [Fact]
    public void a_due_soon_on_a_weekend_goes_out_the_friday_before()
    {
        // Due Sunday 31 January 2027 (a month end): seven days before is Sunday 24 January.
        Calendar().DayOf(ReminderKind.DueSoon, new(2027, 1, 31)).ShouldBe(new DateOnly(2027, 1, 22));
    }

    [Fact]
    public void overdue_goes_out_the_first_working_day_after_the_due_date()
    {
        Calendar().DayOf(ReminderKind.Overdue, new(2026, 11, 24)).ShouldBe(new DateOnly(2026, 11, 25)); // Tuesday → Wednesday
        Calendar().DayOf(ReminderKind.Overdue, new(2026, 11, 27)).ShouldBe(new DateOnly(2026, 11, 30)); // Friday → Monday
        Calendar().DayOf(ReminderKind.Overdue, new(2027, 1, 31)).ShouldBe(new DateOnly(2027, 2, 1));    // month end, Sunday → Monday
    }

    [Fact]
    public void public_holidays_are_skipped_like_weekends()
    {
        var christmas = Calendar("08:00", new DateOnly(2026, 12, 25), new DateOnly(2026, 12, 28));
        // Due Thursday 24 December: the 25th is a holiday, then a weekend, then the 28th is configured off too.
        christmas.DayOf(ReminderKind.Overdue, new(2026, 12, 24)).ShouldBe(new DateOnly(2026, 12, 29));
        // A due-soon on a holiday goes out the working day before.
        christmas.DayOf(ReminderKind.DueSoon, new(2027, 1, 1)).ShouldBe(new DateOnly(2026, 12, 24));
    }

    [Fact]
    public void escalation_goes_out_fourteen_days_after_the_due_date_on_a_working_day()
    {
        Calendar().DayOf(ReminderKind.Escalation, new(2026, 11, 2)).ShouldBe(new DateOnly(2026, 11, 16)); // Monday + 14 = Monday
        Calendar().DayOf(ReminderKind.Escalation, new(2026, 11, 7)).ShouldBe(new DateOnly(2026, 11, 23)); // Saturday + 14 → Monday
    }

    [Fact]
    public void the_utc_instant_follows_daylight_saving_time()
    {
        var calendar = Calendar();
        calendar.At(new DateOnly(2026, 3, 27)).ShouldBe(Utc(2026, 3, 27, 7));   // Friday before the change: CET
        calendar.At(new DateOnly(2026, 3, 30)).ShouldBe(Utc(2026, 3, 30, 6));   // Monday after: CEST
        calendar.At(new DateOnly(2026, 10, 26)).ShouldBe(Utc(2026, 10, 26, 7)); // back to CET
        // 02:30 does not exist on 29 March 2026 in Amsterdam: it moves an hour on.
        Calendar("02:30").At(new DateOnly(2026, 3, 29)).ShouldBe(Utc(2026, 3, 29, 1, 30));
        // 02:30 happens twice on 25 October 2026: the standard-time one.
        Calendar("02:30").At(new DateOnly(2026, 10, 25)).ShouldBe(Utc(2026, 10, 25, 1, 30));
    }

    [Fact]
    public void an_interval_from_29_february_lands_on_the_last_day_of_february()
    {
        var c = Case.Create(new CaseOpened(Guid.NewGuid(), "C", "X", CaseKind.Adult, "t", "p", new(2027, 11, 1), new CheckInMoments(3, false, null)))
            .Apply(new CheckInHeld(Guid.NewGuid(), new DateOnly(2027, 11, 29), ScoreForm.Line, [], "f"));
        c.Schedule.NextDue()!.DueOn.ShouldBe(new DateOnly(2028, 2, 29));
        c.Apply(new CheckInMomentsAgreed(12, false, null)).Apply(new CheckInHeld(Guid.NewGuid(), new DateOnly(2028, 2, 29), ScoreForm.Line, [], "f"))
            .Schedule.NextDue()!.DueOn.ShouldBe(new DateOnly(2029, 2, 28));
    }

    private static Case Opened(DateOnly firstOn) =>
        Case.Create(new CaseOpened(Guid.NewGuid(), "C-1", "X", CaseKind.Adult, "noord", "p-anna", new(2026, 9, 1), new CheckInMoments(3, false, firstOn)));

    [Fact]
    public void a_plan_has_three_reminders_with_stable_distinct_ids()
    {
        var c = Opened(new DateOnly(2026, 12, 16));
        var now = Utc(2026, 11, 23, 10);

        var plan = ReminderPlan.For(c, Calendar(), 14, now);
        var again = ReminderPlan.For(c, Calendar(), 14, now.AddHours(5));

        plan.Select(p => p.Kind).ShouldBe([ReminderKind.DueSoon, ReminderKind.Overdue, ReminderKind.Escalation]);
        plan.Select(p => p.SendAt).ShouldBe([Utc(2026, 12, 9, 7), Utc(2026, 12, 17, 7), Utc(2026, 12, 30, 7)]);
        plan.Select(p => p.ReminderId).Distinct().Count().ShouldBe(3);
        again.Select(p => p.ReminderId).ShouldBe(plan.Select(p => p.ReminderId));
    }

    [Fact]
    public void a_moment_already_past_is_sent_at_once_and_due_soon_is_skipped_once_overdue()
    {
        var now = Utc(2026, 11, 23, 10);

        var plan = ReminderPlan.For(Opened(new DateOnly(2026, 11, 20)), Calendar(), 14, now);

        plan.Select(p => p.Kind).ShouldBe([ReminderKind.Overdue, ReminderKind.Escalation]);
        plan[0].SendAt.ShouldBe(now);                 // overdue since Monday 23 Nov 08:00: at once
        plan[1].SendAt.ShouldBe(Utc(2026, 12, 4, 7)); // 20 Nov + 14 = 4 Dec, a Friday
    }

    [Fact]
    public void a_closed_case_has_no_reminders_and_stale_ones_say_why()
    {
        var c = Opened(new DateOnly(2026, 12, 16));
        var closed = c.Apply(new CaseClosed(new DateOnly(2026, 11, 20), "klaar"));
        var held = c.Apply(new CheckInHeld(Guid.NewGuid(), new DateOnly(2026, 11, 21), ScoreForm.Line, [], "f"));
        var moved = c.Apply(new CheckInMomentsAgreed(3, false, new DateOnly(2027, 1, 5)));

        ReminderPlan.For(closed, Calendar(), 14, Utc(2026, 11, 23, 10)).ShouldBeEmpty();
        ReminderPlan.WhyStale(closed, ReminderKind.DueSoon, new(2026, 12, 16), 0, 14).ShouldBe("the case was closed on 2026-11-20");
        ReminderPlan.WhyStale(held, ReminderKind.DueSoon, new(2026, 12, 16), 0, 14).ShouldBe("a check-in was held on 2026-11-21");
        ReminderPlan.WhyStale(moved, ReminderKind.DueSoon, new(2026, 12, 16), 0, 14)!.ShouldStartWith("the check-in is now due on 2027-01-05");
        ReminderPlan.WhyStale(c, ReminderKind.DueSoon, new(2026, 12, 16), 0, 14).ShouldBeNull();
    }
}
