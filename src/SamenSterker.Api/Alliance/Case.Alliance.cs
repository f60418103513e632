using SamenSterker.Alliance;

namespace SamenSterker.Cases;

/// <summary>The werkalliantie-monitor's part of the case.</summary>
public sealed partial record Case
{
    public int AllianceFeedbackCount { get; init; }

    public int AllianceDrawingCount { get; init; }

    public Case Apply(AllianceFeedbackGiven e) => this with { AllianceFeedbackCount = AllianceFeedbackCount + 1 };

    public Case Apply(AllianceDrawingAdded e) => this with { AllianceDrawingCount = AllianceDrawingCount + 1 };
}
