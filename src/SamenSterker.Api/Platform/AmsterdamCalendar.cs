namespace SamenSterker.Platform;

/// <summary>
/// Dates in this domain are calendar dates in Europe/Amsterdam ("today" for a professional in
/// Utrecht, not UTC). Time comes from <see cref="TimeProvider"/> so tests can set the clock.
/// </summary>
public sealed class AmsterdamCalendar(TimeProvider time)
{
    public static readonly TimeZoneInfo Zone = TimeZoneInfo.FindSystemTimeZoneById("Europe/Amsterdam");

    public DateOnly Today => DayOf(time.GetUtcNow());

    /// <summary>The Amsterdam calendar day of an instant.</summary>
    public static DateOnly DayOf(DateTimeOffset instant) => DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(instant, Zone).DateTime);
}
