using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;
using Npgsql;
using SamenSterker.Tests.Reminders;
using SamenSterker.Tests.Support;
using Shouldly;

namespace SamenSterker.Tests.Faults;

/// <summary>
/// Two instances of the service, the Critter Stack's own way (<c>Projections:Daemon</c> Distributed, the default):
/// Wolverine spreads the async projections and the reminder planning over the running instances, each on exactly
/// one, and when an instance dies (SIGKILL) the other takes its share over within 30 seconds and the read models
/// go on from where they were: nothing lost, nothing projected twice.
/// </summary>
[Collection(ReminderCollection.Name)] // runs alone with the other timing-sensitive multi-node tests
public sealed class ProjectionDistributionTests
{
    private const string Database = "samensterker_test_nodes";

    /// <summary>The async projections and the planning subscription: what Wolverine distributes.</summary>
    private static readonly string[] Shards = ["readmodels", "reminderplanning"];

    private static string ConnectionString =>
        new NpgsqlConnectionStringBuilder(AppFixture.ConnectionString) { Database = Database }.ConnectionString;

    [Fact]
    public async Task each_projection_runs_on_exactly_one_of_two_nodes_and_a_killed_nodes_share_moves_within_30_seconds()
    {
        await FreshDatabase();
        var settings = new Dictionary<string, string?> { ["Projections:Daemon"] = "Distributed" };
        var (portA, portB) = (ServiceNodes.FreePort(), ServiceNodes.FreePort());
        using var a = ServiceNodes.Start(portA, ConnectionString, settings);
        await ServiceNodes.Ready(portA); // A first: it creates the schema
        var nodeA = (await NodeNumbers()).Single();
        using var b = ServiceNodes.Start(portB, ConnectionString, settings);
        try
        {
            await ServiceNodes.Ready(portB);

            // Spread over both, each shard on one node (the assignment table has one row per agent).
            var spread = await Wait.Until(Assignments, s => s.Count == Shards.Length && s.Values.Distinct().Count() == 2, seconds: 45);
            spread.Keys.Order().ShouldBe(Shards);
            spread.Values.Distinct().Count().ShouldBe(2, "both nodes run a share");

            // Both nodes serve; what one writes, the projections (wherever they run) fold.
            using var viaA = Client(portA);
            using var viaB = Client(portB);
            var caseId = await OpenCase(viaA);
            await RecordCheckIn(viaB, caseId, 1);
            await Wait.Until(() => TrendCheckIns(viaA, caseId), n => n == 1, seconds: 30);

            // Kill A, without a goodbye: B takes over A's share.
            var survivor = (await NodeNumbers()).Single(n => n != nodeA);
            spread.Values.ShouldContain(nodeA);
            var killedAt = Stopwatch.StartNew();
            a.Kill(entireProcessTree: true);
            await a.WaitForExitAsync();

            using var viaSurvivor = viaB;
            await RecordCheckIn(viaSurvivor, caseId, 2); // written while the dead node still "owns" half of the projections
            var taken = await Wait.Until(Assignments, s => s.Count == Shards.Length && s.Values.All(n => n == survivor), seconds: 40);
            var movedIn = killedAt.Elapsed;
            taken.Values.ShouldAllBe(n => n == survivor, $"after {movedIn.TotalSeconds:0.0} s the shards were {string.Join(", ", taken)}");
            movedIn.ShouldBeLessThan(TimeSpan.FromSeconds(30));

            // The read models went on where they were: each check-in exactly once in the trends, the reviewed agreement reviewed.
            var trends = await Wait.Until(() => TrendCheckIns(viaSurvivor, caseId), n => n >= 2, seconds: 30);
            trends.ShouldBe(2);
            var rates = await Wait.Until(async () => (await viaSurvivor.GetFromJsonAsync<JsonElement>($"/api/cases/{caseId}/agreements")).GetProperty("rates"),
                r => r.GetProperty("made").GetInt32() >= 2, seconds: 30);
            (rates.GetProperty("made").GetInt32(), rates.GetProperty("achieved").GetInt32()).ShouldBe((2, 1));
        }
        finally
        {
            foreach (var node in new[] { a, b }.Where(n => !n.HasExited)) { node.Kill(entireProcessTree: true); await node.WaitForExitAsync(); }
        }
    }

