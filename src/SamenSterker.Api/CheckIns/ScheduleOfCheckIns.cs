using SamenSterker.Cases;

namespace SamenSterker.CheckIns;

/// <summary>How the check-in events move the case's schedule (<see cref="CheckInScheduleState"/>, in Cases), for every
/// fold that keeps one: the case, the case list, the analytics.</summary>
public static class ScheduleOfCheckIns
{
    public static CheckInScheduleState Apply(this CheckInScheduleState schedule, CheckInHeld e) => schedule.Held(e.CheckInId, e.HeldOn);

    public static CheckInScheduleState Apply(this CheckInScheduleState schedule, CheckInDateCorrected e) =>
        schedule.HeldOnCorrected(e.CheckInId, e.HeldOn, e.WasHeldOn);
}
