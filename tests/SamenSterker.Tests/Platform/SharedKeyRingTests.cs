using System.Security.Cryptography;
using Alba;
using Microsoft.AspNetCore.Hosting;
using Npgsql;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.DependencyInjection;
using SamenSterker.Access;
using SamenSterker.Tests.Support;
using Shouldly;

namespace SamenSterker.Tests.Platform;

/// <summary>Two instances behind one load balancer: what one protected (a sign-in cookie, an antiforgery token), the other reads.</summary>
public sealed class SharedKeyRingTests(AppFixture app) : ApiTest(app)
{
    [Fact]
    public async Task a_second_instance_on_the_same_database_reads_what_the_first_protected()
    {
        await using var other = await AppFixture.AnotherInstance();
        const string purpose = "Microsoft.AspNetCore.Authentication.Cookies.CookieAuthenticationMiddleware"; // any purpose string will do
        var sealedHere = Host.Services.GetRequiredService<IDataProtectionProvider>().CreateProtector(purpose).Protect("p-anna signed in");

        other.Services.GetRequiredService<IDataProtectionProvider>().CreateProtector(purpose).Unprotect(sealedHere).ShouldBe("p-anna signed in");

        // Read from the database, not from a folder both hosts happen to share on this machine (in containers they do not).
        await using var db = new Npgsql.NpgsqlConnection(AppFixture.ConnectionString);
        await db.OpenAsync();
        await using var keys = new Npgsql.NpgsqlCommand($"select count(*) from {SamenSterker.Access.SharedKeyRing.Table.Identifier.QualifiedName}", db);
        ((long)(await keys.ExecuteScalarAsync())!).ShouldBeGreaterThan(0);
        Host.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<Microsoft.AspNetCore.DataProtection.KeyManagement.KeyManagementOptions>>()
            .Value.XmlRepository!.GetType().DeclaringType.ShouldBe(typeof(SamenSterker.Access.SharedKeyRing));
    }

    [Fact]
    public async Task an_instance_with_its_own_key_ring_could_not_which_is_what_the_shared_one_prevents()
    {
        var sealedHere = Host.Services.GetRequiredService<IDataProtectionProvider>().CreateProtector("test").Protect("secret");
        var isolated = DataProtectionProvider.Create("SamenSterker").CreateProtector("test");

        Should.Throw<System.Security.Cryptography.CryptographicException>(() => isolated.Unprotect(sealedHere));
    }

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

    [Theory]
    [InlineData("Production")]
    [InlineData("Staging")]
    public async Task outside_development_the_service_does_not_start_without_the_key_ring_secret(string environment)
    {
        var refused = await Should.ThrowAsync<InvalidOperationException>(() => Instance("", environment));
        refused.Message.ShouldContain("DataProtection:KeyRingSecret");
    }

    private static Task<IAlbaHost> Instance(string keyRingSecret, string environment = "Testing") =>
        AppFixture.AnotherInstance(environment, b => b.UseSetting("DataProtection:KeyRingSecret", keyRingSecret));
}
