using SamenSterker.Alliance;

namespace SamenSterker.Cases;

/// <summary>The werkalliantie-monitor's part of the case.</summary>
public sealed partial record Case
{
    public int AllianceFeedbackCount { get; init; }

    public Case Apply(AllianceFeedbackGiven e) => this with { AllianceFeedbackCount = AllianceFeedbackCount + 1 };
}
