using System.Text.RegularExpressions;
using Alba;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using SamenSterker.Access;
using SamenSterker.Platform;
using SamenSterker.Tests.Support;
using Shouldly;

namespace SamenSterker.Tests.Platform;

/// <summary>
/// The development sign-in page and the token command let anyone be anyone: only in Development with
/// Auth:DevelopmentSignIn; and no environment but Development starts with a secret this repository publishes.
/// </summary>
public sealed class DevelopmentDoorTests
{
    private const string PublishedSigningKey = "development-only-signing-key-change-me-0123456789";

    [Theory]
    [InlineData("Staging", null)]          // the security review: any name but Production opened the door
    [InlineData("Testing", null)]
    [InlineData("Development", "false")]   // Development, with the door switched off
    public async Task outside_development_or_without_its_setting_the_sign_in_page_signs_nobody_in(string environment, string? setting)
    {
        await using var host = await Host(environment, b => { if (setting is not null) b.UseSetting("Auth:DevelopmentSignIn", setting); });
        var client = host.Server.CreateClient();

        var page = await client.GetAsync("/aanmelden");
        var html = await page.Content.ReadAsStringAsync();
        html.ShouldNotContain("name=\"Sub\"");
        html.ShouldContain("Aanmelden kan hier niet");

        // What the reviewer did: post a chosen user and the role auditor (with the page's antiforgery token, if it had one).
        var post = new HttpRequestMessage(HttpMethod.Post, "/aanmelden")
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["Sub"] = "mallory", ["Role"] = "auditor", ["Team"] = "", ["__RequestVerificationToken"] = AntiforgeryToken(html) ?? "",
            }),
        };
        foreach (var cookie in page.Headers.TryGetValues("Set-Cookie", out var cookies) ? cookies : [])
            post.Headers.Add("Cookie", cookie.Split(';')[0]);
        var answer = await client.SendAsync(post);

        answer.Headers.TryGetValues("Set-Cookie", out var set);
        (set ?? []).ShouldNotContain(c => c.StartsWith(WebSignIn.CookieName + "=", StringComparison.Ordinal), "nobody is signed in");
        ((int)answer.StatusCode).ShouldBeOneOf(400, 404);
    }

    [Fact]
    public async Task in_development_with_its_setting_the_sign_in_page_is_there()
    {
        await using var host = await Host("Development", b => b.UseSetting("Auth:DevelopmentSignIn", "true"));

        var html = await host.Server.CreateClient().GetStringAsync("/aanmelden");

        html.ShouldContain("name=\"Sub\"");
    }

    [Theory]
    [InlineData("Production", "Auth:SigningKey", PublishedSigningKey)]
    [InlineData("Staging", "Auth:SigningKey", PublishedSigningKey)]
    [InlineData("Production", "Analytics:PseudonymKey", "development-only-pseudonym-key-change-me-012345")]
    [InlineData("Production", "Analytics:AnalystPassword", "analyst-dev")]
    [InlineData("Staging", "Auth:DevelopmentSignIn", "true")]
    public async Task outside_development_the_service_refuses_to_start_with_a_published_secret_or_the_door(string environment, string setting, string value)
    {
        var refused = await Should.ThrowAsync<InvalidOperationException>(() => Host(environment, b => b.UseSetting(setting, value)));

        refused.Message.ShouldContain(setting);
    }

    [Theory]
    [InlineData("Development", "true", 0)]
    [InlineData("Development", null, 2)]
    [InlineData("Staging", "true", 2)]
    [InlineData("Production", "true", 2)]
    public void the_token_command_works_only_in_development_with_the_setting(string environment, string? setting, int exitCode)
    {
        var config = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Auth:SigningKey"] = AppFixture.SigningKey, ["Auth:DevelopmentSignIn"] = setting,
        }).Build();
        var output = new StringWriter();
        var (original, originalError) = (Console.Out, Console.Error);
        Console.SetOut(output);
        Console.SetError(new StringWriter());
        try
        {
            DevTokens.RunCommand(["token", "--sub", "mallory", "--role", "auditor"], config, environment).ShouldBe(exitCode);
        }
        finally
        {
            Console.SetOut(original);
            Console.SetError(originalError);
        }
        (output.ToString().Length > 0).ShouldBe(exitCode == 0, "a token is printed only when the command works");
    }

    [Fact]
    public void docker_compose_runs_production_with_its_secrets_from_the_environment()
    {
        var compose = File.ReadAllText(Path.Combine(Repo.Root, "docker-compose.yml"));

        compose.ShouldContain("ASPNETCORE_ENVIRONMENT: Production");
        compose.ShouldNotContain("ASPNETCORE_ENVIRONMENT: Development");
        compose.ShouldNotContain("development-only");
        compose.ShouldNotContain("analyst-dev");
        // Every secret is required: compose stops with a message when one is missing (${VAR:?message}).
        foreach (var secret in new[] { "SAMENSTERKER_SIGNING_KEY", "SAMENSTERKER_PSEUDONYM_KEY", "SAMENSTERKER_KEYRING_SECRET", "SAMENSTERKER_DB_PASSWORD", "SAMENSTERKER_OWNER_PASSWORD" })
            compose.ShouldContain("${" + secret + ":?");
    }

    private static string? AntiforgeryToken(string html) =>
        Regex.Match(html, "name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"") is { Success: true } m ? m.Groups[1].Value
        : Regex.Match(html, "name=\"__RequestVerificationToken\" value=\"([^\"]+)\"") is { Success: true } n ? n.Groups[1].Value : null;

    private static Task<IAlbaHost> Host(string environment, Action<IWebHostBuilder> configure) => AppFixture.AnotherInstance(environment, configure);
}
