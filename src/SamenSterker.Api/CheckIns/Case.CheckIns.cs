using SamenSterker.CheckIns;

namespace SamenSterker.Cases;

/// <summary>The check-ins' part of the case: the fingerprints of recorded check-ins (idempotent retries) and the schedule.</summary>
public sealed partial record Case
{
    /// <summary>Check-in id → fingerprint of the request that recorded it (idempotent retries).</summary>
    public IReadOnlyDictionary<Guid, string> CheckInFingerprints { get; init; } = new Dictionary<Guid, string>();

    public Case Apply(CheckInHeld e)
    {
        var fingerprints = new Dictionary<Guid, string>(CheckInFingerprints) { [e.CheckInId] = e.RequestFingerprint };
        return this with { CheckInFingerprints = fingerprints, Schedule = Schedule.Apply(e) };
    }

    public Case Apply(CheckInDateCorrected e) => this with { Schedule = Schedule.Apply(e) };
}