    private static HttpClient Client(int port)
    {
        var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
        http.DefaultRequestHeaders.Authorization = new("Bearer", AppFixture.Token(sub: "p-anna", team: "noord"));
        return http;
    }

    private static async Task<Guid> OpenCase(HttpClient http)
    {
        var opened = await http.PostAsJsonAsync("/api/cases", new
        {
            clientReference = "NODES-1", clientName = "Fam. Twee Knopen", kind = "adult", teamId = "noord",
            openedOn = AppFixture.Today.AddDays(-200).ToString("yyyy-MM-dd"), checkInMoments = new { intervalMonths = 3 },
        });
        opened.StatusCode.ShouldBe(System.Net.HttpStatusCode.Created, await opened.Content.ReadAsStringAsync());
        return (await opened.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
    }

    private static async Task RecordCheckIn(HttpClient http, Guid caseId, int number)
    {
        var agreements = (await http.GetFromJsonAsync<JsonElement>($"/api/cases/{caseId}")).GetProperty("openAgreements").EnumerateArray()
            .Select(a => new { agreementId = a.GetProperty("agreementId").GetGuid(), outcome = "achieved" }).ToArray();
        var heldOn = AppFixture.Today.AddDays(-100 + 30 * number);
        var answer = await http.PostAsJsonAsync($"/api/cases/{caseId}/check-ins", new
        {
            checkInId = Guid.NewGuid(), heldOn = heldOn.ToString("yyyy-MM-dd"),
            respondents = new object[]
            {
                new { respondentId = "client", side = "client", role = "client" },
                new { respondentId = "pro", side = "professional", role = "professional" },
            },
            scores = new[] { "client", "pro" }.SelectMany(r => new[] { "omgang", "luisteren", "contact", "gezinsplan", "afspraken" }
                .Select(q => new { respondentId = r, question = q, value = 6.5 })).ToArray(),
            reviews = agreements,
            agreement = new { what = "Samen koken op zondag", who = "cliënt", byWhen = heldOn.AddDays(30).ToString("yyyy-MM-dd"), howWeKnow = "Foto van het eten" },
        });
        answer.StatusCode.ShouldBe(System.Net.HttpStatusCode.Created, await answer.Content.ReadAsStringAsync());
    }

    private static async Task<int> TrendCheckIns(HttpClient http, Guid caseId) =>
        (await http.GetFromJsonAsync<JsonElement>($"/api/cases/{caseId}/trends")).GetProperty("checkIns").GetArrayLength();

    /// <summary>Shard name → the node number Wolverine assigned it to.</summary>
    private static async Task<Dictionary<string, int>> Assignments()
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("""
            select a.id, n.node_number from wolverine.wolverine_node_assignments a join wolverine.wolverine_nodes n on n.id = a.node_id
            where a.id like 'event-subscriptions://%'
            """, connection);
        var shards = new Dictionary<string, int>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync()) shards[reader.GetString(0).Split('/')[^2]] = reader.GetInt32(1);
        return shards;
    }

    /// <summary>The node numbers of the registered instances.</summary>
    private static async Task<List<int>> NodeNumbers()
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("select node_number from wolverine.wolverine_nodes", connection);
        var nodes = new List<int>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync()) nodes.Add(reader.GetInt32(0));
        return nodes;
    }

    private static async Task FreshDatabase()
    {
        await using var connection = new NpgsqlConnection(AppFixture.ConnectionString);
        await connection.OpenAsync();
        await using var drop = new NpgsqlCommand($"drop database if exists {Database} with (force)", connection);
        await drop.ExecuteNonQueryAsync();
        await using var create = new NpgsqlCommand($"create database {Database}", connection);
        await create.ExecuteNonQueryAsync();
    }
}
