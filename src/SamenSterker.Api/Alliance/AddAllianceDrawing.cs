using Marten;
using Microsoft.AspNetCore.Mvc;
using SamenSterker.Access;
using SamenSterker.Cases;
using SamenSterker.Platform;

namespace SamenSterker.Alliance;

/// <summary>A drawing or collage added: its id and the case's new version.</summary>
public sealed record DrawingAdded(Guid DrawingId, long Version, int Width, int Height);

/// <summary>
/// Werkalliantie-monitor: a photo of a drawing or collage, taken with a phone or tablet camera and uploaded
/// (<c>multipart/form-data</c>: <c>photo</c>, <c>from</c>, optional <c>givenOn</c> and <c>caption</c>). The photo is
/// re-encoded before it is kept (<see cref="DrawingImage"/>); the image and the event are written in one transaction.
/// </summary>
public static class AddAllianceDrawing
{
    public const int MaxCaption = 300;

    public static void Map(RouteGroupBuilder cases) => cases
        .MapPost("/{id:guid}/alliance-drawings", async (Guid id, HttpRequest request, CaseWriter writer, IDocumentSession session, CancellationToken ct) =>
        {
            if (!request.HasFormContentType || request.ContentType?.StartsWith("multipart/form-data", StringComparison.OrdinalIgnoreCase) != true)
                return Problems.Problem(StatusCodes.Status415UnsupportedMediaType, "Send the photo as multipart/form-data",
                    "Send the photo in a field 'photo' of a multipart/form-data body.");
            var form = await request.ReadFormAsync(ct);
            var errors = new Dictionary<string, string[]>();
            var photo = form.Files.GetFile("photo");
            if (photo is null || photo.Length == 0)
                errors["photo"] = [Say.In("Choose a photo of the drawing or collage.", "Kies een foto van de tekening of collage.")];
            if (!Enum.TryParse<FeedbackFrom>(form["from"].ToString(), ignoreCase: true, out var from) || !Enum.IsDefined(from)
                || int.TryParse(form["from"].ToString(), out _))
                errors["from"] = [Say.In("'from' must be one of: client, professional.", "Kies van wie de tekening is: de cliënt of de professional.")];
            DateOnly? givenOn = null;
            if (form["givenOn"].ToString() is { Length: > 0 } date)
                if (DateOnly.TryParseExact(date, "yyyy-MM-dd", out var d)) givenOn = d;
                else errors["givenOn"] = [Say.In("'givenOn' is a date like 2026-12-03.", "Geef een datum op, zoals 2026-12-03.")];
            var caption = form["caption"].ToString().Trim() is { Length: > 0 } c ? c : null;
            if (caption is { Length: > MaxCaption } || caption?.Any(char.IsControl) == true)
                errors["caption"] = [Say.In($"At most {MaxCaption} characters, on one line.", $"Hoogstens {MaxCaption} tekens, op één regel.")];
            if (errors.Count > 0) return Problems.Invalid(errors);

            byte[] upload;
            await using (var stream = photo!.OpenReadStream())
            {
                upload = new byte[photo.Length];
                await stream.ReadExactlyAsync(upload, ct);
            }
            var (image, refused) = DrawingImage.ReEncode(upload);
            if (refused is not null) return Problems.Invalid("photo", refused);

            var drawingId = Guid.CreateVersion7();
            return await writer.Write(id, CaseAction.GiveAllianceFeedback, current =>
            {
                var day = givenOn ?? writer.Today;
                var decision = CaseDates.CheckHappened("givenOn", day, current, writer.Today)
                    ?? Decision.Append(new AllianceDrawingAdded(drawingId, day, from, caption, image!.Width, image.Height, image.Jpeg.Length));
                // The image goes in the same transaction as its event, and only when the event is written.
                if (decision.Rejection is null && decision.Events.Count > 0)
                    session.Store(new AllianceDrawing { Id = drawingId, CaseId = id, Jpeg = image!.Jpeg });
                return decision;
            }, version => new DrawingAdded(drawingId, version, image!.Width, image.Height), StatusCodes.Status201Created, ct: ct);
        })
        .DisableAntiforgery() // the service's own check for cookie writes (the RequestVerificationToken header) applies
        .WithMetadata(new RequestSizeLimitAttribute(DrawingImage.MaxUploadBytes))
        .Accepts<IFormFile>("multipart/form-data")
        .WritesCase<DrawingAdded>(StatusCodes.Status201Created)
        .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
        .ProducesProblem(StatusCodes.Status415UnsupportedMediaType)
        .RequireAuthorization(Policies.WriteCases)
        .WithName("AddAllianceDrawing")
        .WithSummary("Werkalliantie-monitor: a photo of a drawing or collage (JPEG, PNG or WebP, at most 10 MB), kept re-encoded without camera metadata");

    /// <summary>The image, for whoever may read the case (each read in the access log).</summary>
    public static void MapImage(RouteGroupBuilder cases) => cases
        .MapGet("/{id:guid}/alliance-drawings/{drawingId:guid}", async (Guid id, Guid drawingId, HttpContext http, IQuerySession session, CancellationToken ct) =>
        {
            _ = http.ReadableCase();
            if (await session.LoadAsync<AllianceDrawing>(drawingId, ct) is not { } drawing || drawing.CaseId != id)
                return Problems.Problem(StatusCodes.Status404NotFound, "No such drawing", $"Case {id} has no drawing {drawingId}.");
            http.Response.Headers.CacheControl = "private, max-age=3600";
            return TypedResults.File(drawing.Jpeg, "image/jpeg");
        })
        .WithName("AllianceDrawingImage")
        .WithSummary("The image of a drawing or collage of the werkalliantie-monitor (JPEG)")
        .Produces<byte[]>(StatusCodes.Status200OK, "image/jpeg")
        .ProducesProblem(StatusCodes.Status404NotFound);
}
