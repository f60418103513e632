using SamenSterker.Cases;

namespace SamenSterker.CheckIns;

public enum DueReason
{
    /// <summary>The date professional and client agreed for the next check-in (firstOn).</summary>
    AgreedDate = 1,
    /// <summary>The agreed interval since the last check-in (or since the case was opened).</summary>
    Interval,
    /// <summary>A new family plan was set and the moments say that calls for a check-in.</summary>
    FamilyPlan,
}

public sealed record CheckInDue(DateOnly DueOn, DueReason Reason);

/// <summary>When the next check-in falls due, derived from the agreed moments and what happened since.</summary>
public static class CheckInSchedule
{
    public const int DefaultFamilyPlanCheckInDays = 14;

    public static CheckInDue? NextDue(Case c, int familyPlanCheckInDays = DefaultFamilyPlanCheckInDays)
    {
        if (c.Closed) return null;

        var regular = c.AgreedNextCheckInOn is { } agreed
            ? new CheckInDue(agreed, DueReason.AgreedDate)
            : new CheckInDue((c.LastCheckInOn ?? c.OpenedOn).AddMonths(c.CheckInMoments.IntervalMonths), DueReason.Interval);

        if (c.CheckInMoments.OnNewFamilyPlan && c.FamilyPlanPendingSince is { } planOn)
        {
            var byPlan = planOn.AddDays(familyPlanCheckInDays);
            if (byPlan < regular.DueOn) return new CheckInDue(byPlan, DueReason.FamilyPlan);
        }
        return regular;
    }
}
