using System.Text;
using Alba;
using SamenSterker.Tests.Support;
using Shouldly;

namespace SamenSterker.Tests.Cases;

public sealed class OpeningACaseTests(AppFixture app) : ApiTest(app)
{
    [Fact]
    public async Task opening_a_case_answers_201_with_location_etag_and_version_1()
    {
        var result = await Host.Send(HttpMethod.Post, "/api/cases", CaseApi.NewCase(), expect: 201);

        var id = result.Json().GetProperty("id").GetGuid();
        result.Json().GetProperty("version").GetInt64().ShouldBe(1);
        result.Context.Response.Headers.Location.ToString().ShouldBe($"/api/cases/{id}");
        result.ETag().ShouldBe("\"1\"");
    }

    [Fact]
    public async Task the_opened_case_reads_back_with_its_moments_and_next_due_date()
    {
        var id = await Host.OpenCase(CaseApi.NewCase(firstOn: "2026-12-01"));

        var c = await Host.GetCase(id);

        c.GetProperty("clientReference").GetString().ShouldBe("C-1001");
        c.GetProperty("clientName").GetString().ShouldBe("Fam. Jansen");
        c.GetProperty("kind").GetString().ShouldBe("family");
        c.GetProperty("teamId").GetString().ShouldBe("noord");
        c.GetProperty("roles").GetProperty("casusregie").GetString().ShouldBe("p-anna");
        c.GetProperty("checkInMoments").GetProperty("intervalMonths").GetInt32().ShouldBe(3);
        c.GetProperty("checkInMoments").GetProperty("onNewFamilyPlan").GetBoolean().ShouldBeTrue();
        c.GetProperty("nextCheckInDue").GetString().ShouldBe("2026-12-01");
        c.GetProperty("openAgreements").GetArrayLength().ShouldBe(0);
        c.GetProperty("steunkring").GetProperty("members").GetArrayLength().ShouldBe(0);
        c.GetProperty("closed").GetBoolean().ShouldBeFalse();
        c.GetProperty("version").GetInt64().ShouldBe(1);
    }

    [Fact]
    public async Task casusregie_defaults_to_the_caller_and_moments_to_every_three_months()
    {
        var id = await Host.OpenCase(new { clientReference = "C-7", clientName = "Piet", kind = "adult", teamId = "noord" });

        var c = await Host.GetCase(id);

        c.GetProperty("roles").GetProperty("casusregie").GetString().ShouldBe("p-anna");
        c.GetProperty("checkInMoments").GetProperty("intervalMonths").GetInt32().ShouldBe(3);
        c.GetProperty("openedOn").GetString().ShouldBe("2026-11-23");
        c.GetProperty("nextCheckInDue").GetString().ShouldBe("2027-02-23");
        c.GetProperty("nextCheckInReason").GetString().ShouldBe("interval");
    }

    [Fact]
    public async Task a_case_without_required_fields_is_refused_naming_each_field()
    {
        var result = await Host.Send(HttpMethod.Post, "/api/cases", new { kind = "adult" }, expect: 400);

        result.ShouldNameField("clientReference");
        result.ShouldNameField("clientName");
        result.ShouldNameField("teamId");
    }

    [Fact]
    public async Task an_unknown_kind_is_refused_with_the_allowed_values()
    {
        var body = new { clientReference = "C-1", clientName = "X", kind = "household", teamId = "noord" };

        var result = await Host.Send(HttpMethod.Post, "/api/cases", body, expect: 400);

        result.ShouldNameField("kind");
        result.ReadAsText().ShouldContain("adult, child, family");
    }

    [Fact]
    public async Task an_interval_of_thirteen_months_is_refused()
    {
        var body = new { clientReference = "C-1", clientName = "X", kind = "adult", teamId = "noord", checkInMoments = new { intervalMonths = 13 } };

        (await Host.Send(HttpMethod.Post, "/api/cases", body, expect: 400)).ShouldNameField("checkInMoments.intervalMonths");
    }

    [Fact]
    public async Task an_opening_date_in_the_future_is_refused()
    {
        (await Host.Send(HttpMethod.Post, "/api/cases", CaseApi.NewCase(openedOn: "2026-11-24"), expect: 400)).ShouldNameField("openedOn");
    }

    [Fact]
    public async Task a_misspelt_field_is_refused_rather_than_silently_dropped()
    {
        var raw = """{"clientReference":"C-1","clientName":"X","kind":"adult","teamId":"noord","clientNmae":"Piet"}""";

        (await Host.Send(HttpMethod.Post, "/api/cases", rawJson: raw, expect: 400)).ShouldNameField("clientNmae");
    }

    [Fact]
    public async Task malformed_json_is_a_400_problem_not_a_500()
    {
        var result = await Host.Send(HttpMethod.Post, "/api/cases", rawJson: """{"clientReference": "C-1", """, expect: 400);

        result.Context.Response.ContentType!.ShouldStartWith("application/problem+json");
    }

    [Fact]
    public async Task a_date_that_is_not_a_date_names_the_field()
    {
        var raw = """{"clientReference":"C-1","clientName":"X","kind":"adult","teamId":"noord","openedOn":"23-11-2026"}""";

        var result = await Host.Send(HttpMethod.Post, "/api/cases", rawJson: raw, expect: 400);

        result.ShouldNameField("openedOn");
        result.ReadAsText().ShouldContain("YYYY-MM-DD");
    }

    [Fact]
    public async Task a_body_over_one_mebibyte_is_refused_with_413()
    {
        var big = "{\"clientName\":\"" + new string('x', 1024 * 1024 + 10) + "\"}";

        var result = await Host.Send(HttpMethod.Post, "/api/cases", rawJson: big, expect: 413);

        result.Context.Response.Headers.Connection.ToString().ShouldBe("close"); // the client's next request does not wait behind the unread body
        result.Context.Response.ContentType!.ShouldStartWith("application/problem+json");
    }

    [Fact]
    public async Task a_client_generated_case_id_cannot_open_a_second_case()
    {
        var caseId = Guid.NewGuid();
        var body = new { caseId, clientReference = "C-9", clientName = "X", kind = "child", teamId = "noord" };
        await Host.Send(HttpMethod.Post, "/api/cases", body, expect: 201);

        var again = await Host.Send(HttpMethod.Post, "/api/cases", body, expect: 409);

        again.Detail().ShouldContain(caseId.ToString());
    }

    [Fact]
    public async Task an_unknown_case_is_404()
    {
        var result = await Host.Send(HttpMethod.Get, $"/api/cases/{Guid.NewGuid()}", expect: 404);

        result.Context.Response.ContentType!.ShouldStartWith("application/problem+json");
    }

    [Fact]
    public async Task free_text_is_stored_exactly_as_given()
    {
        const string name = "<script>alert('x')</script>'; drop table mt_events; --";
        var id = await Host.OpenCase(new { clientReference = "C-2", clientName = name, kind = "adult", teamId = "noord" });

        (await Host.GetCase(id)).GetProperty("clientName").GetString().ShouldBe(name);
    }
}
