using SamenSterker.Praatplaat;

namespace SamenSterker.Cases;

/// <summary>The Praatplaat's part of the case: the step the last reflection with the family ended in.</summary>
public sealed partial record Case
{
    public OpenStep? OpenNetworkStep { get; init; }
    public int FamilyReflections { get; init; }

    public Case Apply(ReflectionWithFamilyHeld e) => this with
    {
        OpenNetworkStep = new OpenStep(e.ReflectionId, e.HeldOn, e.NextStep),
        FamilyReflections = FamilyReflections + 1,
    };
}
