using System.Security.Cryptography;
using System.Text;
using QRCoder;

namespace SamenSterker.Platform;

/// <summary>
/// The secret in a link that opens something without an account (an answer link, a summary link, a calendar feed):
/// 256 random bits, URL-safe; stored only as its SHA-256; looked up only when it could be one; shown as a QR code.
/// </summary>
public static class LinkSecret
{
    /// <summary>A new secret: 256 random bits, URL-safe (43 characters).</summary>
    public static string New() =>
        Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    /// <summary>What is stored and looked up: the secret's SHA-256, in hex.</summary>
    public static string HashOf(string secret) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(secret)));

    /// <summary>Only a string that could be a secret is looked up (43 URL-safe characters).</summary>
    public static bool CouldBe(string? secret) =>
        secret is { Length: 43 } && secret.All(ch => char.IsAsciiLetterOrDigit(ch) || ch is '-' or '_');

    /// <summary>The link's URL as a QR code, an SVG a phone's camera reads from a laptop's screen.</summary>
    public static string QrSvg(string url)
    {
        using var generator = new QRCodeGenerator();
        using var data = generator.CreateQrCode(url, QRCodeGenerator.ECCLevel.M);
        return new SvgQRCode(data).GetGraphic(6);
    }
}
