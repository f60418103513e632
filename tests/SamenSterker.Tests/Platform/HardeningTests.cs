using System.Security.Cryptography;
using Alba;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using SamenSterker.Access;
using SamenSterker.Tests.Support;
using Shouldly;

namespace SamenSterker.Tests.Platform;

/// <summary>Issue 19, finding 6: the small things an attacker tries first.</summary>
public sealed class HardeningTests(AppFixture app) : ApiTest(app)
{
    [Fact]
    public async Task the_key_ring_that_signs_cookies_is_stored_encrypted_and_only_its_secret_opens_it()
    {
        var sealedText = Host.Services.GetRequiredService<IDataProtectionProvider>().CreateProtector("test").Protect("geheim");

        await using (var db = new NpgsqlConnection(AppFixture.ConnectionString))
        {
            await db.OpenAsync();
            await using var read = new NpgsqlCommand("select xml from samensterker.data_protection_keys", db);
            var keys = new List<string>();
            await using (var reader = await read.ExecuteReaderAsync()) while (await reader.ReadAsync()) keys.Add(reader.GetString(0));
            keys.ShouldNotBeEmpty();
            // ASP.NET's key ring stores a key's secret in <masterKey> unless an encryptor wraps it in <encryptedSecret>.
            keys.ShouldAllBe(k => k.Contains("<encryptedSecret") && !k.Contains("<masterKey"));
        }

        // Another instance with the secret reads the key from the table and opens what the first sealed; one without cannot.
        await using (var other = await Instance(AppFixture.KeyRingSecret))
            other.Services.GetRequiredService<IDataProtectionProvider>().CreateProtector("test").Unprotect(sealedText).ShouldBe("geheim");
        await using (var wrong = await Instance("another-secret-of-at-least-32-characters-0123"))
            Should.Throw<CryptographicException>(() => wrong.Services.GetRequiredService<IDataProtectionProvider>().CreateProtector("test").Unprotect(sealedText));
    }

    [Fact]
    public async Task outside_development_cookies_go_over_tls_only_and_https_answers_say_to_stay_on_it()
    {
        var cookie = Host.Services.GetRequiredService<Microsoft.Extensions.Options.IOptionsMonitor<Microsoft.AspNetCore.Authentication.Cookies.CookieAuthenticationOptions>>()
            .Get(WebSignIn.CookieScheme);
        cookie.Cookie.SecurePolicy.ShouldBe(Microsoft.AspNetCore.Http.CookieSecurePolicy.Always);

        var overTls = await Host.Scenario(s =>
        {
            s.ConfigureHttpContext(c => c.Request.Scheme = "https");
            s.Get.Url("/health");
        });
        overTls.Context.Response.Headers.StrictTransportSecurity.ToString().ShouldBe("max-age=31536000");
        var plain = await Host.Scenario(s => s.Get.Url("/health"));
        plain.Context.Response.Headers.ContainsKey("Strict-Transport-Security").ShouldBeFalse(); // only a TLS answer may say it
    }

    [Theory]
    [InlineData("Production")]
    [InlineData("Staging")]
    public async Task outside_development_the_service_does_not_start_without_the_key_ring_secret(string environment)
    {
        var refused = await Should.ThrowAsync<InvalidOperationException>(() => Instance("", environment));
        refused.Message.ShouldContain("DataProtection:KeyRingSecret");
    }

    private static async Task<IAlbaHost> Instance(string keyRingSecret, string environment = "Testing")
    {
        var runtime = await DatabaseRoles.RuntimeOnTestDatabase();
        return await AlbaHost.For<Program>(b =>
        {
            AppFixture.UseTestSettings(b, runtime);
            b.UseEnvironment(environment);
            b.UseSetting("Projections:Daemon", "Disabled");
            b.UseSetting("Wolverine:Durability", "Solo");
            b.UseSetting("Reminders:Enabled", "false");
            b.UseSetting("DataProtection:KeyRingSecret", keyRingSecret);
        });
    }

    [Fact]
    public async Task a_page_number_past_any_list_is_refused_by_name_not_a_500()
    {
        (await Host.Send(HttpMethod.Get, "/api/cases?page=999999999", expect: 400)).ShouldNameField("page");
        (await Host.Send(HttpMethod.Get, "/api/cases?page=1000000&pageSize=200", expect: 200)).Json()
            .GetProperty("items").GetArrayLength().ShouldBe(0);
    }

    [Fact]
    public async Task a_cell_that_a_spreadsheet_would_run_as_a_formula_is_exported_as_text()
    {
        const string evil = "=HYPERLINK(\"http://x.test\",\"klik\")";
        // The CSV's user column holds who wrote each fact, as the token said: here a user id that is a formula.
        var other = (await Host.Send(HttpMethod.Post, "/api/cases", CaseApi.NewCase(reference: "C-9911", casusregie: "p-anna"),
            token: AppFixture.Token(Roles.Professional, evil, "noord"), expect: 201)).Json().GetProperty("id").GetGuid();
        var rows = (await Host.Scenario(s =>
        {
            s.WithBearerToken(AppFixture.Token(Roles.Auditor, "a-ada", null));
            s.WithRequestHeader("Accept", "text/csv");
            s.Get.Url($"/api/cases/{other}/history");
            s.StatusCodeShouldBe(200);
        })).ReadAsText().Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        var row = rows.Single(r => r.Contains("case_opened"));
        row.ShouldContain("\"'=HYPERLINK(");   // quoted, with the ' that makes a spreadsheet show it as text
        row.ShouldNotContain(",=HYPERLINK(");
    }

    [Fact]
    public async Task a_steunkring_has_at_most_a_hundred_members()
    {
        var caseId = await Host.OpenCase();
        for (var i = 0; i < 100; i++)
            await Host.Send(HttpMethod.Post, $"/api/cases/{caseId}/steunkring/members", new { name = $"Lid {i}", relation = "friend" }, expect: 201);
        (await Host.Send(HttpMethod.Post, $"/api/cases/{caseId}/steunkring/members", new { name = "Nog een", relation = "friend" }, expect: 409))
            .Detail().ShouldContain("at most 100");
    }

    [Fact]
    public async Task pages_and_answers_carry_the_headers_that_keep_a_browser_safe()
    {
        foreach (var path in new[] { "/health", "/api/cases", "/aanmelden", "/a/" + new string('q', 43), "/css/app.css" })
        {
            var response = await Host.Send(HttpMethod.Get, path, token: path == "/api/cases" ? null : "");
            var headers = response.Context.Response.Headers;
            headers.XContentTypeOptions.ToString().ShouldBe("nosniff", path);
            headers.XFrameOptions.ToString().ShouldBe("DENY", path);
            headers.ContentSecurityPolicy.ToString().ShouldContain("frame-ancestors 'none'", customMessage: path);
            headers.ContentSecurityPolicy.ToString().ShouldContain("script-src 'self'", customMessage: path);
            headers["Referrer-Policy"].ToString().ShouldBe(path.StartsWith("/a/") ? "no-referrer" : "same-origin", path);
        }
    }
}
