using SamenSterker.Platform;

namespace SamenSterker.Cases;

/// <summary>
/// The plausible range of every date a request may carry. Dates outside it are refused at the boundary
/// (400, naming the field), so that no later step — the due date, the reminder calendar, the read
/// models — ever meets a date like 0001-01-01 or 9999-12-31.
/// </summary>
public static class CaseDates
{
    /// <summary>No case, check-in or plan of this service happened before this day.</summary>
    public static readonly DateOnly Earliest = new(1900, 1, 1);

    /// <summary>How far ahead a planned date (a check-in moment, an agreement's deadline) may lie.</summary>
    public const int MaxYearsAhead = 5;

    public static DateOnly Latest(DateOnly today) => today.AddYears(MaxYearsAhead);

    /// <summary>Something that happened in the case: not in the future and not before the case was opened.</summary>
    public static Decision? CheckHappened(string field, DateOnly date, Case c, DateOnly today) =>
        Invalid(field, WhyNotHappened(field, date, c.OpenedOn, today));

    public static Decision? CheckHappened(string field, DateOnly date, DateOnly notBefore, DateOnly today) =>
        Invalid(field, WhyNotHappened(field, date, notBefore, today));

    /// <summary>Something planned: not before <paramref name="notBefore"/> (the case's opening), at most five years ahead.</summary>
    public static Decision? CheckPlanned(string field, DateOnly date, DateOnly notBefore, DateOnly today) =>
        Invalid(field, date < notBefore
            ? Say.In($"'{field}' cannot be before the case was opened ({notBefore:yyyy-MM-dd}).",
                $"{Say.Field(field)} kan niet vóór de start van het dossier liggen ({Say.Date(notBefore)}).")
            : WhyTooFarAhead(field, date, today));

    /// <summary>Why <paramref name="date"/> cannot be when something happened, or null when it can.</summary>
    public static string? WhyNotHappened(string field, DateOnly date, DateOnly notBefore, DateOnly today) =>
        date > today ? Say.In($"'{field}' cannot be in the future.", $"{Say.Field(field)} kan niet in de toekomst liggen.")
        : date < Earliest ? Say.In($"'{field}' cannot be before {Earliest:yyyy-MM-dd}.", $"{Say.Field(field)} kan niet vóór {Say.Date(Earliest)} liggen.")
        : date < notBefore ? Say.In($"'{field}' cannot be before the case was opened ({notBefore:yyyy-MM-dd}).",
            $"{Say.Field(field)} kan niet vóór de start van het dossier liggen ({Say.Date(notBefore)}).")
        : null;

    /// <summary>Why a deadline cannot be <paramref name="date"/>: it must come after <paramref name="after"/>, and at most five years ahead.</summary>
    public static string? WhyNotAfter(string field, DateOnly date, DateOnly after, string afterField, DateOnly today) =>
        date <= after ? Say.In($"'{field}' must be after '{afterField}'.", $"{Say.Field(field)} moet na {Say.Field(afterField).ToLowerInvariant()} liggen.") : WhyTooFarAhead(field, date, today);

    private static string? WhyTooFarAhead(string field, DateOnly date, DateOnly today) =>
        date > Latest(today)
            ? Say.In($"'{field}' is at most {MaxYearsAhead} years ahead (until {Latest(today):yyyy-MM-dd}).",
                $"{Say.Field(field)} ligt hoogstens {MaxYearsAhead} jaar vooruit (tot {Say.Date(Latest(today))}).")
            : null;

    private static Decision? Invalid(string field, string? why) => why is null ? null : Decision.Invalid(field, why);
}
