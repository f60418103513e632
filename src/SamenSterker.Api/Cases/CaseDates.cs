using SamenSterker.Infrastructure;

namespace SamenSterker.Cases;

public static class CaseDates
{
    /// <summary>Something that happened in the case: not in the future and not before the case was opened.</summary>
    public static Decision? CheckHappened(string field, DateOnly date, Case c, DateOnly today)
    {
        if (date > today) return Decision.Invalid(field, $"'{field}' cannot be in the future.");
        if (date < c.OpenedOn) return Decision.Invalid(field, $"'{field}' cannot be before the case was opened ({c.OpenedOn:yyyy-MM-dd}).");
        return null;
    }
}
