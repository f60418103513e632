using SamenSterker.CheckIns;

namespace SamenSterker.Cases;

/// <summary>A client-side person of the case who takes part in check-ins: added by the first check-in they answer at.</summary>
public sealed record CheckInPerson(Guid PersonId, string? Name, RespondentRole Role, ScoreForm Form);

/// <summary>
/// The check-ins' part of the case: the fingerprints of recorded check-ins (idempotent retries), the people who take part
/// and who answered last time (the next check-in offers them), and the schedule.
/// </summary>
public sealed partial record Case
{
    /// <summary>Check-in id → fingerprint of the request that recorded it (idempotent retries).</summary>
    public IReadOnlyDictionary<Guid, string> CheckInFingerprints { get; init; } = new Dictionary<Guid, string>();

    /// <summary>The client-side people of the case, in the order they first took part.</summary>
    public IReadOnlyList<CheckInPerson> People { get; init; } = [];

    /// <summary>The latest check-in (by its date), and who answered at it, the professional included.</summary>
    public Guid? LastCheckInId { get; init; }

    public IReadOnlyList<Respondent> LastRespondents { get; init; } = [];

    public Case Apply(CheckInHeld e)
    {
        var fingerprints = new Dictionary<Guid, string>(CheckInFingerprints) { [e.CheckInId] = e.RequestFingerprint };
        var latest = Schedule.LastCheckInOn is not { } last || e.HeldOn >= last;
        var known = People.Select(p => p.PersonId).ToHashSet();
        var newcomers = e.Respondents.Where(r => r.PersonId is { } id && known.Add(id))
            .Select(r => new CheckInPerson(r.PersonId!.Value, r.Label, r.Role, r.Form)).ToList();
        return this with
        {
            CheckInFingerprints = fingerprints,
            People = newcomers.Count == 0 ? People : [.. People, .. newcomers],
            LastCheckInId = latest ? e.CheckInId : LastCheckInId,
            LastRespondents = latest ? e.Respondents : LastRespondents,
            Schedule = Schedule.Apply(e),
        };
    }

    public Case Apply(CheckInDateCorrected e) => this with { Schedule = Schedule.Apply(e) };
}
