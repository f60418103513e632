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

/// <summary>
/// Werkalliantie-monitor: a drawing or collage (seed 003: "schrijven of tekenen wat goed gaat en wat beter kan"),
/// photographed and added to the case. The image itself is kept beside the stream (<see cref="AllianceDrawing"/>), re-encoded
/// without any camera metadata; the event says whose it is, when, and what the image is.
/// </summary>
public sealed record AllianceDrawingAdded(
    Guid DrawingId,
    DateOnly GivenOn,
    FeedbackFrom From,
    string? Caption,
    int Width,
    int Height,
    int Bytes);
