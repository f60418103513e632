using SamenSterker.Cases;
using SamenSterker.CheckIns;
using Shouldly;
using Case = SamenSterker.Cases.Case;

namespace SamenSterker.Tests.Rules;

public sealed class CheckInScheduleTests
{
    private static Case Opened(DateOnly openedOn, int interval = 3, bool onPlan = true, DateOnly? firstOn = null) =>
        Case.Create(new CaseOpened(Guid.NewGuid(), "C-1", "X", CaseKind.Adult, "noord", "p-anna", openedOn, new CheckInMoments(interval, onPlan, firstOn)));

    private static CheckInHeld Held(DateOnly on) => new(Guid.NewGuid(), on, ScoreForm.Line, [], "f");

    [Fact]
    public void the_first_check_in_is_due_on_the_agreed_date()
    {
        var due = Opened(new(2026, 9, 1), firstOn: new(2026, 10, 15)).Schedule.NextDue()!;

        due.ShouldBe(new CheckInDue(new(2026, 10, 15), DueReason.AgreedDate));
    }

    [Fact]
    public void without_an_agreed_date_the_first_is_due_an_interval_after_opening()
    {
        Opened(new(2026, 9, 1)).Schedule.NextDue()!.DueOn.ShouldBe(new DateOnly(2026, 12, 1));
    }

    [Fact]
    public void after_a_check_in_the_next_is_due_an_interval_later_clamped_at_month_end()
    {
        var c = Opened(new(2026, 9, 1), interval: 1).Apply(Held(new(2027, 1, 31)));

        c.Schedule.NextDue()!.ShouldBe(new CheckInDue(new(2027, 2, 28), DueReason.Interval));
    }

    [Fact]
    public void a_new_family_plan_brings_the_check_in_forward_when_the_moments_say_so()
    {
        var c = Opened(new(2026, 9, 1)).Apply(new FamilyPlanSet(Guid.NewGuid(), new(2026, 10, 1), "plan"));

        c.Schedule.NextDue()!.ShouldBe(new CheckInDue(new(2026, 10, 15), DueReason.FamilyPlan));
        c.Schedule.NextDue(familyPlanCheckInDays: 7)!.DueOn.ShouldBe(new DateOnly(2026, 10, 8));
    }

    [Fact]
    public void a_family_plan_does_not_count_when_the_moments_do_not_say_so()
    {
        var c = Opened(new(2026, 9, 1), onPlan: false).Apply(new FamilyPlanSet(Guid.NewGuid(), new(2026, 10, 1), "plan"));

        c.Schedule.NextDue()!.Reason.ShouldBe(DueReason.Interval);
    }

    [Fact]
    public void a_check_in_after_the_family_plan_satisfies_it()
    {
        var c = Opened(new(2026, 9, 1))
            .Apply(new FamilyPlanSet(Guid.NewGuid(), new(2026, 10, 1), "plan"))
            .Apply(Held(new(2026, 10, 10)));

        c.Schedule.NextDue()!.ShouldBe(new CheckInDue(new(2027, 1, 10), DueReason.Interval));
    }

    [Fact]
    public void a_closed_case_has_no_check_in_due()
    {
        Opened(new(2026, 9, 1)).Apply(new CaseClosed(new(2026, 11, 1), "klaar")).Schedule.NextDue().ShouldBeNull();
    }
}
