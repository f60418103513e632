using System.Text.Json;
using Alba;
using Marten;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using SamenSterker.AnswerLinks;
using SamenSterker.Audit;
using SamenSterker.Tests.Support;
using Shouldly;

namespace SamenSterker.Tests.AnswerLinks;

/// <summary>A link is a key to one thing (issue 22): one person, one check-in, once, for a while, withdrawable, stored hashed.</summary>
public sealed class AnswerLinkTests(AppFixture app) : ApiTest(app)
{
    private static object LinkFor(Guid checkInId, string respondentId = "r1", string name = "moeder", string role = "parent") =>
        new { checkInId, respondentId, name, role };

    private async Task<(Guid LinkId, string Secret, JsonElement Answer)> Link(Guid caseId, Guid checkInId, string respondentId = "r1")
    {
        var created = (await Host.Send(HttpMethod.Post, $"/api/cases/{caseId}/answer-links", LinkFor(checkInId, respondentId), expect: 201)).Json();
        var url = created.GetProperty("url").GetString()!;
        return (created.GetProperty("linkId").GetGuid(), url[(url.LastIndexOf('/') + 1)..], created);
    }

    private static object Answers(double value = 4.5) => new
    {
        answers = CaseApi.Questions.Select(q => new { question = q, value, mostSatisfied = "Dat ze echt luistert", leastSatisfied = "Het duurt lang" }),
    };

    private Task<IScenarioResult> Answer(string secret, object? body = null, int? expect = null) =>
        Host.Send(HttpMethod.Post, $"/api/answer-links/{secret}/answers", body ?? Answers(), token: "", expect: expect);

    [Fact]
    public async Task a_person_answers_on_their_own_phone_and_the_saved_check_in_takes_their_answers_in()
    {
        var caseId = await Host.OpenCase();
        var checkInId = Guid.NewGuid();
        var (linkId, secret, created) = await Link(caseId, checkInId);
        created.GetProperty("url").GetString().ShouldContain("/a/");
        created.GetProperty("qrSvg").GetString().ShouldStartWith("<svg");
        secret.Length.ShouldBe(43);

        // Stored hashed: no table holds the secret.
        await using (var connection = new NpgsqlConnection(AppFixture.ConnectionString))
        {
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand("select count(*) from samensterker.mt_doc_answerlink where data::text like '%' || $1 || '%'", connection);
            command.Parameters.Add(new NpgsqlParameter { Value = secret });
            ((long)(await command.ExecuteScalarAsync())!).ShouldBe(0);
        }

        // The professional's screen sees that the link is open, not yet answered.
        var before = (await Host.Get($"/api/cases/{caseId}/answer-links?checkInId={checkInId}")).EnumerateArray().Single();
        before.GetProperty("state").GetString().ShouldBe("open");
        before.GetProperty("answers").ValueKind.ShouldBe(JsonValueKind.Null);

        await Answer(secret, expect: 204);
        (await Answer(secret, expect: 409)).Json().GetProperty("detail").GetString().ShouldBe("Je antwoorden zijn al verstuurd. Dank je wel!");
        var after = (await Host.Get($"/api/cases/{caseId}/answer-links?checkInId={checkInId}")).EnumerateArray().Single();
        after.GetProperty("state").GetString().ShouldBe("answered");
        after.GetProperty("answers").GetArrayLength().ShouldBe(5);

        // The check-in names the link for the mother and sends no scores of hers: the service takes them from the link.
        var body = CaseApi.CheckIn(checkInId: checkInId, heldOn: AppFixture.Today.ToString("yyyy-MM-dd"));
        body["respondents"] = new object[]
        {
            new { respondentId = "r1", side = "client", role = "parent", label = "moeder", answerLinkId = linkId },
            new { respondentId = "r2", side = "client", role = "child", label = "Sem", form = "smiley" },
            new { respondentId = "pro", side = "professional", role = "professional" },
        };
        body["scores"] = ((List<object>)body["scores"]!).Where(s => JsonSerializer.SerializeToElement(s).GetProperty("respondentId").GetString() != "r1").ToList();
        var saved = (await Host.Send(HttpMethod.Post, $"/api/cases/{caseId}/check-ins", body, expect: 201)).Json();
        // A retry of the same request is the same check-in.
        (await Host.Send(HttpMethod.Post, $"/api/cases/{caseId}/check-ins", body, expect: 201)).Json().GetProperty("version").GetInt64()
            .ShouldBe(saved.GetProperty("version").GetInt64());

        await using var session = Host.Services.GetRequiredService<IDocumentStore>().QuerySession();
        var events = await session.Events.FetchStreamAsync(caseId);
        var mothers = events.Select(e => e.Data).OfType<SamenSterker.CheckIns.ScoreGiven>().Where(s => s.RespondentId == "r1").ToList();
        mothers.Count.ShouldBe(5);
        mothers.ShouldAllBe(s => s.Value == 4.5 && s.MostSatisfied == "Dat ze echt luistert");
        events.Select(e => e.Data).OfType<SamenSterker.CheckIns.CheckInHeld>().Single().Respondents.Single(r => r.RespondentId == "r1").OnOwnPhone.ShouldBe(true);
        var link = await session.LoadAsync<AnswerLink>(linkId);
        link!.UsedAt.ShouldNotBeNull();
        link.Answers.ShouldBeEmpty(); // in the check-in now, no longer kept with the link

        // After the check-in is saved, the link answers no more and no new link is made for it.
        (await Answer(secret, expect: 409)).ShouldNotBeNull();
        await Host.Send(HttpMethod.Post, $"/api/cases/{caseId}/answer-links", LinkFor(checkInId, "r2"), expect: 409);
    }

