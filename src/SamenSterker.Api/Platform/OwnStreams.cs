using Marten;
using JasperFx.Events;
using SamenSterker.Access;

namespace SamenSterker.Platform;

/// <summary>
/// Writing to a stream that is not a case (a team's or a professional's own log: Praatplaat, werkalliantie step 3): the
/// fact stamped with who and the correlation id as on the case write path, one transaction, optimistic concurrency on the
/// stream (fetched for writing by the caller, who decides against its state), a concurrent write answered 409 and
/// logged once at information level.
/// </summary>
public static class OwnStreams
{
    /// <summary>Appends <paramref name="fact"/> and saves; null when it is written, else the 409 to answer.</summary>
    public static async Task<IResult?> Append<TLog>(IDocumentSession session, HttpContext http, IEventStream<TLog> stream, object fact,
        ILogger logger, CancellationToken ct) where TLog : class
    {
        session.LastModifiedBy = AuthenticationSetup.UserId(http.User);
        session.CorrelationId = Correlation.Id(http);
        stream.AppendOne(fact);
        try
        {
            await session.SaveChangesAsync(ct);
            return null;
        }
        catch (Exception e) when (MartenLogging.IsExpectedConflict(e))
        {
            logger.LogInformation("Concurrent write to the {Log} stream refused", typeof(TLog).Name);
            return Problems.Conflict(Say.In("Someone else wrote here at the same moment. Reload and try again.",
                "Iemand anders legde op hetzelfde moment iets vast. Laad de pagina opnieuw."));
        }
    }
}
