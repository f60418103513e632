using System.Net.Http.Headers;
using System.Net.Http.Json;
using Deque.AxeCore.Playwright;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Playwright;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using SamenSterker.Access;
using SamenSterker.Tests.Support;
using Shouldly;

namespace SamenSterker.Tests.Web;

/// <summary>
/// The web app on a real port (Kestrel: a browser cannot reach an in-memory server), on a database of its own, and
/// Debian's chromium driven by Playwright (ops/test.sh installs it; SAMENSTERKER_CHROMIUM names another).
/// </summary>
public sealed class BrowserFixture : IAsyncLifetime
{
    private WebApplicationFactory<Program>? _app;
    private IPlaywright? _playwright;
    private bool _signInChecked;

    public string BaseUrl { get; private set; } = "";

    /// <summary>The app's event store (to put in place what another part of the system would, like a delivered reminder).</summary>
    public Marten.IDocumentStore Store => _app!.Services.GetRequiredService<Marten.IDocumentStore>();
    public IBrowser Browser { get; private set; } = null!;

    private const string Database = "samensterker_test_web";

    /// <summary>The web app's connection: the runtime role, on a database the owner migrated.</summary>
    public static string ConnectionString => DatabaseRoles.As(AppFixture.ConnectionString, DatabaseRoles.Runtime, Database);

