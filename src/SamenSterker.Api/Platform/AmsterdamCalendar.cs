namespace SamenSterker.Platform;

/// <summary>
/// Dates in this domain are calendar dates in Europe/Amsterdam ("today" for a professional in
/// Utrecht, not UTC). Time comes from <see cref="TimeProvider"/> so tests can set the clock.
/// </summary>
public sealed class AmsterdamCalendar(TimeProvider time)
{
    public static readonly TimeZoneInfo Zone = TimeZoneInfo.FindSystemTimeZoneById("Europe/Amsterdam");

    public DateOnly Today => DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(time.GetUtcNow(), Zone).DateTime);
}