    [Fact]
    public async Task an_unknown_expired_or_withdrawn_link_says_so_and_nothing_about_a_case()
    {
        var caseId = await Host.OpenCase();
        var checkInId = Guid.NewGuid();

        var unknown = (await Answer(new string('a', 43), expect: 404)).Json();
        unknown.GetProperty("detail").GetString().ShouldBe("Deze link werkt niet. Vraag de hulpverlener om een nieuwe.");
        await Answer("kort", expect: 404);

        var (withdrawnId, withdrawn, _) = await Link(caseId, checkInId, "r1");
        await Host.Send(HttpMethod.Delete, $"/api/cases/{caseId}/answer-links/{withdrawnId}", expect: 204);
        (await Answer(withdrawn, expect: 410)).Json().GetProperty("detail").GetString()!.ShouldContain("ingetrokken");

        var (expiredId, expired, _) = await Link(caseId, checkInId, "r2");
        await using (var session = Host.Services.GetRequiredService<IDocumentStore>().LightweightSession())
        {
            var link = await session.LoadAsync<AnswerLink>(expiredId);
            link!.ExpiresAt = App.Clock.GetUtcNow().AddMinutes(-1);
            session.Store(link);
            await session.SaveChangesAsync();
        }
        (await Answer(expired, expect: 410)).Json().GetProperty("detail").GetString()!.ShouldContain("verlopen");

        // English for a person who chose it.
        var english = await Host.Scenario(s =>
        {
            s.WithRequestHeader("Cookie", "samensterker-taal=en");
            s.Post.Json(Answers(), JsonStyle.MinimalApi).ToUrl($"/api/answer-links/{expired}/answers");
            s.StatusCodeShouldBe(410);
        });
        english.Json().GetProperty("detail").GetString()!.ShouldContain("expired");
        // The page says it in words, with the status, and names no case.
        var page = await Host.Send(HttpMethod.Get, $"/a/{expired}?taal=en", token: "", expect: 410);
        page.ReadAsText().ShouldContain("This link has expired.");
        page.ReadAsText().ShouldNotContain("C-2");

        // Answers that miss a question or a mark are refused, per field.
        var (_, open, _) = await Link(caseId, checkInId, "r3");
        (await Answer(open, new { answers = CaseApi.Questions.Take(4).Select(q => new { question = q, value = 5.0 }) }, expect: 400)).ShouldNameField("answers");
        (await Answer(open, new { answers = CaseApi.Questions.Select(q => new { question = q }) }, expect: 400)).ShouldNameField("answers[0].value");
    }

