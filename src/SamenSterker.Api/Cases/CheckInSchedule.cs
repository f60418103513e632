namespace SamenSterker.Cases;

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

/// <summary>
/// What decides when the next check-in is due, folded from the case events. One definition, used by
/// the write model (<see cref="Case"/>), the read models, the analytics tables and the reminders.
/// </summary>
public sealed record CheckInScheduleState
{
    public const int DefaultFamilyPlanCheckInDays = 14;

    public DateOnly OpenedOn { get; init; }
    public CheckInMoments Moments { get; init; } = new(3, false, null);

    /// <summary>An explicitly agreed date for the next check-in (firstOn); cleared by the next check-in.</summary>
    public DateOnly? AgreedNextOn { get; init; }
    public DateOnly? LastCheckInOn { get; init; }
    public int CheckInsHeld { get; init; }

    /// <summary>The date of every check-in held, by id: a corrected date moves the last check-in with it.</summary>
    public IReadOnlyDictionary<Guid, DateOnly> HeldDates { get; init; } = new Dictionary<Guid, DateOnly>();

    /// <summary>The date of a family plan set after the last check-in, which may make a check-in due.</summary>
    public DateOnly? FamilyPlanPendingSince { get; init; }
    public DateOnly? LatestFamilyPlanOn { get; init; }
    public bool Closed { get; init; }

    public static CheckInScheduleState Start(CaseOpened e) =>
        new() { OpenedOn = e.OpenedOn, Moments = e.CheckInMoments, AgreedNextOn = e.CheckInMoments.FirstOn };

    public CheckInScheduleState Apply(CheckInMomentsAgreed e) =>
        this with { Moments = new CheckInMoments(e.IntervalMonths, e.OnNewFamilyPlan, e.NextOn), AgreedNextOn = e.NextOn };

    public CheckInScheduleState Apply(FamilyPlanSet e) => this with
    {
        LatestFamilyPlanOn = LatestFamilyPlanOn is { } latest && latest > e.SetOn ? latest : e.SetOn,
        FamilyPlanPendingSince = LastCheckInOn is { } last && last >= e.SetOn
            ? FamilyPlanPendingSince
            : FamilyPlanPendingSince is { } since && since < e.SetOn ? since : e.SetOn,
    };

    /// <summary>A check-in was held (CheckIns folds its <c>CheckInHeld</c> in through this).</summary>
    public CheckInScheduleState Held(Guid checkInId, DateOnly heldOn)
    {
        var last = LastCheckInOn is { } previous && previous > heldOn ? previous : heldOn;
        return this with
        {
            LastCheckInOn = last,
            CheckInsHeld = CheckInsHeld + 1,
            HeldDates = new Dictionary<Guid, DateOnly>(HeldDates) { [checkInId] = heldOn },
            AgreedNextOn = null,
            FamilyPlanPendingSince = FamilyPlanPendingSince is { } since && since > last ? since : null,
        };
    }

    /// <summary>A check-in's date was corrected from <paramref name="wasHeldOn"/> to <paramref name="heldOn"/>.</summary>
    public CheckInScheduleState HeldOnCorrected(Guid checkInId, DateOnly heldOn, DateOnly wasHeldOn)
    {
        var dates = new Dictionary<Guid, DateOnly>(HeldDates) { [checkInId] = heldOn };
        // Every date known: the last is the latest of them; a case from before dates were kept: follow the corrected one.
        var last = dates.Count == CheckInsHeld ? dates.Values.Max() : LastCheckInOn == wasHeldOn ? heldOn : LastCheckInOn;
        return this with { HeldDates = dates, LastCheckInOn = last };
    }

    public CheckInScheduleState Apply(CaseClosed e) => this with { Closed = true };

    /// <summary>The next check-in: the agreed date, else an interval after the last one (or the opening),
    /// brought forward by a new family plan when the moments say so. None for a closed case.</summary>
    public CheckInDue? NextDue(int familyPlanCheckInDays = DefaultFamilyPlanCheckInDays)
    {
        if (Closed) return null;

        var regular = AgreedNextOn is { } agreed
            ? new CheckInDue(agreed, DueReason.AgreedDate)
            : new CheckInDue((LastCheckInOn ?? OpenedOn).AddMonths(Moments.IntervalMonths), DueReason.Interval);

        if (Moments.OnNewFamilyPlan && FamilyPlanPendingSince is { } planOn)
        {
            var byPlan = planOn.AddDays(familyPlanCheckInDays);
            if (byPlan < regular.DueOn) return new CheckInDue(byPlan, DueReason.FamilyPlan);
        }
        return regular;
    }
}
