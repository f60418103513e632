using System.Diagnostics;

namespace SamenSterker.Tests.Support;

/// <summary>
/// The service as a separate process, the way it runs in production: a node that can be killed for real
/// (SIGKILL, no goodbye), which an in-process test host cannot be.
/// </summary>
public static class ServiceNodes
{
    public static Process Start(int port, string connectionString, IReadOnlyDictionary<string, string?> settings)
    {
        var start = new ProcessStartInfo("dotnet", [Path.Combine(AppContext.BaseDirectory, "SamenSterker.Api.dll"), "--urls", $"http://127.0.0.1:{port}"])
        {
            RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = AppContext.BaseDirectory,
        };
        var env = start.Environment;
        env["ASPNETCORE_ENVIRONMENT"] = "Testing";
        env["SAMENSTERKER_DB"] = connectionString;
        env["Auth__SigningKey"] = AppFixture.SigningKey;
        env["Analytics__PseudonymKey"] = AppFixture.PseudonymKey;
        env["DataProtection__KeyRingSecret"] = AppFixture.KeyRingSecret;
        env["Logging__Console"] = "false";
        env["Wolverine__Durability"] = "Balanced";
        foreach (var (key, value) in settings) env[key.Replace(":", "__")] = value;
        var process = Process.Start(start)!;
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    /// <summary>Until the node answers /health/ready (its database reachable, its schema applied).</summary>
    public static async Task Ready(int port, int seconds = 60)
    {
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
        var ready = await Wait.Until(async () =>
        {
            try { return (await http.GetAsync("/health/ready")).IsSuccessStatusCode; }
            catch (HttpRequestException) { return false; }
        }, ok => ok, seconds);
        if (!ready) throw new TimeoutException($"The node on port {port} was not ready within {seconds} s.");
    }

    public static int FreePort()
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
    }
}