    [Fact]
    public async Task a_link_of_another_check_in_or_case_is_not_taken_in_and_only_who_may_record_makes_one()
    {
        var caseId = await Host.OpenCase();
        var other = await Host.OpenCase();
        var (linkId, secret, _) = await Link(other, Guid.NewGuid());
        await Answer(secret, expect: 204);

        var body = CaseApi.CheckIn(heldOn: AppFixture.Today.ToString("yyyy-MM-dd"));
        body["respondents"] = new object[]
        {
            new { respondentId = "r1", side = "client", role = "parent", label = "moeder", answerLinkId = linkId },
            new { respondentId = "r2", side = "client", role = "child", label = "Sem", form = "smiley" },
            new { respondentId = "pro", side = "professional", role = "professional" },
        };
        (await Host.Send(HttpMethod.Post, $"/api/cases/{caseId}/check-ins", body, expect: 400)).ShouldNameField("respondents[0].answerLinkId");

        // Another team's professional, an auditor: no link.
        await Host.Send(HttpMethod.Post, $"/api/cases/{caseId}/answer-links", LinkFor(Guid.NewGuid()), token: AppFixture.Token(sub: "p-zara", team: "zuid"), expect: 404);
        await Host.Send(HttpMethod.Post, $"/api/cases/{caseId}/answer-links", LinkFor(Guid.NewGuid()), token: AppFixture.Token("auditor", "a-ada", null), expect: 403);
        (await Host.Send(HttpMethod.Post, $"/api/cases/{caseId}/answer-links", new { checkInId = Guid.NewGuid(), respondentId = "r1", role = "professional", name = "x" }, expect: 400))
            .ShouldNameField("role");
    }

