namespace SamenSterker.Praatplaat;

/// <summary>With whom the Praatplaat (seed 002) is talked through: each has its own reflection questions.</summary>
public enum ReflectionSetting { Family = 1, Colleagues, Alone }

/// <summary>How the concrete step from the reflection before went.</summary>
public enum StepOutcome { Taken = 1, Partly, NotTaken }

/// <summary>The step of the reflection before, looked back on: whether it was taken, and what came of it.</summary>
public sealed record StepReview(Guid ReflectionId, StepOutcome Outcome, string? Note);

/// <summary>
/// A Praatplaat reflection with the young person or the parents, in the case: their answers to the seed's questions
/// (by number), the one concrete step for involving the people around the family, and how the step before went.
/// </summary>
public sealed record ReflectionWithFamilyHeld(
    Guid ReflectionId,
    DateOnly HeldOn,
    IReadOnlyDictionary<int, string> Answers,
    string NextStep,
    StepReview? PreviousStep);

/// <summary>
/// A Praatplaat reflection with colleagues (in the team's log: intervisie, casuïstiekoverleg) or alone (in the
/// professional's own log): the answers to the seed's questions for that setting, the concrete step, the step before.
/// </summary>
public sealed record ReflectionHeld(
    Guid ReflectionId,
    DateOnly HeldOn,
    ReflectionSetting Setting,
    IReadOnlyDictionary<int, string> Answers,
    string NextStep,
    StepReview? PreviousStep);

/// <summary>The step a reflection ended in, waiting for the next reflection to say how it went.</summary>
public sealed record OpenStep(Guid ReflectionId, DateOnly On, string Step);

/// <summary>A team's or a professional's own log of Praatplaat reflections (a stream of its own, not a case).</summary>
public sealed class ReflectionLog
{
    public Guid Id { get; set; }
    public OpenStep? Open { get; set; }
    public int Held { get; set; }

    public void Apply(ReflectionHeld e)
    {
        Open = new OpenStep(e.ReflectionId, e.HeldOn, e.NextStep);
        Held++;
    }

    /// <summary>The stream of a team's reflections with colleagues, or of one professional's own.</summary>
    public static Guid StreamOf(ReflectionSetting setting, string teamOrUser) =>
        Platform.NameBasedId.From(setting == ReflectionSetting.Colleagues ? $"praatplaat:team:{teamOrUser}" : $"praatplaat:alone:{teamOrUser}");
}
