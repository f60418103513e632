namespace SamenSterker.Alliance;

public enum FeedbackFrom { Client = 1, Professional }

/// <summary>Werkalliantie-monitor: how one side experiences the collaboration, in their own words.</summary>
public sealed record AllianceFeedbackGiven(
    Guid FeedbackId,
    DateOnly GivenOn,
    FeedbackFrom From,
    string? GoesWell,
    string? CouldBeBetter,
    IReadOnlyList<string> Keywords);
