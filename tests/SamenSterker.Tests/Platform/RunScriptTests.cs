using System.Diagnostics;
using SamenSterker.Tests.Support;
using Shouldly;

namespace SamenSterker.Tests.Platform;

/// <summary>
/// The README's run command, for real: ops/run.sh on a fresh data folder starts its own PostgreSQL,
/// applies the schema and serves the API; SIGTERM (as Ctrl-C) stops the API and the cluster.
/// </summary>
public sealed class RunScriptTests
{
    [Fact]
    public async Task run_script_on_a_fresh_data_folder_serves_a_ready_api_and_stops_cleanly()
    {
        var root = Repo.Root;
        var work = Directory.CreateTempSubdirectory("samensterker-run-test-").FullName;
        // The cluster runs as the postgres user when we are root: it must be able to reach the folder.
        if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(work, (UnixFileMode)0b111_101_101);
        var dataDir = Path.Combine(work, "pg");
        var url = $"http://127.0.0.1:{ServiceNodes.FreePort()}";
        var start = new ProcessStartInfo("bash", [Path.Combine(root, "ops", "run.sh")])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            Environment =
            {
                ["SAMENSTERKER_DATA_DIR"] = dataDir,
                ["SAMENSTERKER_PGPORT"] = ServiceNodes.FreePort().ToString(),
                ["SAMENSTERKER_URL"] = url,
                ["Reminders__BaseUrl"] = url,
                ["SAMENSTERKER_BUILD_DIR"] = Path.Combine(work, "api"),
            },
        };
        start.Environment.Remove("SAMENSTERKER_DB");
        var output = new System.Text.StringBuilder();
        using var run = Process.Start(start)!;
        run.OutputDataReceived += (_, e) => { lock (output) output.AppendLine(e.Data); };
        run.ErrorDataReceived += (_, e) => { lock (output) output.AppendLine(e.Data); };
        run.BeginOutputReadLine();
        run.BeginErrorReadLine();
        try
        {
            using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
            var ready = false;
            var deadline = DateTime.UtcNow.AddMinutes(4);
            while (!ready && DateTime.UtcNow < deadline && !run.HasExited)
            {
                try { ready = (await http.GetAsync($"{url}/health/ready")).IsSuccessStatusCode; }
                catch (HttpRequestException) { }
                if (!ready) await Task.Delay(500); // polling an external process: there is nothing to await
            }
            ready.ShouldBeTrue($"ops/run.sh did not become ready. Output:\n{output}");
            // The web app is served too: its sign-in page, styles and scripts.
            foreach (var path in new[] { "/aanmelden", "/css/app.css", "/js/checkin.js", "/sw.js", "/manifest.webmanifest" })
                ((int)(await http.GetAsync(url + path)).StatusCode).ShouldBe(200, path);
            File.Exists(Path.Combine(dataDir, "data", "PG_VERSION")).ShouldBeTrue();

            // The README's curl walk-through, as written (only the port differs).
            // Then the auditors' tour on the same case.
            var walk = (ReadmeWalkThrough(root) + ReadmeBlocks(root, "## For auditors", 3)).Replace("http://127.0.0.1:5080", url);
            var script = Path.Combine(work, "walk.sh");
            await File.WriteAllTextAsync(script, walk);
            var walked = Process.Start(Shell(script, root, work))!;
            var walkOutput = await walked.StandardOutput.ReadToEndAsync();
            var walkErrors = await walked.StandardError.ReadToEndAsync();
            await walked.WaitForExitAsync();
            walked.ExitCode.ShouldBe(0, walkErrors);
            walkOutput.ShouldContain("HTTP/1.1 201 Created", customMessage: walkOutput + walkErrors);
            walkOutput.ShouldContain("\"version\":13");
            walkOutput.ShouldContain("\"memberId\"");
            walkOutput.ShouldContain("\"caseOpened\"");          // the timeline
            walkOutput.ShouldContain("\"overdueCases\"");        // the team dashboard
            File.ReadAllText(Path.Combine(root, "trends.svg")).ShouldStartWith("<svg");
            File.Delete(Path.Combine(root, "trends.svg"));
            walkOutput.ShouldContain("\"type\":\"case_opened\"");          // the history
            walkOutput.ShouldContain("\"intact\":true,\"events\":14");      // verified
            walkOutput.ShouldContain("\"userId\":\"a-ada\"");              // the auditor's own reads in the access log
            walkOutput.ShouldContain("404 404 404 404 404 404 404");              // another team's professional
            walkOutput.ShouldContain("\"correctsVersion\":7");                // the correction
            walkOutput.ShouldContain("\"value\":4.5");                        // … in the trends
            walkOutput.ShouldContain("\"clientName\":\"[gewist]\"");        // erased
            walkOutput.ShouldContain("\"personalDataErased\":true");          // and still verified
            File.ReadAllLines(Path.Combine(root, "case-history.ndjson")).Length.ShouldBe(14);
            File.ReadAllLines(Path.Combine(root, "case-history.csv")).Length.ShouldBe(15);
            File.Delete(Path.Combine(root, "case-history.ndjson"));
            File.Delete(Path.Combine(root, "case-history.csv"));

            // The README's reminder walk-through: an overdue reminder arrives, the calendar lists the check-in.
            var reminders = ReadmeBlock(root, "## Reminders").Replace("http://127.0.0.1:5080", url);
            await File.WriteAllTextAsync(script, reminders);
            var remind = Process.Start(Shell(script, root, work))!;
            var remindOutput = await remind.StandardOutput.ReadToEndAsync();
            var remindErrors = await remind.StandardError.ReadToEndAsync();
            await remind.WaitForExitAsync();
            remind.ExitCode.ShouldBe(0, remindErrors);
            remindOutput.ShouldContain("\"unread\":1");
            remindOutput.ShouldContain("\"kind\":\"overdue\"");
            remindOutput.ShouldContain("SUMMARY:Samen Sterker check-in C-2040");
            remindOutput.ShouldContain("\"status\":\"sent\"");

            Process.Start("kill", ["-TERM", run.Id.ToString()])!.WaitForExit();
            (await WaitForExit(run, TimeSpan.FromSeconds(60))).ShouldBeTrue($"ops/run.sh did not stop. Output:\n{output}");
            File.Exists(Path.Combine(dataDir, "data", "postmaster.pid")).ShouldBeFalse("the cluster it started should be stopped");
        }
        finally
        {
            if (!run.HasExited) run.Kill(entireProcessTree: true);
            var pid = Path.Combine(dataDir, "data", "postmaster.pid");
            if (File.Exists(pid)) // fast shutdown of a cluster left behind by a failure above
                Process.Start("bash", ["-c", $"kill -INT $(head -n 1 '{pid}')"])!.WaitForExit();
            else
                Directory.Delete(work, recursive: true);
        }
    }


    /// <summary>A person's second terminal: the README's commands, with ops/run.sh's build folder of this run (so `ops/run.sh token`
    /// uses the service built above instead of building another).</summary>
    private static ProcessStartInfo Shell(string script, string root, string work) =>
        new("bash", [script])
        {
            RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = root,
            Environment = { ["SAMENSTERKER_BUILD_DIR"] = Path.Combine(work, "api") },
        };

    private static string ReadmeBlock(string root, string heading)
    {
        var readme = File.ReadAllText(Path.Combine(root, "README.md"));
        var from = readme.IndexOf("```bash\n", readme.IndexOf(heading, StringComparison.Ordinal), StringComparison.Ordinal) + "```bash\n".Length;
        return readme[from..readme.IndexOf("```", from, StringComparison.Ordinal)];
    }

    /// <summary>The first <paramref name="count"/> shell blocks after <paramref name="heading"/>, as one script.</summary>
    private static string ReadmeBlocks(string root, string heading, int count)
    {
        var readme = File.ReadAllText(Path.Combine(root, "README.md"));
        var script = "";
        var from = readme.IndexOf(heading, StringComparison.Ordinal);
        for (var block = 0; block < count; block++)
        {
            from = readme.IndexOf("```bash\n", from, StringComparison.Ordinal) + "```bash\n".Length;
            var end = readme.IndexOf("```", from, StringComparison.Ordinal);
            script += readme[from..end];
            from = end + 3;
        }
        return script;
    }

    private static string ReadmeWalkThrough(string root)
    {
        var readme = File.ReadAllText(Path.Combine(root, "README.md"));
        var start = readme.IndexOf("## A first walk through the API", StringComparison.Ordinal);
        // The walk-through is the first two shell blocks: the writes, then the reads.
        var script = "";
        var from = start;
        for (var block = 0; block < 2; block++)
        {
            from = readme.IndexOf("```bash\n", from, StringComparison.Ordinal) + "```bash\n".Length;
            var end = readme.IndexOf("```", from, StringComparison.Ordinal);
            script += readme[from..end];
            from = end + 3;
            // A person types the reads a moment later; the script waits (bounded) for the async read models (the trends show the
            // check-in; they are written in the same transaction as the case list and the dashboard's tables).
            if (block == 0)
                script += "for i in $(seq 1 300); do curl -s \"http://127.0.0.1:5080/api/cases/$CASE/trends\" -H \"Authorization: Bearer $TOKEN\" | grep -q '\"checkIns\":\\[{' && break; sleep 0.1; done\n";
        }
        return script;
    }

    private static async Task<bool> WaitForExit(Process process, TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        try { await process.WaitForExitAsync(cts.Token); return true; }
        catch (OperationCanceledException) { return false; }
    }
}