    public async Task InitializeAsync()
    {
        // A new database per run, before the app (and its projection daemon) starts: the screenshots show this run's cases only.
        await DatabaseRoles.CreateDatabase(Database);
        await DatabaseRoles.Migrate(Database);

        var port = ServiceNodes.FreePort();
        BaseUrl = $"http://127.0.0.1:{port}";
        _app = new WebApplicationFactory<Program>().WithWebHostBuilder(b =>
        {
            AppFixture.UseTestSettings(b, ConnectionString);
            // The browser signs in through the development sign-in page, which opens only in Development with its setting.
            b.UseEnvironment("Development");
            b.UseSetting("Auth:DevelopmentSignIn", "true");
            b.UseSetting("Projections:Daemon", "Solo");
            b.UseSetting("Wolverine:Durability", "Solo");
            b.UseSetting("Reminders:Enabled", "false");
            b.UseSetting("Serilog:MinimumLevel:Default", "Warning");
            b.UseUrls(BaseUrl);
        });
        _app.UseKestrel();
        _app.StartServer();
        var addresses = _app.Services.GetRequiredService<Microsoft.AspNetCore.Hosting.Server.IServer>()
            .Features.Get<Microsoft.AspNetCore.Hosting.Server.Features.IServerAddressesFeature>()?.Addresses;
        Console.WriteLine("Browser tests' server: " + string.Join(", ", addresses ?? []));

        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = Environment.GetEnvironmentVariable("SAMENSTERKER_CHROMIUM") ?? "/usr/bin/chromium",
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking", "--lang=nl-NL"],
        });
    }

    public async Task DisposeAsync()
    {
        if (Browser is not null) await Browser.CloseAsync();
        _playwright?.Dispose();
        if (_app is not null) await _app.DisposeAsync();
    }

    /// <summary>A fresh browser context at a laptop's size (1366×768), signed in as <paramref name="sub"/> through the sign-in page.</summary>
    /// <summary>The names the test people sign in with (as an identity provider's name claim gives them).</summary>
    public static readonly IReadOnlyDictionary<string, string> Names = new Dictionary<string, string>
    {
        ["p-anna"] = "Anna de Vries", ["p-bert"] = "Bert Jansen", ["t-tom"] = "Tom Bakker", ["a-ada"] = "Ada Smit", ["p-zara"] = "Zara Yilmaz", ["p-dirk"] = "Dirk Mulder",
    };

    /// <summary>Today as the service says it: in Amsterdam (between 23:00 and midnight UTC in winter it is tomorrow there).</summary>
    public static DateOnly Today => SamenSterker.Platform.AmsterdamCalendar.DayOf(DateTimeOffset.UtcNow);

    public async Task<IPage> SignedIn(string sub = "p-anna", string role = Roles.Professional, string? team = "noord", int width = 1366, int height = 768)
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = width, Height = height }, Locale = "nl-NL" });
        var page = await context.NewPageAsync();
        await page.GotoAsync(BaseUrl + "/aanmelden");
        if (!_signInChecked)
        {
            _signInChecked = true;
            await Accessible(page);
            await Screenshot(page, "aanmelden");
        }
        await page.FillAsync("#sub", sub);
        await page.SelectOptionAsync("#role", role);
        await page.FillAsync("#team", team ?? "");
        await page.FillAsync("#name", Names.GetValueOrDefault(sub, ""));
        await page.ClickAsync("form.narrow button[type=submit]");
        try
        {
            // The page's own parts (styles, the service worker) may be slow on a busy machine: the arrival is what counts here.
            // Polled, not awaited as a navigation event: on a busy machine the arrival can come before the wait begins.
            await Assertions.Expect(page).ToHaveURLAsync(BaseUrl + "/", new PageAssertionsToHaveURLOptions { Timeout = 30_000 });
            await page.Locator("header .who").WaitForAsync(new LocatorWaitForOptions { Timeout = 30_000 });
        }
        catch (Exception e) when (e is TimeoutException or PlaywrightException)
        {
            throw new TimeoutException($"Signing in did not lead to /: at {page.Url}, showing {(await page.ContentAsync())[..Math.Min(3000, (await page.ContentAsync()).Length)]}", e);
        }
        return page;
    }

    /// <summary>An API client with a bearer token: the tests set up their cases through the API, as any client would.</summary>
    public HttpClient Api(string sub = "p-anna", string role = Roles.Professional, string? team = "noord")
    {
        var http = new HttpClient { BaseAddress = new Uri(BaseUrl) };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", AppFixture.Token(role, sub, team));
        return http;
    }

    /// <summary>Opens a case for <paramref name="casusregie"/> with the first check-in due on <paramref name="firstOn"/>.</summary>
    public async Task<Guid> OpenCase(string clientName, DateOnly firstOn, string casusregie = "p-anna", string team = "noord")
    {
        using var api = Api(casusregie, team: team);
        var response = await api.PostAsJsonAsync("/api/cases", new
        {
            clientReference = "C-" + Random.Shared.Next(1000, 9999), clientName, kind = "family", teamId = team, casusregie,
            openedOn = Today.AddDays(-40).ToString("yyyy-MM-dd"),
            checkInMoments = new { intervalMonths = 3, firstOn = firstOn.ToString("yyyy-MM-dd") },
        });
        response.StatusCode.ShouldBe(System.Net.HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>()).GetProperty("id").GetGuid();
    }

    /// <summary>Reloads (bounded) until <paramref name="selector"/> is on the page: read models trail the writes by a moment.</summary>
    public async Task UntilShown(IPage page, string selector)
    {
        for (var i = 0; i < 50 && await page.Locator(selector).CountAsync() == 0; i++)
        {
            await Task.Delay(200);
            await page.ReloadAsync();
        }
        (await page.Locator(selector).CountAsync()).ShouldBeGreaterThan(0, $"{selector} never showed on {page.Url}");
    }

    /// <summary>No serious or critical accessibility violation (axe-core, WCAG 2.1 AA rules) on the page as it is now.</summary>
    public static async Task Accessible(IPage page)
    {
        // Every page's HTML under 100 KB (the chart is an image of its own).
        (await page.ContentAsync()).Length.ShouldBeLessThan(100_000, page.Url);
        var result = await page.RunAxe();
        var serious = result.Violations.Where(v => v.Impact is "serious" or "critical").ToList();
        serious.ShouldBeEmpty(string.Join("\n", serious.Select(v => $"{v.Id} ({v.Impact}): {v.Help} — {string.Join(", ", v.Nodes.Take(3).Select(n => n.Html))}")));
    }

    /// <summary>A screenshot for docs/screenshots (so the README's pictures stay current).</summary>
    public static async Task Screenshot(IPage page, string name)
    {
        var folder = Path.Combine(Repo.Root, "docs", "screenshots");
        Directory.CreateDirectory(folder);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(folder, name + ".png"), FullPage = true });
    }

}

/// <summary>
/// Run alone, after the others: a browser takes a core of this 2-core machine, and the fault tests measure how fast
/// reminders survive a crash.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class BrowserCollection : ICollectionFixture<BrowserFixture>
{
    public const string Name = "browser";
}
