using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Marten;
using Microsoft.Extensions.DependencyInjection;
using SamenSterker.Access;
using SamenSterker.Alliance;
using SamenSterker.Tests.Support;
using Shouldly;
using SkiaSharp;

namespace SamenSterker.Tests.Alliance;

/// <summary>Werkalliantie-monitor (issue 23): a photo of a drawing, kept re-encoded without camera metadata; what is not a
/// photo, or too big, is refused by name.</summary>
public sealed class DrawingTests(AppFixture app) : ApiTest(app)
{
    private async Task<HttpResponseMessage> Upload(Guid caseId, byte[] file, string fileName = "tekening.jpg", string contentType = "image/jpeg",
        string? from = "client", string? caption = null, string? token = null)
    {
        using var client = Host.Server.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token ?? AppFixture.Token());
        using var form = new MultipartFormDataContent();
        var photo = new ByteArrayContent(file);
        photo.Headers.ContentType = new MediaTypeHeaderValue(contentType);
        form.Add(photo, "photo", fileName);
        if (from is not null) form.Add(new StringContent(from), "from");
        if (caption is not null) form.Add(new StringContent(caption), "caption");
        return await client.PostAsync($"/api/cases/{caseId}/alliance-drawings", form);
    }

    private static async Task<System.Text.Json.JsonElement> Json(HttpResponseMessage response) =>
        System.Text.Json.JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();

    /// <summary>A photo as a phone takes it: 300 × 200 stored, turned (EXIF orientation 6), with a GPS position.</summary>
    public static byte[] PhoneJpegWithGps()
    {
        using var bitmap = new SKBitmap(300, 200);
        using (var canvas = new SKCanvas(bitmap))
        {
            canvas.Clear(SKColors.LightYellow);
            using var pen = new SKPaint { Color = SKColors.Blue, StrokeWidth = 8 };
            canvas.DrawLine(20, 20, 280, 180, pen);
        }
        var jpeg = SKImage.FromBitmap(bitmap).Encode(SKEncodedImageFormat.Jpeg, 90).ToArray();
        return Exif.Insert(jpeg, orientation: 6, latitude: (52, 22, 30));
    }

    [Fact]
    public async Task a_phone_photo_of_a_drawing_is_kept_upright_without_exif_or_location_and_shown_beside_the_other_side()
    {
        var caseId = await Host.OpenCase();
        var original = PhoneJpegWithGps();
        Encoding.Latin1.GetString(original).ShouldContain("Exif"); // the test's photo does carry it
        var response = await Upload(caseId, original, caption: "Wij samen aan tafel");
        response.StatusCode.ShouldBe(HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        var added = await Json(response);
        var drawingId = added.GetProperty("drawingId").GetGuid();
        (added.GetProperty("width").GetInt32(), added.GetProperty("height").GetInt32()).ShouldBe((200, 300)); // upright

        await using var session = Host.Services.GetRequiredService<IDocumentStore>().QuerySession();
        var stored = (await session.LoadAsync<AllianceDrawing>(drawingId))!.Jpeg;
        Encoding.Latin1.GetString(stored).ShouldNotContain("Exif");
        stored.AsSpan().IndexOf(Exif.LatitudeBytes((52, 22, 30))).ShouldBe(-1);
        using (var codec = SKCodec.Create(new MemoryStream(stored)))
        {
            codec.EncodedFormat.ShouldBe(SKEncodedImageFormat.Jpeg);
            codec.EncodedOrigin.ShouldBe(SKEncodedOrigin.TopLeft);
            (codec.Info.Width, codec.Info.Height).ShouldBe((200, 300));
        }

        // Served as it is stored, to whoever may read the case; another team gets 404.
        var image = await Host.Send(HttpMethod.Get, $"/api/cases/{caseId}/alliance-drawings/{drawingId}", expect: 200);
        image.Context.Response.ContentType.ShouldBe("image/jpeg");
        await Host.Send(HttpMethod.Get, $"/api/cases/{caseId}/alliance-drawings/{drawingId}", token: AppFixture.Token(sub: "p-zuid", team: "zuid"), expect: 404);
        await Host.Send(HttpMethod.Get, $"/api/cases/{caseId}/alliance-drawings/{Guid.NewGuid()}", expect: 404);

        // Both sides next to each other, per moment.
        await Host.Send(HttpMethod.Post, $"/api/cases/{caseId}/alliance-feedback",
            new { from = "professional", goesWell = "We lachen samen", couldBeBetter = "Ik praat te veel", keywords = new[] { "rust" } }, expect: 201);
        var moment = (await Host.Get($"/api/cases/{caseId}/alliance")).EnumerateArray().Single();
        moment.GetProperty("on").GetString().ShouldBe(AppFixture.Today.ToString("yyyy-MM-dd"));
        moment.GetProperty("client").GetProperty("drawings")[0].GetProperty("caption").GetString().ShouldBe("Wij samen aan tafel");
        moment.GetProperty("professional").GetProperty("words")[0].GetProperty("couldBeBetter").GetString().ShouldBe("Ik praat te veel");
    }

    [Fact]
    public async Task what_is_not_a_photo_or_is_too_big_is_refused_by_name_and_nothing_is_kept()
    {
        var caseId = await Host.OpenCase();
        async Task Refused(HttpResponseMessage response, HttpStatusCode status, string? field = null, string? says = null)
        {
            var body = await response.Content.ReadAsStringAsync();
            response.StatusCode.ShouldBe(status, body);
            if (field is not null) (await Json(response)).GetProperty("errors").TryGetProperty(field, out _).ShouldBeTrue(body);
            if (says is not null) body.ShouldContain(says);
        }

        await Refused(await Upload(caseId, "Dit is een brief, geen tekening."u8.ToArray(), "brief.txt", "text/plain"), HttpStatusCode.BadRequest, "photo", "not a photo");
        var svg = """<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><script>alert(document.cookie)</script><rect width="10" height="10"/></svg>"""u8.ToArray();
        await Refused(await Upload(caseId, svg, "tekening.svg", "image/svg+xml"), HttpStatusCode.BadRequest, "photo", "not a photo");
        await Refused(await Upload(caseId, Png.ClaimingSize(100_000, 100_000), "groot.png", "image/png"), HttpStatusCode.BadRequest, "photo", "100000 × 100000");
        await Refused(await Upload(caseId, new byte[50 * 1024 * 1024], "enorm.jpg"), HttpStatusCode.RequestEntityTooLarge);
        await Refused(await Upload(caseId, PhoneJpegWithGps(), from: null), HttpStatusCode.BadRequest, "from");
        await Refused(await Upload(caseId, PhoneJpegWithGps(), from: "buurman"), HttpStatusCode.BadRequest, "from");
        await Refused(await Upload(caseId, PhoneJpegWithGps(), caption: new string('x', 301)), HttpStatusCode.BadRequest, "caption");
        (await Host.Send(HttpMethod.Post, $"/api/cases/{caseId}/alliance-drawings", new { photo = "x" }, expect: 415)).ShouldNotBeNull();
        await Refused(await Upload(Guid.NewGuid(), PhoneJpegWithGps()), HttpStatusCode.NotFound);
        await Refused(await Upload(caseId, PhoneJpegWithGps(), token: AppFixture.Token(Roles.Auditor, "a-ada", null)), HttpStatusCode.Forbidden);

        await using var session = Host.Services.GetRequiredService<IDocumentStore>().QuerySession();
        (await session.Query<AllianceDrawing>().CountAsync(d => d.CaseId == caseId)).ShouldBe(0);
        (await Host.GetCase(caseId)).GetProperty("version").GetInt64().ShouldBe(1); // no event either
    }

    [Fact]
    public async Task an_erased_case_keeps_no_drawing()
    {
        var caseId = await Host.OpenCase();
        var added = await Json(await Upload(caseId, PhoneJpegWithGps(), caption: "Ons huis"));
        var drawingId = added.GetProperty("drawingId").GetGuid();
        await Host.Send(HttpMethod.Post, $"/api/cases/{caseId}/close", new { closedOn = AppFixture.Today.ToString("yyyy-MM-dd"), reason = "Klaar" },
            token: AppFixture.Token(Roles.TeamLead, "t-tom"), expect: 200);
        await Host.Send(HttpMethod.Post, "/api/admin/erasure-requests", new { caseId, reason = "AVG-verzoek" }, token: AppFixture.Token(Roles.Admin, "b-bea", null), expect: 200);
        await using var session = Host.Services.GetRequiredService<IDocumentStore>().QuerySession();
        (await session.LoadAsync<AllianceDrawing>(drawingId)).ShouldBeNull();
        var history = (await Host.Send(HttpMethod.Get, $"/api/cases/{caseId}/history?limit=100", token: AppFixture.Token(Roles.Auditor, "a-ada", null), expect: 200)).ReadAsText();
        history.ShouldNotContain("Ons huis");
    }
}

