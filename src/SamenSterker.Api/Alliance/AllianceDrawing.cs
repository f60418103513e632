using Marten;
using SkiaSharp;

namespace SamenSterker.Alliance;

/// <summary>The image of a drawing or collage, as stored: a JPEG re-encoded by the service, with the case it belongs to.</summary>
public sealed class AllianceDrawing
{
    public Guid Id { get; set; }
    public Guid CaseId { get; set; }
    public byte[] Jpeg { get; set; } = [];
}

/// <summary>
/// An uploaded photo made safe to keep and show: only JPEG, PNG or WebP that decode; at most <see cref="MaxPixels"/> pixels
/// and <see cref="MaxSide"/> per side, judged from the header before anything is decoded (a PNG can claim 100,000 ×
/// 100,000); turned upright as the camera said, scaled to at most <see cref="StoredSide"/> pixels, on white (a drawing
/// with transparency), and written as a new JPEG — which carries no EXIF at all, so no location, no camera, no time.
/// </summary>
public static class DrawingImage
{
    public const long MaxUploadBytes = 10 * 1024 * 1024;
    public const long MaxPixels = 50_000_000;
    public const int MaxSide = 12_000;
    public const int StoredSide = 1600;

    public sealed record Result(byte[] Jpeg, int Width, int Height);

    /// <summary>The re-encoded image, or why the file is refused (in the caller's language).</summary>
    public static (Result? Image, string? Refused) ReEncode(byte[] upload)
    {
        using var data = SKData.CreateCopy(upload);
        using var codec = SKCodec.Create(data);
        if (codec is null || codec.EncodedFormat is not (SKEncodedImageFormat.Jpeg or SKEncodedImageFormat.Png or SKEncodedImageFormat.Webp))
            return (null, Platform.Say.In("This is not a photo: send a JPEG, PNG or WebP image.",
                "Dit is geen foto: kies een afbeelding (JPEG, PNG of WebP)."));
        var (width, height) = (codec.Info.Width, codec.Info.Height);
        if (width <= 0 || height <= 0 || width > MaxSide || height > MaxSide || (long)width * height > MaxPixels)
            return (null, Platform.Say.In($"The image is too large ({width} × {height} pixels); at most {MaxSide} per side and {MaxPixels / 1_000_000} megapixels.",
                $"De afbeelding is te groot ({width} × {height} pixels); hoogstens {MaxSide} per kant en {MaxPixels / 1_000_000} megapixel."));

        using var decoded = SKBitmap.Decode(codec);
        if (decoded is null)
            return (null, Platform.Say.In("The image could not be read.", "De afbeelding kan niet gelezen worden."));

        // Upright: sides swap for a photo taken with the phone turned (EXIF orientation 5–8).
        var origin = codec.EncodedOrigin;
        var turned = origin is SKEncodedOrigin.LeftTop or SKEncodedOrigin.RightTop or SKEncodedOrigin.RightBottom or SKEncodedOrigin.LeftBottom;
        var (uprightW, uprightH) = turned ? (height, width) : (width, height);
        var scale = Math.Min(1.0, (double)StoredSide / Math.Max(uprightW, uprightH));
        var (tw, th) = (Math.Max(1, (int)Math.Round(uprightW * scale)), Math.Max(1, (int)Math.Round(uprightH * scale)));
        var (dw, dh) = turned ? (th, tw) : (tw, th);

        using var target = new SKBitmap(new SKImageInfo(tw, th, SKColorType.Rgba8888, SKAlphaType.Premul));
        using (var canvas = new SKCanvas(target))
        {
            canvas.Clear(SKColors.White);
            canvas.SetMatrix(Upright(origin, tw, th));
            using var image = SKImage.FromBitmap(decoded);
            using var paint = new SKPaint();
            canvas.DrawImage(image, new SKRect(0, 0, dw, dh), new SKSamplingOptions(SKFilterMode.Linear, SKMipmapMode.Linear), paint);
        }
        using var encoded = SKImage.FromBitmap(target).Encode(SKEncodedImageFormat.Jpeg, 85);
        return (new Result(encoded.ToArray(), tw, th), null);
    }

    /// <summary>The drawing's transform that puts an image stored in <paramref name="origin"/> upright in a tw × th target.</summary>
    private static SKMatrix Upright(SKEncodedOrigin origin, int tw, int th) => origin switch
    {
        SKEncodedOrigin.TopRight => new SKMatrix(-1, 0, tw, 0, 1, 0, 0, 0, 1),
        SKEncodedOrigin.BottomRight => new SKMatrix(-1, 0, tw, 0, -1, th, 0, 0, 1),
        SKEncodedOrigin.BottomLeft => new SKMatrix(1, 0, 0, 0, -1, th, 0, 0, 1),
        SKEncodedOrigin.LeftTop => new SKMatrix(0, 1, 0, 1, 0, 0, 0, 0, 1),
        SKEncodedOrigin.RightTop => new SKMatrix(0, -1, tw, 1, 0, 0, 0, 0, 1),
        SKEncodedOrigin.RightBottom => new SKMatrix(0, -1, tw, -1, 0, th, 0, 0, 1),
        SKEncodedOrigin.LeftBottom => new SKMatrix(0, 1, 0, -1, 0, th, 0, 0, 1),
        _ => SKMatrix.Identity,
    };
}

/// <summary>An erased case keeps no drawings: the images go with the erasure (the events' captions are masked).</summary>
public sealed class ForgetDrawingsOnErasure(IDocumentStore store) : Privacy.IErasureStep
{
    public async Task Erase(Guid caseId, CancellationToken ct)
    {
        await using var session = store.LightweightSession();
        session.DeleteWhere<AllianceDrawing>(d => d.CaseId == caseId);
        await session.SaveChangesAsync(ct);
    }
}