    [Fact]
    public async Task each_use_of_a_link_is_in_the_access_log_under_its_person_and_no_log_holds_the_secret()
    {
        var caseId = await Host.OpenCase();
        var (linkId, secret, _) = await Link(caseId, Guid.NewGuid());
        await Host.Send(HttpMethod.Get, $"/a/{secret}", token: "", expect: 200);
        await Answer(secret, expect: 204);
        await Wait.Until(() => Task.FromResult(Host.Services.GetRequiredService<AccessLogWriter>().Pending), n => n == 0, seconds: 10);

        await using var session = Host.Services.GetRequiredService<IDocumentStore>().QuerySession();
        var person = (await session.LoadAsync<AnswerLink>(linkId))!.PersonId;
        var log = (await Host.Get($"/api/audit/access-log?case={caseId}", "auditor")).GetProperty("items").EnumerateArray()
            .Where(e => e.GetProperty("userId").GetString() == $"person:{person}").ToList();
        log.Select(e => e.GetProperty("method").GetString()).ShouldBe(["GET", "POST"]);
        log.ShouldAllBe(e => !e.GetProperty("path").GetString()!.Contains(secret));
        var shortened = secret[..6] + "…";
        log.ShouldAllBe(e => e.GetProperty("path").GetString()!.Contains(shortened));

        await using var connection = new NpgsqlConnection(AppFixture.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"select count(*) from {AccessLog.Table} where path like '%' || $1 || '%'", connection);
        command.Parameters.Add(new NpgsqlParameter { Value = secret });
        ((long)(await command.ExecuteScalarAsync())!).ShouldBe(0);
    }
    [Fact]
    public async Task a_link_sent_ahead_lasts_two_days_and_an_address_that_is_not_one_is_refused_by_name()
    {
        var caseId = await Host.OpenCase();
        var checkInId = Guid.NewGuid();
        (await Host.Send(HttpMethod.Post, $"/api/cases/{caseId}/answer-links",
            new { checkInId, respondentId = "r1", name = "moeder", role = "parent", sendTo = "geen adres" }, expect: 400)).ShouldNameField("sendTo");
        (await Host.Send(HttpMethod.Post, $"/api/cases/{caseId}/answer-links",
            new { checkInId, respondentId = "r1", name = "moeder", role = "parent", validForMinutes = 49 * 60 }, expect: 400)).ShouldNameField("validForMinutes");

        // No mail server here: the link is made, and the answer says the e-mail did not go (the page says to copy the link).
        var created = (await Host.Send(HttpMethod.Post, $"/api/cases/{caseId}/answer-links",
            new { checkInId, respondentId = "r1", name = "moeder", role = "parent", validForMinutes = 48 * 60, sendTo = "sanne@example.org" }, expect: 201)).Json();
        created.GetProperty("emailed").GetBoolean().ShouldBeFalse();
        created.GetProperty("expiresAt").GetDateTimeOffset().ShouldBe(App.Clock.GetUtcNow().AddHours(48));
        await using var connection = new NpgsqlConnection(AppFixture.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("select count(*) from samensterker.mt_doc_answerlink where data::text like '%sanne@example.org%'", connection);
        ((long)(await command.ExecuteScalarAsync())!).ShouldBe(0); // the address is never kept
    }

    [Fact]
    public async Task links_expired_longer_than_answers_are_kept_are_cleared_away_with_what_they_held()
    {
        var caseId = await Host.OpenCase();
        var (linkId, secret, _) = await Link(caseId, Guid.NewGuid());
        await Answer(secret, expect: 204);
        var store = Host.Services.GetRequiredService<IDocumentStore>();
        var settings = new AnswerLinkSettings();

        // Expired (two hours) but not yet for the two days answers wait for their check-in: kept.
        await ClearAwayOldLinks.Sweep(store, App.Clock.GetUtcNow().AddDays(1), settings, default);
        await using (var session = store.QuerySession())
            (await session.LoadAsync<AnswerLink>(linkId)).ShouldNotBeNull();

        (await ClearAwayOldLinks.Sweep(store, App.Clock.GetUtcNow().AddDays(3), settings, default)).ShouldBeGreaterThanOrEqualTo(1);
        await using (var session = store.QuerySession())
            (await session.LoadAsync<AnswerLink>(linkId)).ShouldBeNull();
        await Answer(secret, expect: 404); // and the link is simply unknown now
    }
}

/// <summary>The link e-mailed the day before, through a mail server of the test's own (the reminder hosts' database).</summary>
public sealed class AnswerLinkByEmailTests
{
    [Fact]
    public async Task the_link_is_emailed_to_the_person_naming_them_and_the_professional_and_not_the_case()
    {
        await using var smtp = new SmtpReceiver();
        await using var host = await ReminderHosts.Start(new()
        {
            ["Smtp:Host"] = "127.0.0.1", ["Smtp:Port"] = smtp.Port.ToString(), ["Smtp:From"] = "samensterker@example.org",
            ["AnswerLinks:PerMinute"] = "4",
        });
        var anna = ReminderHosts.NewUser();
        var caseId = await host.OpenCase(anna, firstOn: ReminderHosts.Today.AddDays(1));
        var created = await host.Scenario(s =>
        {
            s.WithBearerToken(ReminderHosts.Token(anna));
            s.Post.Json(new { checkInId = Guid.NewGuid(), respondentId = "c1", name = "Sanne", role = "parent", validForMinutes = 48 * 60,
                sendTo = "sanne@example.org" }, JsonStyle.MinimalApi).ToUrl($"/api/cases/{caseId}/answer-links");
            s.StatusCodeShouldBe(201);
        });
        var link = created.Json();
        link.GetProperty("emailed").GetBoolean().ShouldBeTrue();

        smtp.Messages.Count.ShouldBe(1);
        var (_, to, data) = smtp.Messages.Single();
        to.ShouldBe(["<sanne@example.org>"]);
        var text = MimeKit.MimeMessage.Load(new MemoryStream(System.Text.Encoding.UTF8.GetBytes(data))).TextBody;
        text.ShouldContain("Hoi Sanne");
        text.ShouldContain(link.GetProperty("url").GetString()!);
        text.ShouldContain("maar één keer");
        text.ShouldNotContain("Fam. Verborgen"); // nothing of the case
        await using var session = host.Services.GetRequiredService<IDocumentStore>().QuerySession();
        (await session.LoadAsync<AnswerLink>(link.GetProperty("linkId").GetGuid()))!.EmailedAt.ShouldNotBeNull();

        // Tries are limited per address and minute (4 here): the page and the answers' endpoint share the limit, and the
        // refusal says so in words, with when to try again.
        var secret = link.GetProperty("url").GetString()!.Split('/')[^1];
        for (var i = 0; i < 3; i++) await host.Send(HttpMethod.Get, $"/a/{new string('x', 43)}", token: "", expect: 404);
        await host.Send(HttpMethod.Get, $"/a/{secret}", token: "", expect: 200);
        var page = await host.Send(HttpMethod.Get, $"/a/{secret}", token: "", expect: 429);
        page.Context.Response.Headers.RetryAfter.ToString().ShouldBe("60");
        page.ReadAsText().ShouldContain("Te vaak geprobeerd. Wacht een minuut en probeer het opnieuw.");
        var api = await host.Send(HttpMethod.Post, $"/api/answer-links/{secret}/answers", new { answers = Array.Empty<object>() }, token: "", expect: 429);
        api.Json().GetProperty("status").GetInt32().ShouldBe(429);
    }
}