/// <summary>Writes the EXIF a phone camera writes: orientation and a GPS latitude, in an APP1 segment after the JPEG's SOI.</summary>
public static class Exif
{
    public static byte[] LatitudeBytes((int D, int M, int S) at)
    {
        var bytes = new List<byte>();
        foreach (var v in new[] { at.D, at.M, at.S }) { bytes.AddRange(BitConverter.GetBytes((uint)v)); bytes.AddRange(BitConverter.GetBytes(1u)); }
        return [.. bytes];
    }

    public static byte[] Insert(byte[] jpeg, ushort orientation, (int D, int M, int S) latitude)
    {
        var tiff = new List<byte>();
        void U16(int v) => tiff.AddRange(BitConverter.GetBytes((ushort)v));
        void U32(long v) => tiff.AddRange(BitConverter.GetBytes((uint)v));
        tiff.AddRange("II"u8.ToArray()); U16(42); U32(8);
        // IFD0 at 8: orientation, and the pointer to the GPS IFD (at 38).
        U16(2);
        U16(0x0112); U16(3); U32(1); U16(orientation); U16(0);
        U16(0x8825); U16(4); U32(1); U32(38);
        U32(0);
        // GPS IFD at 38: latitude ref "N" and the latitude (three rationals at 68).
        U16(2);
        U16(0x0001); U16(2); U32(2); tiff.AddRange("N\0\0\0"u8.ToArray());
        U16(0x0002); U16(5); U32(3); U32(68);
        U32(0);
        tiff.AddRange(LatitudeBytes(latitude));
        var payload = "Exif\0\0"u8.ToArray().Concat(tiff).ToArray();
        var length = payload.Length + 2;
        byte[] app1 = [0xFF, 0xE1, (byte)(length >> 8), (byte)length, .. payload];
        return [.. jpeg[..2], .. app1, .. jpeg[2..]];
    }
}

