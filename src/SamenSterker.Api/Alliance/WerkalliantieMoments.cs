using Marten;
using Npgsql;
using SamenSterker.Platform;

namespace SamenSterker.Alliance;

/// <summary>What one side brought to a moment: their words and keywords, and their drawings.</summary>
public sealed record AllianceSide(IReadOnlyList<AllianceWords> Words, IReadOnlyList<AllianceDrawingView> Drawings);

public sealed record AllianceWords(Guid FeedbackId, string? GoesWell, string? CouldBeBetter, IReadOnlyList<string> Keywords);

public sealed record AllianceDrawingView(Guid DrawingId, string? Caption, int Width, int Height, string Url);

/// <summary>One moment of the werkalliantie-monitor (a day): both sides next to each other.</summary>
public sealed record AllianceMoment(DateOnly On, AllianceSide Client, AllianceSide Professional);

/// <summary>
/// The werkalliantie-monitor read back (seed 003, step 2): per moment, how the client experiences the help and how the
/// professional does, side by side, with their drawings. Read from the case's own events in one query, latest moment first.
/// </summary>
public static class WerkalliantieMoments
{
    public static async Task<IReadOnlyList<AllianceMoment>> Of(NpgsqlDataSource db, ISerializer serializer, Guid caseId, CancellationToken ct)
    {
        var facts = (await CaseFacts.Of(db, serializer, caseId, [typeof(AllianceFeedbackGiven), typeof(AllianceDrawingAdded)], ct))
            .Select(f => f.Data).ToList();
        DateOnly DayOf(object e) => e switch { AllianceFeedbackGiven f => f.GivenOn, AllianceDrawingAdded d => d.GivenOn, _ => default };
        FeedbackFrom FromOf(object e) => e switch { AllianceFeedbackGiven f => f.From, AllianceDrawingAdded d => d.From, _ => default };
        AllianceSide Side(IEnumerable<object> of) => new(
            of.OfType<AllianceFeedbackGiven>().Select(f => new AllianceWords(f.FeedbackId, f.GoesWell, f.CouldBeBetter, f.Keywords)).ToList(),
            of.OfType<AllianceDrawingAdded>().Select(d => new AllianceDrawingView(d.DrawingId, d.Caption, d.Width, d.Height,
                $"/api/cases/{caseId}/alliance-drawings/{d.DrawingId}")).ToList());
        return facts.GroupBy(DayOf).OrderByDescending(g => g.Key)
            .Select(g => new AllianceMoment(g.Key, Side(g.Where(e => FromOf(e) == FeedbackFrom.Client)), Side(g.Where(e => FromOf(e) == FeedbackFrom.Professional))))
            .ToList();
    }

    public static void Map(RouteGroupBuilder cases) => cases
        .MapGet("/{id:guid}/alliance", async (Guid id, NpgsqlDataSource db, IQuerySession session, CancellationToken ct) =>
            TypedResults.Ok(await Of(db, session.DocumentStore.Options.Serializer(), id, ct)))
        .WithName("WerkalliantieMoments")
        .WithSummary("The werkalliantie-monitor per moment: the client's and the professional's words, keywords and drawings side by side")
        .Produces<IReadOnlyList<AllianceMoment>>()
        .ProducesProblem(StatusCodes.Status404NotFound);
}
