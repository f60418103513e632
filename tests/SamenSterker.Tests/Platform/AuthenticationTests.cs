using Microsoft.Extensions.Configuration;
using SamenSterker.Access;
using SamenSterker.Platform;
using SamenSterker.Tests.Support;
using Shouldly;

namespace SamenSterker.Tests.Platform;

public sealed class AuthenticationTests(AppFixture app) : ApiTest(app)
{
    [Fact]
    public async Task a_request_without_a_token_is_401()
    {
        await Host.Send(HttpMethod.Post, "/api/cases", CaseApi.NewCase(), token: "", expect: 401);
        await Host.Send(HttpMethod.Get, $"/api/cases/{Guid.NewGuid()}", token: "", expect: 401);
    }

    [Fact]
    public async Task a_token_signed_with_another_key_is_401()
    {
        var forged = DevTokens.Create(new AuthOptions { SigningKey = "another-key-another-key-another-key-123" }, "p-anna", Roles.Admin, "noord", null, TimeSpan.FromHours(1));

        await Host.Send(HttpMethod.Post, "/api/cases", CaseApi.NewCase(), token: forged, expect: 401);
    }

    [Fact]
    public async Task an_expired_token_is_401()
    {
        var expired = DevTokens.Create(new AuthOptions { SigningKey = AppFixture.SigningKey }, "p-anna", Roles.Professional, "noord", null, TimeSpan.FromMinutes(-10));

        await Host.Send(HttpMethod.Get, $"/api/cases/{Guid.NewGuid()}", token: expired, expect: 401);
    }

    [Theory]
    [InlineData(Roles.Auditor)]
    [InlineData(Roles.Analyst)]
    public async Task auditors_and_analysts_may_not_write(string role)
    {
        var caseId = await Host.OpenCase();

        var result = await Host.Send(HttpMethod.Post, $"/api/cases/{caseId}/check-ins", CaseApi.CheckIn(), token: AppFixture.Token(role), expect: 403);
        await Host.Send(HttpMethod.Post, "/api/cases", CaseApi.NewCase(), token: AppFixture.Token(role), expect: 403);

        result.Context.Response.ContentType!.ShouldStartWith("application/problem+json");
        (await Host.GetCase(caseId)).GetProperty("version").GetInt64().ShouldBe(1);
    }

    [Theory]
    [InlineData(Roles.TeamLead)]
    [InlineData(Roles.Admin)]
    public async Task team_leads_and_admins_do_not_open_cases(string role)
    {
        var result = await Host.Send(HttpMethod.Post, "/api/cases", CaseApi.NewCase(), token: AppFixture.Token(role), expect: 403);

        result.Context.Response.ContentType!.ShouldStartWith("application/problem+json");
    }

    [Fact]
    public async Task a_professional_opens_cases_for_their_own_team_only()
    {
        var result = await Host.Send(HttpMethod.Post, "/api/cases", CaseApi.NewCase(), token: AppFixture.Token(team: "zuid"), expect: 403);

        result.Detail().ShouldContain("own team (zuid)");
    }

    [Fact]
    public async Task analysts_may_not_read_case_content_but_auditors_may()
    {
        var caseId = await Host.OpenCase();

        await Host.Send(HttpMethod.Get, $"/api/cases/{caseId}", token: AppFixture.Token(Roles.Analyst), expect: 403);
        await Host.Send(HttpMethod.Get, $"/api/cases/{caseId}", token: AppFixture.Token(Roles.Auditor), expect: 200);
    }

    [Fact]
    public async Task a_token_with_an_unknown_role_is_403()
    {
        await Host.Send(HttpMethod.Get, $"/api/cases/{Guid.NewGuid()}", token: AppFixture.Token("visitor"), expect: 403);
    }

    [Fact]
    public void the_token_command_prints_one_token_alone()
    {
        var config = new Microsoft.Extensions.Configuration.ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["Auth:SigningKey"] = AppFixture.SigningKey, ["Auth:DevelopmentSignIn"] = "true" })
            .Build();
        var output = new StringWriter();
        var original = Console.Out;
        Console.SetOut(output);
        try
        {
            DevTokens.RunCommand(["token", "--sub", "p-anna", "--role", "professional", "--team", "noord"], config, "Development").ShouldBe(0);
        }
        finally
        {
            Console.SetOut(original);
        }

        var token = output.ToString().TrimEnd('\n');
        token.Split('.').Length.ShouldBe(3);
        token.ShouldNotContain("\n");
        var claims = new Microsoft.IdentityModel.JsonWebTokens.JsonWebToken(token);
        claims.Subject.ShouldBe("p-anna");
        claims.GetClaim("role").Value.ShouldBe("professional");
        claims.GetClaim("team").Value.ShouldBe("noord");
    }
}