/// <summary>A PNG whose header claims a size it does not have (a decompression bomb's first step).</summary>
public static class Png
{
    public static byte[] ClaimingSize(int width, int height)
    {
        static byte[] Be(uint v) => [(byte)(v >> 24), (byte)(v >> 16), (byte)(v >> 8), (byte)v];
        byte[] ihdr = [.. "IHDR"u8.ToArray(), .. Be((uint)width), .. Be((uint)height), 8, 6, 0, 0, 0];
        // A little compressed data, so that a reader gets past the header to where the pixels would start.
        var zlib = new MemoryStream();
        using (var z = new System.IO.Compression.ZLibStream(zlib, System.IO.Compression.CompressionLevel.Fastest, leaveOpen: true)) z.Write(new byte[64]);
        byte[] idat = [.. "IDAT"u8.ToArray(), .. zlib.ToArray()];
        byte[] iend = [.. "IEND"u8.ToArray()];
        return [0x89, .. "PNG\r\n\x1a\n"u8.ToArray(), .. Be(13), .. ihdr, .. Be(Crc32(ihdr)),
            .. Be((uint)(idat.Length - 4)), .. idat, .. Be(Crc32(idat)), .. Be(0), .. iend, .. Be(Crc32(iend))];
    }

    private static uint Crc32(byte[] data)
    {
        var crc = 0xFFFFFFFFu;
        foreach (var b in data)
        {
            crc ^= b;
            for (var k = 0; k < 8; k++) crc = (crc & 1) != 0 ? 0xEDB88320u ^ (crc >> 1) : crc >> 1;
        }
        return crc ^ 0xFFFFFFFFu;
    }
}

/// <summary>The werkalliantie-monitor's step 3: the team's feedback, shared by the team and only by it.</summary>
public sealed class AllianceTeamReflectionTests(AppFixture app) : ApiTest(app)
{
    [Fact]
    public async Task a_team_looks_back_on_the_dialogues_and_another_team_does_not_see_it()
    {
        const string url = "/api/me/alliance-reflections";
        await Host.Send(HttpMethod.Post, url, new { answers = new Dictionary<string, string> { ["1"] = "Tekenen opent het gesprek", ["5"] = "Elk kwartaal" } },
            token: AppFixture.Token(sub: "p-anna"), expect: 201);
        var tom = (await Host.Send(HttpMethod.Get, url, token: AppFixture.Token(Roles.TeamLead, "t-tom"), expect: 200)).Json();
        tom.GetArrayLength().ShouldBe(1);
        tom[0].GetProperty("answers").GetProperty("5").GetString().ShouldBe("Elk kwartaal");
        tom[0].GetProperty("recordedBy").GetString().ShouldBe("p-anna");
        (await Host.Send(HttpMethod.Get, url, token: AppFixture.Token(sub: "p-zara", team: "zuid"), expect: 200)).Json().GetArrayLength().ShouldBe(0);

        (await Host.Send(HttpMethod.Post, url, new { answers = new Dictionary<string, string> { ["6"] = "Er zijn er vijf" } }, expect: 400)).ShouldNameField("answers");
        (await Host.Send(HttpMethod.Post, url, new { answers = new Dictionary<string, string>() }, expect: 400)).ShouldNameField("answers");
        (await Host.Send(HttpMethod.Post, url, new { heldOn = AppFixture.Today.AddDays(3).ToString("yyyy-MM-dd"), answers = new Dictionary<string, string> { ["1"] = "x" } },
            expect: 400)).ShouldNameField("heldOn");
        await Host.Send(HttpMethod.Post, url, new { answers = new Dictionary<string, string> { ["1"] = "x" } }, token: AppFixture.Token(Roles.Auditor, "a-ada", null), expect: 403);
    }
}
