namespace SamenSterker.Cases;

/// <summary>How the check-in schedule reads its setting (<c>Reminders:FamilyPlanCheckInDays</c>, the section the setting has
/// always had): the days within which a new family plan makes a check-in due.</summary>
public sealed class CheckInScheduleSettings
{
    public int FamilyPlanCheckInDays { get; set; } = CheckInScheduleState.DefaultFamilyPlanCheckInDays;
}
