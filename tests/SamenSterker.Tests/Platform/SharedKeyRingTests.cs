using Alba;
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
        var runtime = await DatabaseRoles.RuntimeOnTestDatabase();
        await using var other = await AlbaHost.For<Program>(b =>
        {
            AppFixture.UseTestSettings(b, runtime);
            b.UseSetting("Projections:Daemon", "Disabled");
            b.UseSetting("Reminders:Enabled", "false");
        });
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
}
